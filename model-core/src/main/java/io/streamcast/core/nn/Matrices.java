package io.streamcast.core.nn;

import java.util.Arrays;

/** Conversions between the bundle's flat row-major blocks and the row arrays the kernels use. */
final class Matrices {
    private Matrices() {
    }

    static float[][] rows(float[] flat, int rows, int cols) {
        if (flat.length != rows * cols) {
            throw new IllegalArgumentException(
                    "matrix of " + rows + "x" + cols + " needs " + rows * cols + " floats, got " + flat.length);
        }
        float[][] m = new float[rows][];
        for (int r = 0; r < rows; r++) {
            m[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        }
        return m;
    }

    static float[] flat(float[][] m) {
        int cols = m.length == 0 ? 0 : m[0].length;
        float[] flat = new float[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, flat, r * cols, cols);
        }
        return flat;
    }

    static float[] vector(float[] v, int size) {
        if (v.length != size) {
            throw new IllegalArgumentException("vector needs " + size + " floats, got " + v.length);
        }
        return v.clone();
    }
}
