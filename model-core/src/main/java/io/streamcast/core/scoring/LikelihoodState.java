package io.streamcast.core.scoring;

import java.nio.ByteBuffer;

/** Per-key memory of {@link AnomalyLikelihood}: error scales, recent errors, distribution of their average. */
public final class LikelihoodState {
    final double[] errorVar;
    final float[] recent;
    int recentNext;
    int recentCount;
    double recentSum;
    double avgMean;
    double avgVar;
    /** The same statistics over {@link AnomalyLikelihood#LONG_HISTORY_FACTOR} times the history. */
    double longMean;
    double longVar;
    long updates;

    LikelihoodState(double[] errorVar, int averagingWindow) {
        this(errorVar, new float[averagingWindow]);
    }

    private LikelihoodState(double[] errorVar, float[] recent) {
        this.errorVar = errorVar;
        this.recent = recent;
    }

    LikelihoodState copy() {
        LikelihoodState s = new LikelihoodState(errorVar.clone(), recent.clone());
        s.recentNext = recentNext;
        s.recentCount = recentCount;
        s.recentSum = recentSum;
        s.avgMean = avgMean;
        s.avgVar = avgVar;
        s.longMean = longMean;
        s.longVar = longVar;
        s.updates = updates;
        return s;
    }

    /** Adds an error to the short window and returns the window's mean. */
    double pushError(double raw) {
        if (recentCount == recent.length) {
            recentSum -= recent[recentNext];
        } else {
            recentCount++;
        }
        recent[recentNext] = (float) raw;
        recentSum += recent[recentNext];
        recentNext = (recentNext + 1) % recent.length;
        return recentSum / recentCount;
    }

    /**
     * The error level judged at the last update, back in |z| units: the recent window's mean of
     * {@code |z|^(2/3)}, raised to 3/2 (≈ 0.72 for normal residuals).
     */
    public double recentLevel() {
        return recentCount == 0 ? 0 : Math.pow(recentSum / recentCount, 1.5);
    }

    /** The key's usual level of the same measure (the short time scale's mean). */
    public double usualLevel() {
        return Math.pow(Math.max(avgMean, 0), 1.5);
    }

    public int targets() {
        return errorVar.length;
    }

    /** Running error scale of target {@code i}. */
    public double errorScale(int i) {
        return Math.sqrt(errorVar[i]);
    }

    int encodedSize() {
        return 4 + 8 * errorVar.length + 4 + 4 * recent.length + 4 + 4 + 8 * 6;
    }

    void writeTo(ByteBuffer out) {
        out.putInt(errorVar.length);
        for (double v : errorVar) {
            out.putDouble(v);
        }
        out.putInt(recent.length);
        for (float v : recent) {
            out.putFloat(v);
        }
        out.putInt(recentNext);
        out.putInt(recentCount);
        out.putDouble(recentSum);
        out.putDouble(avgMean);
        out.putDouble(avgVar);
        out.putDouble(longMean);
        out.putDouble(longVar);
        out.putLong(updates);
    }

    /** Reads what {@link #writeTo} wrote; key-state format 1 had no long-run statistics: they start from the short ones. */
    static LikelihoodState readFrom(ByteBuffer in, int format) {
        double[] var = new double[KeyStateCodec.checkedLength(in.getInt(), 4096, "error scales")];
        for (int i = 0; i < var.length; i++) {
            var[i] = in.getDouble();
        }
        LikelihoodState s = new LikelihoodState(var, KeyStateCodec.checkedLength(in.getInt(), 1 << 16, "score window"));
        for (int i = 0; i < s.recent.length; i++) {
            s.recent[i] = in.getFloat();
        }
        s.recentNext = in.getInt();
        s.recentCount = in.getInt();
        s.recentSum = in.getDouble();
        s.avgMean = in.getDouble();
        s.avgVar = in.getDouble();
        s.longMean = format >= 2 ? in.getDouble() : s.avgMean;
        s.longVar = format >= 2 ? in.getDouble() : s.avgVar;
        s.updates = in.getLong();
        return s;
    }
}
