package io.streamcast.trainer.nn;

import io.streamcast.core.nn.Activations;
import java.util.Arrays;

/**
 * Training passes of one GRU layer over a minibatch of equally long sequences: the forward pass,
 * keeping every gate, and backpropagation through time. The layer is SameDiff's {@code gru} op,
 * the same computation as model-core's {@code GruCell} (parameters {@code Wx[nIn][3n]},
 * {@code Wh[n][3n]}, {@code b[3n]}, column blocks r | u | c). With {@code zx = x·Wx + b} and
 * {@code zh = h_{t-1}·Wh}:
 *
 * <pre>
 *   r = σ(zx_r + zh_r)   u = σ(zx_u + zh_u)   c = tanh(zx_c + r ⊙ zh_c)
 *   h_t = u ⊙ h_{t-1} + (1 − u) ⊙ c
 * </pre>
 *
 * and, going back in time with {@code dh = ∂L/∂h_t + dh_next}:
 *
 * <pre>
 *   dz_c = dh ⊙ (1 − u) ⊙ (1 − c²)       dz_u = dh ⊙ (h_{t-1} − c) ⊙ u ⊙ (1 − u)
 *   dz_r = dz_c ⊙ zh_c ⊙ r ⊙ (1 − r)
 *   dzx = [dz_r | dz_u | dz_c]            dzh = [dz_r | dz_u | dz_c ⊙ r]
 *   dh_next = dh ⊙ u + dzh·Whᵀ            ∂L/∂x_t = dzx·Wxᵀ
 *   ∂L/∂Wx += x_tᵀ·dzx   ∂L/∂Wh += h_{t-1}ᵀ·dzh   ∂L/∂b += dzx
 * </pre>
 *
 * <p>A step is a few products over the minibatch ({@link MinibatchProduct}) and element-wise
 * loops (why not SameDiff's {@code gru_bp}: {@link GruTrainingStep}). Arrays are indexed
 * {@code [t][s][k]}: step, sequence of the minibatch, unit.
 */
final class GruSequencePass {
    private final int nIn;
    private final int n;
    private final int batch;
    private final int steps;
    private final MinibatchProduct product;

    private final float[][] wx;
    private final float[][] wh;
    private final float[][] wxT;
    private final float[][] whT;
    private final float[] bias;

    /** Stored by {@link #forward}: its input, the gates, zh_c, and the outputs. */
    private float[][][] x;
    private final float[][][] gr;
    private final float[][][] gu;
    private final float[][][] gc;
    private final float[][][] hc;
    private final float[][][] h;
    private final float[][] h0;

    private final float[][] zx;
    private final float[][] zh;
    private final float[][] dzx;
    private final float[][] dzh;
    private final float[][] dhNext;
    private final float[][] dxRows;
    private final float[][] hPrevT;
    private final float[][] xT;

    GruSequencePass(int inputSize, int hiddenSize, int batch, int steps, MinibatchProduct product) {
        this.nIn = inputSize;
        this.n = hiddenSize;
        this.batch = batch;
        this.steps = steps;
        this.product = product;
        int g = 3 * n;
        wx = new float[nIn][g];
        wh = new float[n][g];
        wxT = new float[g][nIn];
        whT = new float[g][n];
        bias = new float[g];
        gr = new float[steps][batch][n];
        gu = new float[steps][batch][n];
        gc = new float[steps][batch][n];
        hc = new float[steps][batch][n];
        h = new float[steps][batch][n];
        h0 = new float[batch][n];
        zx = new float[batch][g];
        zh = new float[batch][g];
        dzx = new float[batch][g];
        dzh = new float[batch][g];
        dhNext = new float[batch][n];
        dxRows = new float[batch][nIn];
        hPrevT = new float[n][batch];
        xT = new float[nIn][batch];
    }

    boolean fits(int inputSize, int hiddenSize, int minibatch, int length) {
        return inputSize == nIn && hiddenSize == n && minibatch == batch && length == steps;
    }

    /** Row-major {@code Wx[nIn][3n]}, {@code Wh[n][3n]}, {@code b[3n]}. */
    void setParameters(float[] inputWeights, float[] recurrentWeights, float[] biases) {
        int g = 3 * n;
        for (int j = 0; j < nIn; j++) {
            System.arraycopy(inputWeights, j * g, wx[j], 0, g);
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(recurrentWeights, k * g, wh[k], 0, g);
        }
        for (int col = 0; col < g; col++) {
            for (int j = 0; j < nIn; j++) {
                wxT[col][j] = wx[j][col];
            }
            for (int k = 0; k < n; k++) {
                whT[col][k] = wh[k][col];
            }
        }
        System.arraycopy(biases, 0, bias, 0, g);
    }

    /**
     * Runs the layer from a zero state.
     *
     * @param input {@code [steps][batch][nIn]}, kept (not copied) until the next forward pass
     * @return h, {@code [steps][batch][n]}: this pass's own array, valid until its next forward pass
     */
    float[][][] forward(float[][][] input) {
        x = input;
        int g = 3 * n;
        for (int t = 0; t < steps; t++) {
            float[][] hPrev = t == 0 ? h0 : h[t - 1];
            for (int s = 0; s < batch; s++) {
                System.arraycopy(bias, 0, zx[s], 0, g);
                Arrays.fill(zh[s], 0f);
            }
            product.accumulateEach(zx, wx, x[t], batch, nIn, g);
            product.accumulateEach(zh, wh, hPrev, batch, n, g);
            for (int s = 0; s < batch; s++) {
                step(zx[s], zh[s], hPrev[s], gr[t][s], gu[t][s], gc[t][s], hc[t][s], h[t][s]);
            }
        }
        return h;
    }

    /**
     * model-core's {@code GruCell.step} after its products, keeping the gates. Not shared with it:
     * a static method both call made the inference step 3x slower (JMH, 3.8 against 1.26 µs).
     */
    private void step(float[] zxs, float[] zhs, float[] hPrev, float[] r, float[] u, float[] c, float[] zhc, float[] hNew) {
        for (int k = 0; k < 2 * n; k++) {
            zxs[k] += zhs[k];
        }
        Activations.sigmoid(zxs, 0, 2 * n);
        System.arraycopy(zxs, 0, r, 0, n);
        System.arraycopy(zxs, n, u, 0, n);
        System.arraycopy(zhs, 2 * n, zhc, 0, n);
        for (int k = 0; k < n; k++) {
            c[k] = zxs[2 * n + k] + r[k] * zhc[k];
        }
        Activations.tanh(c, 0, n);
        for (int k = 0; k < n; k++) {
            hNew[k] = u[k] * hPrev[k] + (1f - u[k]) * c[k];
        }
    }

    /**
     * Backpropagation through every step of the last {@link #forward}.
     *
     * @param dhOut     ∂L/∂h from above, {@code [steps][batch][n]}
     * @param inputGrad ∂L/∂x out, {@code [steps][batch][nIn]}, or null when not needed (the first layer)
     * @param wxGrad    ∂L/∂Wx out, row-major {@code [nIn][3n]}; likewise {@code whGrad}, {@code bGrad}
     */
    void backward(float[][][] dhOut, float[][][] inputGrad, float[] wxGrad, float[] whGrad, float[] bGrad) {
        int g = 3 * n;
        float[][] dWx = new float[nIn][g];
        float[][] dWh = new float[n][g];
        float[] db = new float[g];
        for (float[] row : dhNext) {
            Arrays.fill(row, 0f);
        }
        for (int t = steps - 1; t >= 0; t--) {
            float[][] hPrev = t == 0 ? h0 : h[t - 1];
            for (int s = 0; s < batch; s++) {
                float[] r = gr[t][s];
                float[] u = gu[t][s];
                float[] c = gc[t][s];
                float[] zhc = hc[t][s];
                float[] hp = hPrev[s];
                float[] up = dhOut[t][s];
                float[] next = dhNext[s];
                float[] ax = dzx[s];
                float[] ah = dzh[s];
                for (int k = 0; k < n; k++) {
                    float dh = up[k] + next[k];
                    float dzc = dh * (1f - u[k]) * (1f - c[k] * c[k]);
                    float dzu = dh * (hp[k] - c[k]) * u[k] * (1f - u[k]);
                    float dzr = dzc * zhc[k] * r[k] * (1f - r[k]);
                    ax[k] = dzr;
                    ax[n + k] = dzu;
                    ax[2 * n + k] = dzc;
                    ah[k] = dzr;
                    ah[n + k] = dzu;
                    ah[2 * n + k] = dzc * r[k];
                    next[k] = dh * u[k];
                }
                for (int col = 0; col < g; col++) {
                    db[col] += ax[col];
                }
            }
            product.accumulateEach(dhNext, whT, dzh, batch, g, n);
            if (inputGrad != null) {
                for (float[] row : dxRows) {
                    Arrays.fill(row, 0f);
                }
                product.accumulateEach(dxRows, wxT, dzx, batch, g, nIn);
                for (int s = 0; s < batch; s++) {
                    System.arraycopy(dxRows[s], 0, inputGrad[t][s], 0, nIn);
                }
            }
            // ∂L/∂Wh += h_{t-1}ᵀ·dzh over the minibatch: row k of Wh gets Σ_s h_s[k]·dzh_s.
            transpose(hPrev, hPrevT, n);
            product.accumulateEach(dWh, dzh, hPrevT, n, batch, g);
            transpose(x[t], xT, nIn);
            product.accumulateEach(dWx, dzx, xT, nIn, batch, g);
        }
        for (int j = 0; j < nIn; j++) {
            System.arraycopy(dWx[j], 0, wxGrad, j * g, g);
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(dWh[k], 0, whGrad, k * g, g);
        }
        System.arraycopy(db, 0, bGrad, 0, g);
    }

    /** {@code to[k][s] = from[s][k]} for {@code k < size}. */
    private void transpose(float[][] from, float[][] to, int size) {
        for (int s = 0; s < batch; s++) {
            for (int k = 0; k < size; k++) {
                to[k][s] = from[s][k];
            }
        }
    }
}
