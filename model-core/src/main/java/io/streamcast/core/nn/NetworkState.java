package io.streamcast.core.nn;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The recurrent memory of one key: {@code h} for every layer and, for LSTMs, {@code c}.
 * Encodes to compact bytes (float32 little-endian, layer by layer, {@code h} then {@code c}),
 * which is what Flink keeps per key.
 */
public final class NetworkState {
    private static final float[] NONE = new float[0];

    final float[][] h;
    final float[][] c;

    private NetworkState(float[][] h, float[][] c) {
        this.h = h;
        this.c = c;
    }

    static NetworkState zero(RecurrentNetwork network) {
        int depth = network.layers().size();
        float[][] h = new float[depth][];
        float[][] c = new float[depth][];
        for (int l = 0; l < depth; l++) {
            int n = network.layers().get(l).hiddenSize();
            h[l] = new float[n];
            c[l] = network.cellType() == CellType.LSTM ? new float[n] : NONE;
        }
        return new NetworkState(h, c);
    }

    /** Number of bytes {@link #writeTo} produces. */
    public int encodedSize() {
        int size = 4;
        for (int l = 0; l < h.length; l++) {
            size += 8 + 4 * (h[l].length + c[l].length);
        }
        return size;
    }

    /**
     * Self-describing encoding, so that a key's state can be restored without the model at hand:
     * {@code int layers}, then per layer {@code int hLength, int cLength} and the floats of
     * {@code h} then {@code c}; all little-endian.
     */
    public void writeTo(ByteBuffer out) {
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(h.length);
        for (int l = 0; l < h.length; l++) {
            out.putInt(h[l].length);
            out.putInt(c[l].length);
            for (float v : h[l]) {
                out.putFloat(v);
            }
            for (float v : c[l]) {
                out.putFloat(v);
            }
        }
        out.order(order);
    }

    /** Reads a state written by {@link #writeTo}; check {@link #fits} before stepping it. */
    public static NetworkState readFrom(ByteBuffer in) {
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        try {
            int layers = in.getInt();
            if (layers < 1 || layers > 64) {
                throw new IllegalArgumentException("recurrent state claims " + layers + " layers");
            }
            float[][] h = new float[layers][];
            float[][] c = new float[layers][];
            for (int l = 0; l < layers; l++) {
                int hl = in.getInt();
                int cl = in.getInt();
                if (hl < 0 || cl < 0 || 4L * (hl + cl) > in.remaining()) {
                    throw new IllegalArgumentException("recurrent state of layer " + l + " needs " + 4L * (hl + cl)
                            + " bytes, " + in.remaining() + " left");
                }
                h[l] = read(in, hl);
                c[l] = cl == 0 ? NONE : read(in, cl);
            }
            return new NetworkState(h, c);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("recurrent state is truncated", e);
        } finally {
            in.order(order);
        }
    }

    private static float[] read(ByteBuffer in, int n) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = in.getFloat();
        }
        return a;
    }

    /** A deep copy (an LSTM's {@code c} arrays included; a GRU's empty ones are shared). */
    public NetworkState copy() {
        float[][] h2 = new float[h.length][];
        float[][] c2 = new float[c.length][];
        for (int l = 0; l < h.length; l++) {
            h2[l] = h[l].clone();
            c2[l] = c[l].length == 0 ? NONE : c[l].clone();
        }
        return new NetworkState(h2, c2);
    }

    /** True when this state has the shape {@code network} steps (cell type and layer sizes). */
    public boolean fits(RecurrentNetwork network) {
        if (h.length != network.layers().size()) {
            return false;
        }
        boolean lstm = network.cellType() == CellType.LSTM;
        for (int l = 0; l < h.length; l++) {
            int n = network.layers().get(l).hiddenSize();
            if (h[l].length != n || c[l].length != (lstm ? n : 0)) {
                return false;
            }
        }
        return true;
    }

    public byte[] toBytes() {
        ByteBuffer buf = ByteBuffer.allocate(encodedSize());
        writeTo(buf);
        return buf.array();
    }

    public void reset() {
        for (int l = 0; l < h.length; l++) {
            Arrays.fill(h[l], 0f);
            Arrays.fill(c[l], 0f);
        }
    }

    /** Hidden state of layer {@code l} (a copy). */
    public float[] hidden(int layer) {
        return h[layer].clone();
    }

    /** Cell state of LSTM layer {@code l} (a copy; empty for GRU). */
    public float[] cell(int layer) {
        return c[layer].clone();
    }

    /** Overwrites layer {@code l}'s state, e.g. from DL4J's {@code rnnGetPreviousState}. */
    public void set(int layer, float[] hidden, float[] cell) {
        System.arraycopy(hidden, 0, h[layer], 0, h[layer].length);
        System.arraycopy(cell, 0, c[layer], 0, c[layer].length);
    }
}
