package io.streamcast.core.scoring;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} raw observations of a key (all features of one event per slot),
 * oldest first: what the scorer replays to rebuild the recurrent state after a model swap.
 * One flat array: a key's state is copied at every checkpoint (copy-on-write), and with a row
 * array per slot, 100 small objects per key were most of what the garbage collector traced.
 */
public final class RawWindow {
    private final double[] values;
    private final int capacity;
    private final int features;
    private int next;
    private int size;

    public RawWindow(int capacity, int features) {
        this(new double[capacity * features], capacity, features, 0, 0);
    }

    private RawWindow(double[] values, int capacity, int features, int next, int size) {
        this.values = values;
        this.capacity = capacity;
        this.features = features;
        this.next = next;
        this.size = size;
    }

    public RawWindow copy() {
        return new RawWindow(values.clone(), capacity, features, next, size);
    }

    public int capacity() {
        return capacity;
    }

    public int features() {
        return features;
    }

    public int size() {
        return size;
    }

    public void push(double[] raw) {
        System.arraycopy(raw, 0, values, next * features, features);
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
    }

    /** Copies the i-th oldest observation (0 = oldest) into {@code into}. */
    public void get(int i, double[] into) {
        System.arraycopy(values, ((next - size + i + capacity) % capacity) * features, into, 0, features);
    }

    /** Copies the newest observation into {@code into}; false (and nothing copied) when empty. */
    public boolean newest(double[] into) {
        if (size == 0) {
            return false;
        }
        get(size - 1, into);
        return true;
    }

    public void clear() {
        size = 0;
        next = 0;
    }

    /** A window of another capacity holding the newest observations that fit. */
    public RawWindow resized(int newCapacity) {
        RawWindow w = new RawWindow(newCapacity, features);
        double[] row = new double[features];
        for (int i = Math.max(0, size - newCapacity); i < size; i++) {
            get(i, row);
            w.push(row);
        }
        return w;
    }

    int encodedSize() {
        return 12 + 8 * size * features;
    }

    void writeTo(ByteBuffer out) {
        out.putInt(capacity);
        out.putInt(features);
        out.putInt(size);
        double[] row = new double[features];
        for (int i = 0; i < size; i++) {
            get(i, row);
            for (double v : row) {
                out.putDouble(v);
            }
        }
    }

    static RawWindow readFrom(ByteBuffer in) {
        int capacity = KeyStateCodec.checkedLength(in.getInt(), 1 << 20, "window capacity");
        int features = KeyStateCodec.checkedLength(in.getInt(), 4096, "window features");
        int size = KeyStateCodec.checkedLength(in.getInt(), capacity, "window size");
        KeyStateCodec.checkedArea(capacity, features, "window");
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
