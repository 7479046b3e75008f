package io.streamcast.core.scoring;

import java.nio.ByteBuffer;

/**
 * Per-key memory of the seasonal channel: the target values of the last {@code period} events
 * (a ring) and the likelihood statistics of the residual against the value one season ago.
 */
public final class SeasonalState {
    private final double[] ring;
    private final int targets;
    private int next;
    private int size;
    LikelihoodState likelihood;

    SeasonalState(int period, int targets) {
        this(new double[period * targets], targets);
    }

    private SeasonalState(double[] ring, int targets) {
        this.ring = ring;
        this.targets = targets;
    }

    SeasonalState copy() {
        SeasonalState s = new SeasonalState(ring.clone(), targets);
        s.next = next;
        s.size = size;
        s.likelihood = likelihood == null ? null : likelihood.copy();
        return s;
    }

    public int period() {
        return ring.length / targets;
    }

    int targets() {
        return targets;
    }

    boolean full() {
        return size == period();
    }

    /** Target {@code i} one season (period events) before the event about to be pushed. */
    double seasonAgo(int i) {
        return ring[next * targets + i];
    }

    void push(double[] values) {
        System.arraycopy(values, 0, ring, next * targets, targets);
        next = (next + 1) % period();
        size = Math.min(size + 1, period());
    }

    void clear() {
        next = 0;
        size = 0;
    }

    /** Standard deviation of target {@code i} over the ring: the scale the channel starts from. */
    double spread(int i) {
        double sum = 0;
        double sumSq = 0;
        for (int k = 0; k < size; k++) {
            double v = ring[k * targets + i];
            sum += v;
            sumSq += v * v;
        }
        double mean = sum / size;
        return Math.sqrt(Math.max(0, sumSq / size - mean * mean));
    }

    int encodedSize() {
        return 16 + 8 * ring.length + 1 + (likelihood != null ? likelihood.encodedSize() : 0);
    }

    void writeTo(ByteBuffer out) {
        out.putInt(period());
        out.putInt(targets);
        out.putInt(next);
        out.putInt(size);
        for (double v : ring) {
            out.putDouble(v);
        }
        out.put((byte) (likelihood != null ? 1 : 0));
        if (likelihood != null) {
            likelihood.writeTo(out);
        }
    }

    static SeasonalState readFrom(ByteBuffer in, int format) {
        int period = KeyStateCodec.checkedLength(in.getInt(), 1 << 20, "season");
        int targets = KeyStateCodec.checkedLength(in.getInt(), 4096, "season targets");
        if (period < 1 || targets < 1) {
            throw new IllegalArgumentException("key state: empty season");
        }
        KeyStateCodec.checkedArea(period, targets, "season");
        SeasonalState s = new SeasonalState(period, targets);
        s.next = KeyStateCodec.checkedLength(in.getInt(), period - 1, "season position");
        s.size = KeyStateCodec.checkedLength(in.getInt(), period, "season size");
        for (int i = 0; i < s.ring.length; i++) {
            s.ring[i] = in.getDouble();
        }
        if (in.get() != 0) {
            s.likelihood = LikelihoodState.readFrom(in, format);
        }
        return s;
    }
}
