package io.streamcast.core.bundle;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.HeadActivation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a model bundle: everything about a model except its weights, which
 * live in little-endian float32 files whose SHA-256 sums are recorded here.
 *
 * <p>Weight files: {@code layer-<l>.f32} holds, back to back, the input matrix
 * {@code [inputSize][G·hiddenSize]}, the recurrent matrix {@code [hiddenSize][G·hiddenSize]}
 * and the bias {@code [G·hiddenSize]}, all row-major, with {@code G = 4} gate blocks for LSTM
 * (order: block input, forget, output, input gate; DL4J's layout) and {@code G = 3} for GRU
 * (order: reset, update, candidate; SameDiff's layout). {@code head.f32} holds
 * {@code W[lastHidden][outputSize]} then {@code b[outputSize]}.
 *
 * @param formatVersion bundle format; this build reads {@link #FORMAT_VERSION}
 * @param windowLength the input window (events) the model was validated on; the job keeps that
 *     many normalised inputs per key to warm up and re-synchronise the recurrent state
 */
public record Manifest(
        int formatVersion,
        String modelId,
        String modelVersion,
        Instant createdAt,
        Task task,
        CellType cellType,
        List<String> inputFeatures,
        OutputSpec output,
        int windowLength,
        Normalization normalization,
        AnomalyCalibration calibration,
        TrainingInfo training,
        List<LayerSpec> layers,
        HeadSpec head) {

    public static final int FORMAT_VERSION = 1;

    /** One recurrent layer: its shape and its weight file. */
    public record LayerSpec(int inputSize, int hiddenSize, String file, String sha256) {
    }

    /** The dense head: its shape, activation and weight file. */
    public record HeadSpec(int inputSize, int outputSize, HeadActivation activation, String file, String sha256) {
    }

    /**
     * What the head's units mean. FORECAST: {@code targets} (a subset of the input features),
     * {@code horizon} steps, units ordered step-major ({@code [h1: t1..tm, h2: t1..tm, ...]}).
     * CLASSIFY: {@code classLabels}, {@code positiveClass} the label that means failure.
     * REGRESS: {@code targets} names the regressed quantities (e.g. {@code rul}).
     */
    public record OutputSpec(List<String> targets, int horizon, List<String> classLabels, String positiveClass) {
    }

    /**
     * How raw values become model inputs and how head outputs become values.
     *
     * <p>Input {@code i}: {@code (x_i − mean_i) / std_i} in LEVEL mode, or
     * {@code ((x_i − x_i,prev) − mean_i) / std_i} in DELTA mode (the statistics are then those of
     * the one-step differences). Output unit {@code k}: {@code outputMean_k + outputStd_k · y_k},
     * plus the target's last observed value when {@code relativeToLast}.
     */
    public record Normalization(
            InputTransform inputTransform,
            Map<String, FeatureStats> inputs,
            boolean relativeToLast,
            List<Double> outputMean,
            List<Double> outputStd) {
    }

    /** Mean and standard deviation of one feature on the training split. */
    public record FeatureStats(double mean, double std) {
    }

    /** Input transformation. */
    public enum InputTransform {
        LEVEL,
        DELTA
    }

    /**
     * Statistics the streaming anomaly scorer starts from, fitted on validation residuals of the
     * one-step forecast (normalised output units), before it adapts online per key.
     *
     * @param residualStd per target, the scale that turns a residual into a z value
     * @param averagingWindow events in the short moving average of |z|
     * @param historyWindow events in the rolling distribution of that average
     * @param threshold anomaly likelihood above which an alert is raised
     */
    public record AnomalyCalibration(
            List<Double> residualStd, int averagingWindow, int historyWindow, double threshold) {
    }

    /** Where the model came from: data source and its SHA-256, hyper-parameters, metrics. */
    public record TrainingInfo(
            String dataSource, String dataSha256, Map<String, String> parameters, Map<String, Double> metrics) {
    }

    /** Expected head size for this manifest's task and output spec. */
    public int expectedOutputSize() {
        return switch (task) {
            case FORECAST -> output.targets().size() * output.horizon();
            case CLASSIFY -> output.classLabels().size();
            case REGRESS -> output.targets().size();
        };
    }

    public Manifest withWeights(List<LayerSpec> newLayers, HeadSpec newHead) {
        return new Manifest(formatVersion, modelId, modelVersion, createdAt, task, cellType, inputFeatures,
                output, windowLength, normalization, calibration, training, newLayers, newHead);
    }
}
