package io.streamcast.core.nn;

import java.util.Arrays;

/**
 * GRU layer (Cho et al. 2014) exactly as SameDiff's {@code gru} op computes it, the form the
 * trainer fits. The reset gate is applied after the recurrent matrix product (as in cuDNN and
 * PyTorch), and there is no cell state and no output gate.
 *
 * <p>Parameters: {@code Wx[nIn][3n]}, {@code Wh[n][3n]}, {@code b[3n]}, column blocks in the
 * order reset {@code r}, update {@code u}, candidate {@code c}:
 *
 * <pre>
 *   r  = σ(x·Wx_r + h·Wh_r + b_r)
 *   u  = σ(x·Wx_u + h·Wh_u + b_u)
 *   c  = tanh(x·Wx_c + b_c + r ⊙ (h·Wh_c))
 *   h' = u ⊙ h + (1 − u) ⊙ c
 * </pre>
 */
public final class GruCell implements RecurrentCell {
    private final int nIn;
    private final int n;
    private final float[][] wx;
    private final float[][] wh;
    private final float[] b;

    public GruCell(int inputSize, int hiddenSize, float[] wx, float[] wh, float[] b) {
        this.nIn = inputSize;
        this.n = hiddenSize;
        this.wx = Matrices.rows(wx, inputSize, 3 * hiddenSize);
        this.wh = Matrices.rows(wh, hiddenSize, 3 * hiddenSize);
        this.b = Matrices.vector(b, 3 * hiddenSize);
    }

    @Override
    public CellType type() {
        return CellType.GRU;
    }

    @Override
    public int inputSize() {
        return nIn;
    }

    @Override
    public int hiddenSize() {
        return n;
    }

    /** {@code zx[3n] = x·Wx + b}, {@code zh[3n] = h·Wh}, then {@code r, u, c, hc[n]}. */
    @Override
    public float[][] newScratch() {
        return new float[][] {new float[3 * n], new float[3 * n], new float[n], new float[n], new float[n], new float[n]};
    }

    @Override
    public void step(float[] x, float[] h, float[] unused, float[][] s) {
        int g = 3 * n;
        float[] zx = s[0];
        float[] zh = s[1];
        float[] r = s[2];
        float[] u = s[3];
        float[] cand = s[4];
        float[] hc = s[5];
        System.arraycopy(b, 0, zx, 0, g);
        VectorMath.accumulate(zx, 0, wx, x, nIn, g);
        Arrays.fill(zh, 0f);
        VectorMath.accumulate(zh, 0, wh, h, n, g);
        for (int k = 0; k < 2 * n; k++) {
            zx[k] += zh[k];
        }
        Activations.sigmoid(zx, 0, 2 * n);
        // Separate arrays per gate keep the element-wise loops vectorisable (see LstmCell).
        System.arraycopy(zx, 0, r, 0, n);
        System.arraycopy(zx, n, u, 0, n);
        System.arraycopy(zx, 2 * n, cand, 0, n);
        System.arraycopy(zh, 2 * n, hc, 0, n);
        for (int k = 0; k < n; k++) {
            cand[k] += r[k] * hc[k];
        }
        Activations.tanh(cand, 0, n);
        for (int k = 0; k < n; k++) {
            h[k] = u[k] * h[k] + (1f - u[k]) * cand[k];
        }
    }

    @Override
    public float[][] parameterBlocks() {
        return new float[][] {Matrices.flat(wx), Matrices.flat(wh), b.clone()};
    }
}
