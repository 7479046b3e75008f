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

    private static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }
}
