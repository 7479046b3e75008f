package io.streamcast.core.bundle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Little-endian float32 arrays: the encoding of every weight file. */
final class Float32 {
    private Float32() {
    }

    static byte[] encode(float[]... blocks) {
        int n = 0;
        for (float[] b : blocks) {
            n += b.length;
        }
        ByteBuffer buf = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] b : blocks) {
            buf.asFloatBuffer().put(b);
            buf.position(buf.position() + 4 * b.length);
        }
        return buf.array();
    }

    /** Splits {@code data} into blocks of the given float counts; the caller has checked the size. */
    static float[][] decode(byte[] data, int[] sizes) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        float[][] blocks = new float[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            blocks[i] = new float[sizes[i]];
            buf.asFloatBuffer().get(blocks[i]);
            buf.position(buf.position() + 4 * sizes[i]);
        }
        return blocks;
    }
}
