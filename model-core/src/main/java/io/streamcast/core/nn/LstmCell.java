package io.streamcast.core.nn;

/**
 * LSTM layer with forget gate and no peepholes, numerically the computation of DL4J's
 * {@code org.deeplearning4j.nn.conf.layers.LSTM} with tanh/sigmoid activations.
 *
 * <p>Parameters in DL4J's layout: {@code W[nIn][4n]}, {@code RW[n][4n]}, {@code b[4n]}, whose
 * column blocks are, in order, the block input {@code a}, the forget gate {@code f}, the output
 * gate {@code o} and the input gate {@code i}. With {@code z = x·W + h·RW + b}:
 *
 * <pre>
 *   a  = tanh(z[0n, 1n))          block input
 *   f  = σ(z[1n, 2n))             forget gate
 *   o  = σ(z[2n, 3n))             output gate
 *   i  = σ(z[3n, 4n))             input gate
 *   c' = f ⊙ c + i ⊙ a
 *   h' = o ⊙ tanh(c')
 * </pre>
 */
public final class LstmCell implements RecurrentCell {
    private final int nIn;
    private final int n;
    private final float[][] w;
    private final float[][] rw;
    private final float[] b;

    public LstmCell(int inputSize, int hiddenSize, float[] w, float[] rw, float[] b) {
        this.nIn = inputSize;
        this.n = hiddenSize;
        this.w = Matrices.rows(w, inputSize, 4 * hiddenSize);
        this.rw = Matrices.rows(rw, hiddenSize, 4 * hiddenSize);
        this.b = Matrices.vector(b, 4 * hiddenSize);
    }

    @Override
    public CellType type() {
        return CellType.LSTM;
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int hiddenSize() {
        return n;
    }

    /** {@code z[4n]} for the pre-activations (block input stays in its first n), {@code f, o, i[n]}. */
    @Override
    public float[][] newScratch() {
        return new float[][] {new float[4 * n], new float[n], new float[n], new float[n]};
    }

    @Override
    public void step(float[] x, float[] h, float[] c, float[][] s) {
        int g = 4 * n;
        float[] z = s[0];
        float[] f = s[1];
        float[] o = s[2];
        float[] i = s[3];
        System.arraycopy(b, 0, z, 0, g);
        VectorMath.accumulate(z, 0, w, x, nIn, g);
        VectorMath.accumulate(z, 0, rw, h, n, g);
        Activations.tanh(z, 0, n);
        Activations.sigmoid(z, n, g);
        // Gates go to arrays of their own: loops that read one array at several offsets are not
        // vectorised by C2 (measured 3x slower).
        System.arraycopy(z, n, f, 0, n);
        System.arraycopy(z, 2 * n, o, 0, n);
        System.arraycopy(z, 3 * n, i, 0, n);
        for (int k = 0; k < n; k++) {
            c[k] = f[k] * c[k] + i[k] * z[k];
        }
        for (int k = 0; k < n; k++) {
            h[k] = o[k] * Activations.tanh(c[k]);
        }
    }

    @Override
    public float[][] parameterBlocks() {
        return new float[][] {Matrices.flat(w), Matrices.flat(rw), b.clone()};
    }
}
