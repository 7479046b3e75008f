package io.streamcast.core.nn;

/**
 * The one kernel of the cells: {@code z += vᵀ·M} for a row-major matrix held as one
 * {@code float[]} per row. Rows are combined four at a time so that each pass over {@code z}
 * does four multiply-adds per load/store; the inner loops are plain indexed loops over
 * distinct arrays, which HotSpot vectorises (one flat array with computed offsets is not).
 * Public for the trainer's LSTM training passes, which need the same products for a whole
 * minibatch ({@link #accumulateEach}).
 */
public final class VectorMath {
    private VectorMath() {
    }

    /** {@code z[zFrom, zFrom + cols) += Σ_j v[j] · m[j][0, cols)} for {@code j < rows}. */
    public static void accumulate(float[] z, int zFrom, float[][] m, float[] v, int rows, int cols) {
        int quads = rows & ~3;
        if (quads > 0) {
            accumulateQuads(z, zFrom, m, v, quads, cols);
        }
        for (int j = quads; j < rows; j++) {
            axpy(z, zFrom, v[j], m[j], cols);
        }
    }

    /** Vectors {@link #accumulateEach} updates per pass over the matrix (their z rows stay in L1). */
    private static final int BLOCK = 8;

    /**
     * {@code z[i] += v[i]ᵀ·m} for every {@code i < count}: {@link #accumulate} for many vectors,
     * the same sums in the same order, but each group of four matrix rows is read once for a block
     * of vectors. A 64 × 256 LSTM matrix (64 KB) no longer fits the L1 cache, and reading all of it
     * again for every sequence of a minibatch made hidden 64 nine times dearer than hidden 32.
     */
    public static void accumulateEach(float[][] z, float[][] m, float[][] v, int count, int rows, int cols) {
        int quads = rows & ~3;
        for (int from = 0; from < count; from += BLOCK) {
            int to = Math.min(count, from + BLOCK);
            for (int j = 0; j < quads; j += 4) {
                for (int i = from; i < to; i++) {
                    float[] vi = v[i];
                    quad(z[i], 0, vi[j], vi[j + 1], vi[j + 2], vi[j + 3], m[j], m[j + 1], m[j + 2], m[j + 3], cols);
                }
            }
            for (int j = quads; j < rows; j++) {
                for (int i = from; i < to; i++) {
                    axpy(z[i], 0, v[i][j], m[j], cols);
                }
            }
        }
    }

    /** {@code z[zFrom, zFrom + cols) += a0·r0 + a1·r1 + a2·r2 + a3·r3}: the kernel's inner loop. */
    private static void quad(float[] z, int zFrom, float a0, float a1, float a2, float a3, float[] r0, float[] r1,
            float[] r2, float[] r3, int cols) {
        for (int k = 0; k < cols; k++) {
            z[zFrom + k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k];
        }
    }

    /*
     * The four-row loop and the one-row loop live in separate methods on purpose: measured on
     * JDK 17 and 25, when one compiled body also runs the short loop (e.g. a one-feature input
     * layer), C2 leaves the four-row loop scalar and the LSTM step 3x slower.
     */
    private static void accumulateQuads(float[] z, int zFrom, float[][] m, float[] v, int rows, int cols) {
        for (int j = 0; j < rows; j += 4) {
            quad(z, zFrom, v[j], v[j + 1], v[j + 2], v[j + 3], m[j], m[j + 1], m[j + 2], m[j + 3], cols);
        }
    }

    private static void axpy(float[] z, int zFrom, float a, float[] r, int cols) {
        for (int k = 0; k < cols; k++) {
            z[zFrom + k] += a * r[k];
        }
    }
}
