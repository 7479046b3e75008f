package io.streamcast.core.scoring;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} raw observations of a key (all features of one event per slot),
 * oldest first: what the scorer replays to rebuild the recurrent state after a model swap.
 */
public final class RawWindow {
    private final double[][] slots;
    private int next;
    private int size;

    public RawWindow(int capacity, int features) {
        this.slots = new double[capacity][features];
    }

    public int capacity() {
        return slots.length;
    }

    public int features() {
        return slots.length == 0 ? 0 : slots[0].length;
    }

    public int size() {
        return size;
    }

    public void push(double[] raw) {
        System.arraycopy(raw, 0, slots[next], 0, raw.length);
        next = (next + 1) % slots.length;
        size = Math.min(size + 1, slots.length);
    }

    /** The i-th oldest observation (0 = oldest); do not modify. */
    public double[] get(int i) {
        return slots[(next - size + i + slots.length) % slots.length];
    }

    /** The newest observation, or null when empty. */
    public double[] newest() {
        return size == 0 ? null : get(size - 1);
    }

    public void clear() {
        size = 0;
        next = 0;
    }

    /** A window of another capacity holding the newest observations that fit. */
    public RawWindow resized(int capacity) {
        RawWindow w = new RawWindow(capacity, features());
        for (int i = Math.max(0, size - capacity); i < size; i++) {
            w.push(get(i));
        }
        return w;
    }

    int encodedSize() {
        return 12 + 8 * size * features();
    }

    void writeTo(ByteBuffer out) {
        out.putInt(slots.length);
        out.putInt(features());
        out.putInt(size);
        for (int i = 0; i < size; i++) {
            for (double v : get(i)) {
                out.putDouble(v);
            }
        }
    }

    static RawWindow readFrom(ByteBuffer in) {
        int capacity = KeyStateCodec.checkedLength(in.getInt(), 1 << 20, "window capacity");
        int features = KeyStateCodec.checkedLength(in.getInt(), 4096, "window features");
        int size = KeyStateCodec.checkedLength(in.getInt(), capacity, "window size");
        RawWindow w = new RawWindow(capacity, features);
        double[] raw = new double[features];
        for (int i = 0; i < size; i++) {
            for (int f = 0; f < features; f++) {
                raw[f] = in.getDouble();
            }
            w.push(raw);
        }
        return w;
    }
}
