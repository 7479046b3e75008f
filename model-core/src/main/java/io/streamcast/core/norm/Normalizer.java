package io.streamcast.core.norm;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import java.util.List;

/**
 * The one place where raw values become model inputs and model outputs become values, used
 * identically by the trainer, the job and evaluation (see {@link Manifest.Normalization}).
 * Immutable.
 */
public final class Normalizer {
    private final List<String> features;
    private final boolean delta;
    private final double[] inMean;
    private final double[] inStd;
    private final boolean relativeToLast;
    private final double[] outMean;
    private final double[] outStd;
    /** For output unit k, the index of its target among the input features (FORECAST), else -1. */
    private final int[] outFeature;

    public Normalizer(Manifest m) {
        this.features = m.inputFeatures();
        Manifest.Normalization n = m.normalization();
        this.delta = n.inputTransform() == Manifest.InputTransform.DELTA;
        int f = features.size();
        this.inMean = new double[f];
        this.inStd = new double[f];
        for (int i = 0; i < f; i++) {
            Manifest.FeatureStats s = n.inputs().get(features.get(i));
            inMean[i] = s.mean();
            inStd[i] = s.std();
        }
        this.relativeToLast = n.relativeToLast();
        this.outMean = n.outputMean().stream().mapToDouble(Double::doubleValue).toArray();
        this.outStd = n.outputStd().stream().mapToDouble(Double::doubleValue).toArray();
        this.outFeature = new int[outMean.length];
        List<String> targets = m.task() == Task.FORECAST ? m.output().targets() : List.of();
        for (int k = 0; k < outFeature.length; k++) {
            outFeature[k] = targets.isEmpty() ? -1 : features.indexOf(targets.get(k % targets.size()));
        }
    }

    public int featureCount() {
        return features.size();
    }

    public List<String> features() {
        return features;
    }

    /** True when inputs are one-step differences, so the first event of a key only sets the baseline. */
    public boolean usesDifferences() {
        return delta;
    }

    /**
     * Copies the event's values into {@code raw} in the model's feature order. A single
     * {@code value} stands for the only feature of a one-feature model. Returns null on
     * success, else why the event does not fit the model.
     */
    public Rejection extract(InputEvent e, double[] raw) {
        String[] names = e.names();
        if (names.length == 1 && InputEvent.SINGLE_VALUE.equals(names[0]) && !features.contains(InputEvent.SINGLE_VALUE)) {
            if (features.size() != 1) {
                return new Rejection(RejectReason.MISSING_FEATURE,
                        "a single 'value' was sent but the model reads " + features);
            }
            raw[0] = e.values()[0];
            return null;
        }
        for (String name : names) {
            if (!features.contains(name)) {
                return new Rejection(RejectReason.UNKNOWN_FEATURE,
                        "feature '" + name + "' is not one the model reads " + features);
            }
        }
        for (int i = 0; i < raw.length; i++) {
            double v = e.get(features.get(i));
            if (Double.isNaN(v)) {
                return new Rejection(RejectReason.MISSING_FEATURE, "feature '" + features.get(i) + "' is missing");
            }
            raw[i] = v;
        }
        return null;
    }

    /**
     * Model input for one event: {@code (x − mean)/std}, or with differences
     * {@code ((x − previous) − mean)/std}. {@code previous} is ignored in LEVEL mode.
     */
    public void input(double[] raw, double[] previous, float[] out) {
        for (int i = 0; i < raw.length; i++) {
            double x = delta ? raw[i] - previous[i] : raw[i];
            out[i] = (float) ((x - inMean[i]) / inStd[i]);
        }
    }

    /** Value of output unit {@code k}: {@code outMean + outStd·y}, plus the target's last value when relative. */
    public double output(int k, float y, double[] lastRaw) {
        double v = outMean[k] + outStd[k] * y;
        return relativeToLast ? v + lastRaw[outFeature[k]] : v;
    }

    /** Inverse of {@link #output}: the model-unit target that decodes to {@code value}. */
    public float target(int k, double value, double[] lastRaw) {
        double v = relativeToLast ? value - lastRaw[outFeature[k]] : value;
        return (float) ((v - outMean[k]) / outStd[k]);
    }

    /** Scale of output unit {@code k} (what turns a value residual into model units). */
    public double outputScale(int k) {
        return outStd[k];
    }

    /** Index among the input features of output unit {@code k}'s target (FORECAST models). */
    public int outputFeature(int k) {
        return outFeature[k];
    }
}
