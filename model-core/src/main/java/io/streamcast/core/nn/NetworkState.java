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
        int floats = 0;
        for (int l = 0; l < h.length; l++) {
            floats += h[l].length + c[l].length;
        }
        return 4 * floats;
    }

    public void writeTo(ByteBuffer out) {
        ByteOrder order = out.order();
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < h.length; l++) {
            for (float v : h[l]) {
                out.putFloat(v);
            }
            for (float v : c[l]) {
                out.putFloat(v);
            }
        }
        out.order(order);
    }

    /** Overwrites this state from bytes written by a state of the same shape. */
    public void readFrom(ByteBuffer in) {
        if (in.remaining() < encodedSize()) {
            throw new IllegalArgumentException(
                    "recurrent state needs " + encodedSize() + " bytes, " + in.remaining() + " left");
        }
        ByteOrder order = in.order();
        in.order(ByteOrder.LITTLE_ENDIAN);
        for (int l = 0; l < h.length; l++) {
            for (int k = 0; k < h[l].length; k++) {
                h[l][k] = in.getFloat();
            }
            for (int k = 0; k < c[l].length; k++) {
                c[l][k] = in.getFloat();
            }
        }
        in.order(order);
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

    public void copyFrom(NetworkState other) {
        for (int l = 0; l < h.length; l++) {
            System.arraycopy(other.h[l], 0, h[l], 0, h[l].length);
            System.arraycopy(other.c[l], 0, c[l], 0, c[l].length);
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
