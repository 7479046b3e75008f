package io.streamcast.core.scoring;

import io.streamcast.core.nn.NetworkState;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Compact binary form of a {@link KeyState} (little-endian), self-describing so that it can be
 * restored before the model is known. Layout, in order: format byte, model label (int length +
 * UTF-8), presence flags, then each present part. No Java serialisation.
 */
public final class KeyStateCodec {
    /** 2 added the likelihood's long-run statistics, 3 the stuck-value run; formats 1 and 2 are still read. */
    private static final byte FORMAT = 3;
    private static final int HAS_NETWORK = 1;
    private static final int HAS_WINDOW = 2;
    private static final int HAS_EXPECTED = 4;
    private static final int HAS_LIKELIHOOD = 8;
    private static final int HAS_RANGE = 16;
    private static final int HAS_SEASON = 32;

    private KeyStateCodec() {
    }

    public static byte[] encode(KeyState s) {
        byte[] label = s.model == null ? new byte[0] : s.model.getBytes(StandardCharsets.UTF_8);
        int flags = (s.network != null ? HAS_NETWORK : 0) | (s.window != null ? HAS_WINDOW : 0)
                | (s.expected != null ? HAS_EXPECTED : 0) | (s.likelihood != null ? HAS_LIKELIHOOD : 0)
                | (s.rangeLow != null ? HAS_RANGE : 0) | (s.season != null ? HAS_SEASON : 0);
        int size = 1 + 4 + label.length + 1 + 8 + 8 + 8 + 8 + 4 + 4
                + (s.network != null ? s.network.encodedSize() : 0)
                + (s.window != null ? s.window.encodedSize() : 0)
                + (s.expected != null ? 4 + 8 * s.expected.length : 0)
                + (s.likelihood != null ? s.likelihood.encodedSize() : 0)
                + (s.rangeLow != null ? 4 + 16 * s.rangeLow.length : 0)
                + (s.season != null ? s.season.encodedSize() : 0);
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.put(FORMAT);
        out.putInt(label.length);
        out.put(label);
        out.put((byte) flags);
        out.putLong(s.lastTs);
        out.putDouble(s.logInterval);
        out.putLong(s.steps);
        out.putLong(s.exceedances);
        out.putInt(s.eventsSinceAlert);
        out.putInt(s.repeats);
        if (s.network != null) {
            s.network.writeTo(out);
        }
        if (s.window != null) {
            s.window.writeTo(out);
        }
        if (s.expected != null) {
            out.putInt(s.expected.length);
            for (double v : s.expected) {
                out.putDouble(v);
            }
        }
        if (s.likelihood != null) {
            s.likelihood.writeTo(out);
        }
        if (s.rangeLow != null) {
            out.putInt(s.rangeLow.length);
            for (int i = 0; i < s.rangeLow.length; i++) {
                out.putDouble(s.rangeLow[i]);
                out.putDouble(s.rangeHigh[i]);
            }
        }
        if (s.season != null) {
            s.season.writeTo(out);
        }
        return out.array();
    }

    public static KeyState decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        try {
            byte format = in.get();
            if (format < 1 || format > FORMAT) {
                throw new IllegalArgumentException("key state format " + format + " is not supported (this build reads 1 to "
                        + FORMAT + ")");
            }
            KeyState s = new KeyState();
            byte[] label = new byte[checkedLength(in.getInt(), in.remaining(), "model label")];
            in.get(label);
            s.model = label.length == 0 ? null : new String(label, StandardCharsets.UTF_8);
            int flags = in.get();
            s.lastTs = in.getLong();
            s.logInterval = in.getDouble();
            s.steps = in.getLong();
            s.exceedances = in.getLong();
            s.eventsSinceAlert = in.getInt();
            s.repeats = format >= 3 ? in.getInt() : 0;
            if ((flags & HAS_NETWORK) != 0) {
                s.network = NetworkState.readFrom(in);
            }
            if ((flags & HAS_WINDOW) != 0) {
                s.window = RawWindow.readFrom(in);
            }
            if ((flags & HAS_EXPECTED) != 0) {
                s.expected = new double[checkedLength(in.getInt(), 4096, "expected values")];
                for (int i = 0; i < s.expected.length; i++) {
                    s.expected[i] = in.getDouble();
                }
            }
            if ((flags & HAS_LIKELIHOOD) != 0) {
                s.likelihood = LikelihoodState.readFrom(in, format);
            }
            if ((flags & HAS_RANGE) != 0) {
                int n = checkedLength(in.getInt(), 4096, "range");
                s.rangeLow = new double[n];
                s.rangeHigh = new double[n];
                for (int i = 0; i < n; i++) {
                    s.rangeLow[i] = in.getDouble();
                    s.rangeHigh[i] = in.getDouble();
                }
            }
            if ((flags & HAS_SEASON) != 0) {
                s.season = SeasonalState.readFrom(in, format);
            }
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " unexpected trailing bytes in key state");
            }
            return s;
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("key state is truncated", e);
        }
    }

    /** Refuses a {@code rows x cols} table larger than 16 M values (a corrupt length would allocate it). */
    static void checkedArea(int rows, int cols, String what) {
        if ((long) rows * cols > 1 << 24) {
            throw new IllegalArgumentException("key state: " + what + " of " + rows + " x " + cols + " is too large");
        }
    }

    static int checkedLength(int n, int max, String what) {
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("key state: " + what + " length " + n + " is out of range");
        }
        return n;
    }
}
