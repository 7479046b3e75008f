package io.streamcast.trainer.prep;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.norm.Normalizer;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits normalisation statistics on the training split and turns series into model sequences
 * through model-core's {@link Normalizer}, the class the job uses on live events.
 */
public final class SequenceEncoder {
    private final ForecastSpec spec;
    private final int[] columns;
    private final int[] targetColumns;
    private final Manifest.Normalization normalization;
    private final Normalizer normalizer;

    private SequenceEncoder(ForecastSpec spec, int[] columns, int[] targetColumns, Manifest.Normalization n,
            Normalizer normalizer) {
        this.spec = spec;
        this.columns = columns;
        this.targetColumns = targetColumns;
        this.normalization = n;
        this.normalizer = normalizer;
    }

    /**
     * Fits on the training parts: input means and standard deviations (of values, or of one-step
     * differences in DELTA mode) and, per output unit, those of its label quantity.
     */
    public static SequenceEncoder fit(ForecastSpec spec, SeriesData data, List<Split.Part> train,
            java.util.function.Function<Manifest.Normalization, Normalizer> normalizerFor) {
        int[] columns = spec.inputs().stream().mapToInt(data::featureIndex).toArray();
        int[] targets = spec.targets().stream().mapToInt(t -> spec.inputs().indexOf(t)).toArray();
        boolean delta = spec.transform() == Manifest.InputTransform.DELTA;
        RunningStats[] in = RunningStats.array(columns.length);
        RunningStats[] out = RunningStats.array(spec.outputs());
        for (Split.Part p : train) {
            double[][] raw = rows(p.series(), columns);
            for (int t = 0; t < raw.length; t++) {
                if (delta && t == 0) {
                    continue;
                }
                for (int i = 0; i < columns.length; i++) {
                    in[i].add(delta ? raw[t][i] - raw[t - 1][i] : raw[t][i]);
                }
                for (int h = 1; h <= spec.horizon() && t + h < raw.length; h++) {
                    for (int i = 0; i < targets.length; i++) {
                        double v = raw[t + h][targets[i]] - (spec.relativeToLast() ? raw[t][targets[i]] : 0);
                        out[(h - 1) * targets.length + i].add(v);
                    }
                }
            }
        }
        Map<String, Manifest.FeatureStats> inputs = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            inputs.put(spec.inputs().get(i), new Manifest.FeatureStats(in[i].mean(), in[i].std()));
        }
        List<Double> outMean = new ArrayList<>();
        List<Double> outStd = new ArrayList<>();
        for (RunningStats s : out) {
            outMean.add(s.mean());
            outStd.add(s.std());
        }
        Manifest.Normalization n = new Manifest.Normalization(spec.transform(), inputs, spec.relativeToLast(), outMean, outStd);
        return new SequenceEncoder(spec, columns, targets, n, normalizerFor.apply(n));
    }

    public Manifest.Normalization normalization() {
        return normalization;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public ForecastSpec spec() {
        return spec;
    }

    /** The part's rows restricted to the model's inputs, in model order. */
    public double[][] raw(KeySeries s) {
        return rows(s, columns);
    }

    /** Column of target {@code i} within {@link #raw} rows. */
    public int targetColumn(int i) {
        return targetColumns[i];
    }

    /** Model steps of a part: the first row of a DELTA series only sets the baseline, as in the job. */
    public Sequence encode(Split.Part part) {
        double[][] raw = raw(part.series());
        boolean delta = spec.transform() == Manifest.InputTransform.DELTA;
        int first = delta ? 1 : 0;
        int steps = Math.max(0, raw.length - first);
        float[][] x = new float[steps][columns.length];
        float[][] y = new float[steps][spec.outputs()];
        boolean[] mask = new boolean[steps];
        int[] row = new int[steps];
        for (int s = 0; s < steps; s++) {
            int t = s + first;
            row[s] = t;
            normalizer.input(raw[t], delta ? raw[t - 1] : null, x[s]);
            boolean complete = t + spec.horizon() < raw.length;
            mask[s] = complete && t >= part.warmup();
            if (complete) {
                for (int h = 1; h <= spec.horizon(); h++) {
                    for (int i = 0; i < targetColumns.length; i++) {
                        int k = (h - 1) * targetColumns.length + i;
                        y[s][k] = normalizer.target(k, raw[t + h][targetColumns[i]], raw[t]);
                    }
                }
            }
        }
        return new Sequence(x, y, mask, row);
    }

    public List<Sequence> encode(List<Split.Part> parts) {
        return parts.stream().map(this::encode).filter(s -> s.length() > 0).toList();
    }

    private static double[][] rows(KeySeries s, int[] columns) {
        double[][] out = new double[s.length()][columns.length];
        for (int t = 0; t < s.length(); t++) {
            for (int i = 0; i < columns.length; i++) {
                out[t][i] = s.values()[t][columns[i]];
            }
        }
        return out;
    }
}
