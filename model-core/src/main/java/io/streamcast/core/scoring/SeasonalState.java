package io.streamcast.core.scoring;

import java.nio.ByteBuffer;

/**
 * Per-key memory of the seasonal channel: the target values of the last {@code capacity} events
 * (a ring; one season plus the drift allowed) and the likelihood statistics of the residual
 * against the value one season ago.
 */
public final class SeasonalState {
    private final double[] ring;
    private final int targets;
    private int next;
    private int size;
    LikelihoodState likelihood;

    SeasonalState(int capacity, int targets) {
        this(new double[capacity * targets], targets);
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

    /** Events the ring holds. */
    public int capacity() {
        return ring.length / targets;
    }

    int targets() {
        return targets;
    }

    boolean full() {
        return size == capacity();
    }

    /** Target {@code i} {@code lag} events (1 .. capacity) before the event about to be pushed. */
    double ago(int i, int lag) {
        int c = capacity();
        return ring[(next - lag + c) % c * targets + i];
    }

    /** Of target {@code i}'s values {@code season ± drift} events ago, the closest to {@code v}. */
    double closest(int i, double v, int season, int drift) {
        double best = ago(i, season);
        for (int lag = season - drift; lag <= season + drift; lag++) {
            double w = ago(i, lag);
            if (Math.abs(w - v) < Math.abs(best - v)) {
                best = w;
            }
        }
        return best;
    }

    void push(double[] values) {
        System.arraycopy(values, 0, ring, next * targets, targets);
        next = (next + 1) % capacity();
        size = Math.min(size + 1, capacity());
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
        out.putInt(capacity());
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
        int capacity = KeyStateCodec.checkedLength(in.getInt(), 1 << 20, "season");
        int targets = KeyStateCodec.checkedLength(in.getInt(), 4096, "season targets");
        if (capacity < 1 || targets < 1) {
            throw new IllegalArgumentException("key state: empty season");
        }
        KeyStateCodec.checkedArea(capacity, targets, "season");
        SeasonalState s = new SeasonalState(capacity, targets);
        s.next = KeyStateCodec.checkedLength(in.getInt(), capacity - 1, "season position");
        s.size = KeyStateCodec.checkedLength(in.getInt(), capacity, "season size");
        for (int i = 0; i < s.ring.length; i++) {
            s.ring[i] = in.getDouble();
        }
        if (in.get() != 0) {
            s.likelihood = LikelihoodState.readFrom(in, format);
        }
        return s;
    }
}
