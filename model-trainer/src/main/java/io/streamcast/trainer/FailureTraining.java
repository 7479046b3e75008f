package io.streamcast.trainer;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.core.norm.Normalizer;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.Replay;
import io.streamcast.trainer.nn.GruModel;
import io.streamcast.trainer.nn.LstmModel;
import io.streamcast.trainer.nn.Parity;
import io.streamcast.trainer.nn.SequenceModel;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.Sequence;
import io.streamcast.trainer.prep.Split;
import java.time.Instant;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Failure models on run-to-failure data (e.g. C-MAPSS engines, one key each, the last row of a
 * key being its failure): remaining useful life regression ({@link Task#REGRESS}, RUL capped at
 * {@code cap}) or the binary "fails within N steps" classification ({@link Task#CLASSIFY},
 * softmax). Stateful like every streamcast model: one step per row of a key with the state carried,
 * so a key shorter than the window needs no padding (its forecasts are flagged as warming up).
 * Scores are measured on the validation keys by replaying them through the job's scorer.
 */
public final class FailureTraining {
    public static final String RUL = "rul";

    /** Inputs, task, RUL cap, "fails within" horizon for classification, warm-up window. */
    public record Spec(List<String> inputs, Task task, int cap, int failWithin, int window) {
        public String positiveClass() {
            return "fails<=" + failWithin;
        }

        public List<String> classes() {
            return List.of("healthy", positiveClass());
        }

        int outputs() {
            return task == Task.CLASSIFY ? 2 : 1;
        }
    }

    /**
     * Validation scores: RUL error (REGRESS) or binary classification quality (CLASSIFY, confusion
     * indexed [actual][predicted]), and the first validation key's target and prediction by row
     * (RUL, or the probability of the positive class) for the report.
     */
    public record Scores(long n, double rmse, double mae, double accuracy, double precision, double recall, double f1,
            double logLoss, long[][] confusion, double[] firstKeyActual, double[] firstKeyPredicted) {
    }

    public record Result(ModelBundle bundle, Training.History history, Scores validation, double parityMaxDiff) {
    }

    private final SeriesData data;
    private final Spec spec;
    private final Split split;
    private final int[] columns;
    private final Manifest.Normalization normalization;
    private final Normalizer normalizer;

    public FailureTraining(SeriesData data, Spec spec, Split split) {
        if (spec.task() == Task.FORECAST) {
            throw new IllegalArgumentException("FailureTraining trains REGRESS or CLASSIFY models");
        }
        this.data = data;
        this.spec = spec;
        this.split = split;
        this.columns = spec.inputs().stream().mapToInt(data::featureIndex).toArray();
        this.normalization = fit();
        this.normalizer = new Normalizer(manifest(CellType.LSTM, "probe", "0", Map.of(), Map.of()));
    }

    /** Remaining useful life of each row of a run-to-failure key, capped. */
    double[] rul(KeySeries s) {
        long last = s.ts()[s.length() - 1];
        double[] r = new double[s.length()];
        for (int t = 0; t < r.length; t++) {
            r[t] = Math.min(spec.cap(), last - s.ts()[t]);
        }
        return r;
    }

    private Manifest.Normalization fit() {
        Map<String, Manifest.FeatureStats> inputs = new LinkedHashMap<>();
        double rulSum = 0;
        double rulSq = 0;
        long n = 0;
        for (int i = 0; i < columns.length; i++) {
            double sum = 0;
            double sq = 0;
            long m = 0;
            for (Split.Part p : split.train()) {
                for (double[] row : p.series().values()) {
                    sum += row[columns[i]];
                    sq += row[columns[i]] * row[columns[i]];
                    m++;
                }
            }
            double mean = sum / m;
            double std = Math.sqrt(Math.max(sq / m - mean * mean, 0));
            inputs.put(spec.inputs().get(i), new Manifest.FeatureStats(mean, std > 1e-9 ? std : 1.0));
        }
        for (Split.Part p : split.train()) {
            for (double r : rul(p.series())) {
                rulSum += r;
                rulSq += r * r;
                n++;
            }
        }
        double mean = rulSum / n;
        double std = Math.sqrt(Math.max(rulSq / n - mean * mean, 1e-9));
        List<Double> outMean = spec.task() == Task.REGRESS ? List.of(mean) : List.of();
        List<Double> outStd = spec.task() == Task.REGRESS ? List.of(std) : List.of();
        return new Manifest.Normalization(Manifest.InputTransform.LEVEL, inputs, false, outMean, outStd);
    }

    private Sequence encode(Split.Part part) {
        KeySeries s = part.series();
        double[] rul = rul(s);
        float[][] x = new float[s.length()][columns.length];
        float[][] y = new float[s.length()][spec.outputs()];
        boolean[] mask = new boolean[s.length()];
        int[] row = new int[s.length()];
        double[] raw = new double[columns.length];
        for (int t = 0; t < s.length(); t++) {
            for (int i = 0; i < columns.length; i++) {
                raw[i] = s.values()[t][columns[i]];
            }
            normalizer.input(raw, null, x[t]);
            if (spec.task() == Task.REGRESS) {
                y[t][0] = normalizer.target(0, rul[t], raw);
            } else {
                y[t][rul[t] <= spec.failWithin() ? 1 : 0] = 1f;
            }
            mask[t] = t >= part.warmup();
            row[t] = t;
        }
        return new Sequence(x, y, mask, row);
    }

    public Result train(ForecastTraining.ModelSettings m, String modelId, String version) throws InvalidBundleException {
        List<Sequence> train = split.train().stream().map(this::encode).toList();
        List<Sequence> validation = split.validation().stream().map(this::encode).toList();
        boolean softmax = spec.task() == Task.CLASSIFY;
        SequenceModel model = m.cell() == CellType.LSTM
                ? new LstmModel(columns.length, m.hidden(), spec.outputs(), softmax, m.learningRate(), m.training().seed(), m.tbptt())
                : new GruModel(columns.length, m.hidden(), spec.outputs(), softmax, m.learningRate(), m.training().seed());
        Training.History history = Training.run(model, train, validation, m.training(), m.cell().name());
        RecurrentNetwork network = model.export();
        double parity = Parity.verify(model, network, validation);
        Map<String, String> params = new LinkedHashMap<>();
        params.put("hidden", java.util.Arrays.toString(m.hidden()));
        params.put("learningRate", Double.toString(m.learningRate()));
        params.put("learningRateDecay", Double.toString(m.training().learningRateDecay()));
        params.put("epochs", Integer.toString(m.training().epochs()));
        params.put("piece", Integer.toString(m.training().pieceLength()));
        if (m.cell() == CellType.LSTM) {
            params.put("tbptt", Integer.toString(m.tbptt()));
        }
        params.put("rulCap", Integer.toString(spec.cap()));
        params.put("failWithin", Integer.toString(spec.failWithin()));
        ModelBundle probe = ModelBundle.of(manifest(m.cell(), modelId, version, params, Map.of()), network);
        Scores scores = score(probe);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("parityMaxAbsDiff", parity);
        metrics.put("secondsPerEpoch", history.secondsPerEpoch());
        if (spec.task() == Task.REGRESS) {
            metrics.put("validation.rmse", scores.rmse());
            metrics.put("validation.mae", scores.mae());
        } else {
            metrics.put("validation.f1", scores.f1());
            metrics.put("validation.accuracy", scores.accuracy());
            metrics.put("validation.logLoss", scores.logLoss());
        }
        return new Result(ModelBundle.of(manifest(m.cell(), modelId, version, params, metrics), network), history, scores,
                parity);
    }

    private Manifest manifest(CellType cell, String modelId, String version, Map<String, String> params,
            Map<String, Double> metrics) {
        Manifest.OutputSpec out = spec.task() == Task.REGRESS
                ? new Manifest.OutputSpec(List.of(RUL), 1, null, null)
                : new Manifest.OutputSpec(null, 1, spec.classes(), spec.positiveClass());
        return new Manifest(Manifest.FORMAT_VERSION, modelId, version, Instant.now(), spec.task(), cell, spec.inputs(), out,
                spec.window(), normalization, null, new Manifest.TrainingInfo(data.source(), data.sha256(), params, metrics),
                null, null);
    }

    /** Validation keys replayed through the job's scorer; every row after the key's warm-up counts. */
    private Scores score(ModelBundle bundle) {
        long n = 0;
        double se = 0;
        double ae = 0;
        double logLoss = 0;
        long[][] confusion = new long[2][2];
        ScoringConfig config = ScoringConfig.defaults().withGapFactor(0).withWarmupEvents(spec.window());
        double[] firstActual = null;
        double[] firstPredicted = null;
        for (Split.Part p : split.validation()) {
            List<Outcome> outcomes = Replay.run(bundle, config, p.series(), spec.inputs(), columns);
            double[] rul = rul(p.series());
            if (firstActual == null) {
                int rows = outcomes.size() - p.warmup();
                firstActual = new double[rows];
                firstPredicted = new double[rows];
                for (int t = p.warmup(); t < outcomes.size(); t++) {
                    Forecast f = outcomes.get(t).forecast();
                    firstActual[t - p.warmup()] = spec.task() == Task.REGRESS ? rul[t] : rul[t] <= spec.failWithin() ? 1 : 0;
                    firstPredicted[t - p.warmup()] = f.forecast().get(spec.task() == Task.REGRESS ? RUL : spec.positiveClass())[0];
                }
            }
            for (int t = p.warmup(); t < outcomes.size(); t++) {
                Forecast f = outcomes.get(t).forecast();
                n++;
                if (spec.task() == Task.REGRESS) {
                    double e = f.forecast().get(RUL)[0] - rul[t];
                    se += e * e;
                    ae += Math.abs(e);
                } else {
                    double prob = f.forecast().get(spec.positiveClass())[0];
                    int actual = rul[t] <= spec.failWithin() ? 1 : 0;
                    confusion[actual][prob >= 0.5 ? 1 : 0]++;
                    logLoss -= Math.log(Math.max(1e-7, actual == 1 ? prob : 1 - prob));
                }
            }
        }
        double tp = confusion[1][1];
        double fp = confusion[0][1];
        double fn = confusion[1][0];
        double precision = tp + fp == 0 ? 0 : tp / (tp + fp);
        double recall = tp + fn == 0 ? 0 : tp / (tp + fn);
        return new Scores(n, Math.sqrt(se / n), ae / n, (confusion[0][0] + tp) / (double) n, precision, recall,
                precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall), logLoss / n, confusion,
                firstActual, firstPredicted);
    }

}
