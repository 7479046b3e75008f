package io.streamcast.core.bundle;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small random bundles for tests of the format and of the scoring code. */
public final class TestBundles {
    private TestBundles() {
    }

    public static RecurrentNetwork randomNetwork(CellType type, int nIn, int[] hidden, int nOut, HeadActivation act,
            long seed) {
        Random rnd = new Random(seed);
        List<RecurrentCell> cells = new ArrayList<>();
        int in = nIn;
        for (int n : hidden) {
            int[] sizes = RecurrentCell.blockSizes(type, in, n);
            float[][] blocks = new float[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                blocks[i] = random(rnd, sizes[i], 1.0 / Math.sqrt(Math.max(in, n)));
            }
            cells.add(RecurrentCell.of(type, in, n, blocks));
            in = n;
        }
        return new RecurrentNetwork(cells,
                new DenseHead(in, nOut, random(rnd, in * nOut, 1.0 / Math.sqrt(in)), random(rnd, nOut, 0.1), act));
    }

    /** A one-step forecaster of every input feature, LEVEL-normalised, with calibration. */
    public static Manifest forecastDraft(String modelId, String version, CellType type, List<String> features) {
        Map<String, Manifest.FeatureStats> stats = new LinkedHashMap<>();
        List<Double> outMean = new ArrayList<>();
        List<Double> outStd = new ArrayList<>();
        List<Double> residualStd = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            stats.put(features.get(i), new Manifest.FeatureStats(10.0 * i, 2.0 + i));
            outMean.add(10.0 * i);
            outStd.add(2.0 + i);
            residualStd.add(0.25);
        }
        return new Manifest(Manifest.FORMAT_VERSION, modelId, version, Instant.parse("2026-11-26T12:00:00Z"),
                Task.FORECAST, type, List.copyOf(features),
                new Manifest.OutputSpec(List.copyOf(features), 1, null, null), 16,
                new Manifest.Normalization(Manifest.InputTransform.LEVEL, stats, false, outMean, outStd),
                new Manifest.AnomalyCalibration(residualStd, 5, 200, 0.999),
                new Manifest.TrainingInfo("generated", "0".repeat(64), Map.of("epochs", "1"), Map.of("mse", 0.1)),
                null, null);
    }

    public static ModelBundle forecaster(String modelId, String version, CellType type, List<String> features,
            int hidden, long seed) {
        try {
            return ModelBundle.of(forecastDraft(modelId, version, type, features),
                    randomNetwork(type, features.size(), new int[] {hidden}, features.size(),
                            HeadActivation.IDENTITY, seed));
        } catch (InvalidBundleException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A persistence forecaster: DELTA inputs, a zero head and outputs relative to the last value,
     * so every forecast equals the last observed value. Deterministic, for tests of scoring.
     */
    public static ModelBundle persistence(String modelId, String version, int hidden, int window, double residualStd) {
        RecurrentNetwork random = randomNetwork(CellType.LSTM, 1, new int[] {hidden}, 1, HeadActivation.IDENTITY, 11);
        RecurrentNetwork net = new RecurrentNetwork(random.layers(),
                new DenseHead(hidden, 1, new float[hidden], new float[1], HeadActivation.IDENTITY));
        Manifest draft = new Manifest(Manifest.FORMAT_VERSION, modelId, version, Instant.parse("2026-11-26T12:00:00Z"),
                Task.FORECAST, CellType.LSTM, List.of("value"), new Manifest.OutputSpec(List.of("value"), 1, null, null),
                window,
                new Manifest.Normalization(Manifest.InputTransform.DELTA, Map.of("value", new Manifest.FeatureStats(0, 1)),
                        true, List.of(0.0), List.of(1.0)),
                new Manifest.AnomalyCalibration(List.of(residualStd), 5, 500, 0.9999),
                new Manifest.TrainingInfo("none", "0".repeat(64), Map.of(), Map.of()), null, null);
        try {
            return ModelBundle.of(draft, net);
        } catch (InvalidBundleException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A two-class failure classifier whose head always gives the failure class probability {@code p}. */
    public static ModelBundle constantClassifier(double p) {
        RecurrentNetwork random = randomNetwork(CellType.GRU, 1, new int[] {4}, 2, HeadActivation.SOFTMAX, 5);
        float logit = (float) Math.log(p / (1 - p));
        RecurrentNetwork net = new RecurrentNetwork(random.layers(),
                new DenseHead(4, 2, new float[8], new float[] {0f, logit}, HeadActivation.SOFTMAX));
        Manifest draft = new Manifest(Manifest.FORMAT_VERSION, "clf", "1", Instant.parse("2026-11-26T12:00:00Z"),
                Task.CLASSIFY, CellType.GRU, List.of("s1"),
                new Manifest.OutputSpec(null, 1, List.of("healthy", "fails<=30"), "fails<=30"), 3,
                new Manifest.Normalization(Manifest.InputTransform.LEVEL, Map.of("s1", new Manifest.FeatureStats(0, 1)),
                        false, List.of(), List.of()),
                null, new Manifest.TrainingInfo("none", "0".repeat(64), Map.of(), Map.of()), null, null);
        try {
            return ModelBundle.of(draft, net);
        } catch (InvalidBundleException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }
}
