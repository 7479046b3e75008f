package io.streamcast.trainer;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.NetworkState;
import io.streamcast.core.nn.NetworkStepper;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.core.norm.Normalizer;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.trainer.data.KeySeries;
import io.streamcast.trainer.data.SeriesData;
import io.streamcast.trainer.eval.ErrorMetrics;
import io.streamcast.trainer.eval.Replay;
import io.streamcast.trainer.nn.GruModel;
import io.streamcast.trainer.nn.LstmModel;
import io.streamcast.trainer.nn.Parity;
import io.streamcast.trainer.nn.SequenceModel;
import io.streamcast.trainer.nn.Training;
import io.streamcast.trainer.prep.ForecastSpec;
import io.streamcast.trainer.prep.Segments;
import io.streamcast.trainer.prep.Sequence;
import io.streamcast.trainer.prep.SequenceEncoder;
import io.streamcast.trainer.prep.Split;
import io.streamcast.trainer.prep.Windows;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains one forecaster end to end: fit, export to model-core, verify that model-core's cells
 * reproduce the framework's outputs (max |Δ| ≤ {@link Parity#BOUND} or the export fails),
 * calibrate the anomaly scorer on validation residuals, and measure the test split by replaying
 * it through the job's scoring path, beside persistence and seasonal-naive baselines.
 */
public final class ForecastTraining {

    /**
     * How the model sees a key's history. STATEFUL (what the job runs): one step per row, the state
     * carried along. WINDOWED (for benchmarks defined on a fixed input window, e.g. ETTh1's 96):
     * every forecast re-runs the last {@code window} rows from a zero state (LEVEL inputs taken
     * relative to the window's last row); trained on such windows, measured the same way with
     * model-core's cells, and not exported, because the job scores statefully.
     */
    public enum Protocol { STATEFUL, WINDOWED }

    /** Model size and optimisation. */
    public record ModelSettings(CellType cell, int[] hidden, double learningRate, int tbptt, Training.Settings training) {
    }

    /** Test error of one forecaster or baseline, per target, averaged over the horizon. */
    public record Scores(String name, Map<String, ErrorMetrics> byTarget) {
    }

    /**
     * A trained, verified and calibrated model with its scores, and what the report plots: the
     * first target's one-step forecast against the actual over (up to 2,000 rows of) the first test
     * key, and its validation residuals with the calibrated residual scale (value units).
     */
    public record Result(ModelBundle bundle, Training.History history, Scores test, double parityMaxDiff,
            double[] testActual, double[] testForecast, double[] validationResiduals, double residualScale) {
    }

    private static final int TRACE_ROWS = 2_000;
    /** Windows the export check of a windowed model compares (evenly spaced; a DL4J call each). */
    private static final int PARITY_WINDOWS = 128;

    private final SeriesData data;
    private final ForecastSpec spec;
    private final Split split;
    private final SequenceEncoder encoder;
    private final ScoringConfig scoring;
    private final double gapFactor;
    private final Protocol protocol;

    public ForecastTraining(SeriesData data, ForecastSpec spec, Split split, double gapFactor, Protocol protocol) {
        this.data = data;
        this.protocol = protocol;
        this.spec = spec;
        this.split = split;
        this.gapFactor = gapFactor;
        this.scoring = ScoringConfig.defaults().withGapFactor(gapFactor).withWarmupEvents(spec.window());
        this.encoder = SequenceEncoder.fit(spec, data, split.train(), n -> new Normalizer(draft(n, CellType.LSTM,
                "probe", "0", null, Map.of(), Map.of())));
    }

    public SequenceEncoder encoder() {
        return encoder;
    }

    public Result train(ModelSettings m, String modelId, String version) throws InvalidBundleException {
        List<Split.Part> trainSegments = new ArrayList<>();
        for (Split.Part p : split.train()) {
            for (KeySeries s : Segments.split(p.series(), gapFactor)) {
                trainSegments.add(new Split.Part(s, 0));
            }
        }
        List<Sequence> train = encoder.encode(trainSegments);
        List<Sequence> validation = encoder.encode(split.validation());
        Training.Settings ts = m.training();
        if (protocol == Protocol.WINDOWED) {
            train = Windows.of(train, spec.window(), relativeWindows());
            validation = Windows.of(validation, spec.window(), relativeWindows());
            ts = ts.withPieceLength(spec.window());
        }
        int nIn = spec.inputs().size();
        SequenceModel model; // windowed: full backpropagation through each window, scored at its end
        if (m.cell() == CellType.GRU) {
            model = protocol == Protocol.WINDOWED
                    ? GruModel.lastStep(nIn, m.hidden(), spec.outputs(), m.learningRate(), ts.seed(), spec.window())
                    : new GruModel(nIn, m.hidden(), spec.outputs(), false, m.learningRate(), ts.seed());
        } else {
            model = protocol == Protocol.WINDOWED
                    ? LstmModel.lastStep(nIn, m.hidden(), spec.outputs(), m.learningRate(), ts.seed())
                    : new LstmModel(nIn, m.hidden(), spec.outputs(), false, m.learningRate(), ts.seed(), m.tbptt());
        }
        Training.History history = Training.run(model, train, validation, ts, m.cell().name());
        RecurrentNetwork network = model.export();

        List<Sequence> check = encoder.encode(split.test().isEmpty() ? split.validation() : split.test());
        if (protocol == Protocol.WINDOWED) {
            // A windowed model only ever runs one window from a zero state; stepped statefully over a
            // whole split, on inputs it never saw, float32 rounding grows without bound (8e-5 after
            // 2,880 steps for an ETTh1 model whose windows agree far closer), failing a sound model.
            check = evenlySpaced(Windows.of(check, spec.window(), relativeWindows()), PARITY_WINDOWS);
        }
        double parity = Parity.verify(model, network, check);

        Map<String, String> params = parameters(m);
        if (protocol == Protocol.WINDOWED) {
            return windowedResult(m, modelId, version, network, history, parity, params);
        }
        ModelBundle uncalibrated = ModelBundle.of(draft(encoder.normalization(), m.cell(), modelId, version, null, params,
                Map.of()), network);
        Manifest.AnomalyCalibration calibration = calibrate(uncalibrated);
        Scores test = score(m.cell().name(), ModelBundle.of(draft(encoder.normalization(), m.cell(), modelId, version,
                calibration, params, Map.of()), network));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("parityMaxAbsDiff", parity);
        metrics.put("secondsPerEpoch", history.secondsPerEpoch());
        metrics.put("bestEpoch", (double) history.bestEpoch() + 1);
        metrics.put("validationLoss", history.validationLoss().get(history.bestEpoch()));
        test.byTarget().forEach((t, e) -> {
            metrics.put("test." + t + ".mse", e.mse());
            metrics.put("test." + t + ".mae", e.mae());
            metrics.put("test." + t + ".normalizedMse", e.normalizedMse());
            metrics.put("test." + t + ".normalizedMae", e.normalizedMae());
        });
        ModelBundle bundle = ModelBundle.of(draft(encoder.normalization(), m.cell(), modelId, version, calibration, params,
                metrics), network);
        Normalizer n = new Normalizer(bundle.manifest());
        return new Result(bundle, history, test, parity, trace(bundle, true), trace(bundle, false),
                validationResiduals(bundle), calibration.residualStd().get(0) * n.outputScale(0));
    }

    private Map<String, String> parameters(ModelSettings m) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hidden", java.util.Arrays.toString(m.hidden()));
        p.put("learningRate", Double.toString(m.learningRate()));
        p.put("learningRateDecay", Double.toString(m.training().learningRateDecay()));
        p.put("epochs", Integer.toString(m.training().epochs()));
        p.put("batchSize", Integer.toString(m.training().batchSize()));
        p.put("pieceLength", Integer.toString(m.training().pieceLength()));
        p.put("tbptt", Integer.toString(m.tbptt()));
        p.put("patience", Integer.toString(m.training().patience()));
        p.put("seed", Long.toString(m.training().seed()));
        p.put("transform", spec.transform().name());
        p.put("protocol", protocol.name());
        p.put("gapFactor", Double.toString(gapFactor));
        return p;
    }

    private Manifest draft(Manifest.Normalization n, CellType cell, String modelId, String version,
            Manifest.AnomalyCalibration calibration, Map<String, String> params, Map<String, Double> metrics) {
        return new Manifest(Manifest.FORMAT_VERSION, modelId, version, Instant.now(), Task.FORECAST, cell,
                spec.inputs(), new Manifest.OutputSpec(spec.targets(), spec.horizon(), null, null), spec.window(), n,
                calibration, new Manifest.TrainingInfo(data.source(), data.sha256(), params, metrics), null, null);
    }

    /** Residual scale per target from the validation replay (model units), for the anomaly scorer. */
    private Manifest.AnomalyCalibration calibrate(ModelBundle bundle) {
        Normalizer n = new Normalizer(bundle.manifest());
        double[] sumSq = new double[spec.targets().size()];
        long[] count = new long[sumSq.length];
        for (Split.Part p : split.validation()) {
            List<Outcome> outcomes = replay(bundle, p.series());
            for (int t = p.warmup(); t < outcomes.size(); t++) {
                var f = outcomes.get(t).forecast();
                if (f == null || f.residual() == null || f.warmingUp()) {
                    continue;
                }
                for (int i = 0; i < sumSq.length; i++) {
                    double r = f.residual().get(spec.targets().get(i)) / n.outputScale(i);
                    sumSq[i] += r * r;
                    count[i]++;
                }
            }
        }
        List<Double> std = new ArrayList<>();
        for (int i = 0; i < sumSq.length; i++) {
            std.add(count[i] > 1 ? Math.max(Math.sqrt(sumSq[i] / count[i]), 1e-6) : 1.0);
        }
        return new Manifest.AnomalyCalibration(std, 10, 2000, 0.9999);
    }

    private List<Outcome> replay(ModelBundle bundle, KeySeries s) {
        int[] columns = spec.inputs().stream().mapToInt(data::featureIndex).toArray();
        return Replay.run(bundle, scoring, s, spec.inputs(), columns);
    }

    /** Test error of a bundle, measured on the job's scoring path. */
    private Scores score(String name, ModelBundle bundle) {
        Map<String, ErrorMetrics> errors = newErrors();
        for (Split.Part p : split.test()) {
            List<Outcome> outcomes = replay(bundle, p.series());
            double[][] raw = encoder.raw(p.series());
            for (int t = p.warmup(); t + spec.horizon() < raw.length; t++) {
                for (int i = 0; i < spec.targets().size(); i++) {
                    String target = spec.targets().get(i);
                    for (int h = 1; h <= spec.horizon(); h++) {
                        errors.get(target).add(Replay.forecast(outcomes.get(t), target, h), raw[t + h][encoder.targetColumn(i)]);
                    }
                }
            }
        }
        return new Scores(name, errors);
    }

    /** Actual values (or one-step forecasts made at the previous row) of the first target over the first test key. */
    private double[] trace(ModelBundle bundle, boolean actual) {
        if (split.test().isEmpty()) {
            return new double[0];
        }
        Split.Part p = split.test().get(0);
        List<Outcome> outcomes = replay(bundle, p.series());
        double[][] raw = encoder.raw(p.series());
        String target = spec.targets().get(0);
        int n = Math.min(TRACE_ROWS, raw.length - p.warmup() - 1);
        double[] out = new double[Math.max(n, 0)];
        for (int i = 0; i < out.length; i++) {
            int t = p.warmup() + i;
            out[i] = actual ? raw[t + 1][encoder.targetColumn(0)] : Replay.forecast(outcomes.get(t), target, 1);
        }
        return out;
    }

    private double[] validationResiduals(ModelBundle bundle) {
        List<Double> r = new ArrayList<>();
        for (Split.Part p : split.validation()) {
            List<Outcome> outcomes = replay(bundle, p.series());
            for (int t = p.warmup(); t < outcomes.size(); t++) {
                var f = outcomes.get(t).forecast();
                if (f != null && f.residual() != null && !f.warmingUp()) {
                    r.add(f.residual().get(spec.targets().get(0)));
                }
            }
        }
        return r.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static List<Sequence> evenlySpaced(List<Sequence> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<Sequence> picked = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            picked.add(all.get((int) ((long) i * all.size() / n)));
        }
        return picked;
    }

    /** Test scores, trace and validation residuals of the windowed protocol (no calibration, not for export). */
    private Result windowedResult(ModelSettings m, String modelId, String version, RecurrentNetwork network,
            Training.History history, double parity, Map<String, String> params) throws InvalidBundleException {
        Map<String, ErrorMetrics> errors = newErrors();
        int nTargets = spec.targets().size();
        List<double[]> trace = new ArrayList<>(); // (actual, one-step forecast) over the first test key
        for (Split.Part p : split.test()) {
            double[][] raw = encoder.raw(p.series());
            double[][] f = windowedForecasts(network, p);
            boolean first = p == split.test().get(0);
            for (int t = 0; t < raw.length; t++) {
                if (f[t] == null) {
                    continue;
                }
                for (int i = 0; i < nTargets; i++) {
                    for (int h = 1; h <= spec.horizon(); h++) {
                        errors.get(spec.targets().get(i)).add(f[t][(h - 1) * nTargets + i], raw[t + h][encoder.targetColumn(i)]);
                    }
                }
                if (first && trace.size() < TRACE_ROWS) {
                    trace.add(new double[] {raw[t + 1][encoder.targetColumn(0)], f[t][0]});
                }
            }
        }
        double[] actual = trace.stream().mapToDouble(a -> a[0]).toArray();
        double[] forecast = trace.stream().mapToDouble(a -> a[1]).toArray();
        List<Double> residuals = new ArrayList<>();
        for (Split.Part p : split.validation()) {
            double[][] raw = encoder.raw(p.series());
            double[][] f = windowedForecasts(network, p);
            for (int t = 0; t < raw.length; t++) {
                if (f[t] != null) {
                    residuals.add(raw[t + 1][encoder.targetColumn(0)] - f[t][0]);
                }
            }
        }
        double scale = Math.sqrt(residuals.stream().mapToDouble(r -> r * r).average().orElse(Double.NaN));
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("parityMaxAbsDiff", parity);
        metrics.put("secondsPerEpoch", history.secondsPerEpoch());
        ModelBundle bundle = ModelBundle.of(draft(encoder.normalization(), m.cell(), modelId, version, null, params, metrics),
                network);
        return new Result(bundle, history, new Scores(m.cell().name() + " (windowed)", errors), parity, actual, forecast,
                residuals.stream().mapToDouble(Double::doubleValue).toArray(), scale);
    }

    /**
     * Forecasts (value units, {@code [output]}) made at each scored row of a part by running the
     * {@code window} steps ending there from a zero state with model-core's cells; null elsewhere.
     */
    private double[][] windowedForecasts(RecurrentNetwork network, Split.Part p) {
        double[][] raw = encoder.raw(p.series());
        Normalizer n = encoder.normalizer();
        NetworkStepper stepper = network.newStepper();
        NetworkState state = network.newState();
        float[] y = new float[network.outputSize()];
        double[][] out = new double[raw.length][];
        for (Sequence window : Windows.of(List.of(encoder.encode(p)), spec.window(), relativeWindows())) {
            state.reset();
            for (float[] x : window.x()) {
                stepper.step(x, state, y);
            }
            int t = window.row()[window.length() - 1];
            out[t] = new double[y.length];
            for (int k = 0; k < y.length; k++) {
                out[t][k] = n.output(k, y[k], raw[t]);
            }
        }
        return out;
    }

    /** Level inputs are taken relative to the window's last row; differences are already relative. */
    private boolean relativeWindows() {
        return spec.transform() == Manifest.InputTransform.LEVEL;
    }

    /** Persistence (the last value) and seasonal naive (the value one season earlier) on the same test rows. */
    public List<Scores> baselines(int season) {
        Map<String, ErrorMetrics> persistence = newErrors();
        Map<String, ErrorMetrics> seasonal = newErrors();
        for (Split.Part p : split.test()) {
            double[][] raw = encoder.raw(p.series());
            for (int t = p.warmup(); t + spec.horizon() < raw.length; t++) {
                for (int i = 0; i < spec.targets().size(); i++) {
                    int c = encoder.targetColumn(i);
                    String target = spec.targets().get(i);
                    for (int h = 1; h <= spec.horizon(); h++) {
                        double actual = raw[t + h][c];
                        persistence.get(target).add(raw[t][c], actual);
                        int back = t + h - season * (int) Math.ceil(h / (double) season);
                        seasonal.get(target).add(back >= 0 ? raw[back][c] : Double.NaN, actual);
                    }
                }
            }
        }
        return List.of(new Scores("persistence", persistence), new Scores("seasonal naive (" + season + ")", seasonal));
    }

    private Map<String, ErrorMetrics> newErrors() {
        Map<String, ErrorMetrics> m = new LinkedHashMap<>();
        for (int i = 0; i < spec.targets().size(); i++) {
            int c = data.featureIndex(spec.targets().get(i));
            m.put(spec.targets().get(i), new ErrorMetrics(trainStd(c), trainNaiveMae(c)));
        }
        return m;
    }

    private double trainStd(int column) {
        double sum = 0;
        double sq = 0;
        long n = 0;
        for (Split.Part p : split.train()) {
            for (double[] row : p.series().values()) {
                sum += row[column];
                sq += row[column] * row[column];
                n++;
            }
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(sq / n - mean * mean, 1e-24));
    }

    private double trainNaiveMae(int column) {
        double sum = 0;
        long n = 0;
        for (Split.Part p : split.train()) {
            double[][] v = p.series().values();
            for (int t = 1; t < v.length; t++) {
                sum += Math.abs(v[t][column] - v[t - 1][column]);
                n++;
            }
        }
        return n == 0 ? Double.NaN : Math.max(sum / n, 1e-12);
    }
}
