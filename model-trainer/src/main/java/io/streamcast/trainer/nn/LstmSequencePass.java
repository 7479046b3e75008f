package io.streamcast.trainer.nn;

import io.streamcast.core.nn.Activations;
import java.util.Arrays;

/**
 * Training passes of one LSTM layer over a minibatch of equally long sequences: the forward pass,
 * keeping every gate, and backpropagation through time. The layer is DL4J's {@code LSTM} (forget
 * gate, no peepholes, sigmoid gates, tanh block input and output; parameters in its layout
 * {@code W[nIn][4n]}, {@code RW[n][4n]}, {@code b[4n]}, column blocks a | f | o | i), the same
 * computation as model-core's {@code LstmCell}. With {@code z = x·W + h·RW + b}:
 *
 * <pre>
 *   a = tanh(z_a)   f = σ(z_f)   o = σ(z_o)   i = σ(z_i)
 *   c_t = f ⊙ c_{t-1} + i ⊙ a          h_t = o ⊙ tanh(c_t)
 * </pre>
 *
 * and, going back in time with {@code dh = ∂L/∂h_t + dh_next} (the loss's gradient at this step
 * plus what step t+1 sent back):
 *
 * <pre>
 *   dc    = dh ⊙ o ⊙ (1 − tanh²(c_t)) + dc_next
 *   dz_a  = dc ⊙ i ⊙ (1 − a²)           dz_f = dc ⊙ c_{t-1} ⊙ f ⊙ (1 − f)
 *   dz_o  = dh ⊙ tanh(c_t) ⊙ o ⊙ (1 − o) dz_i = dc ⊙ a ⊙ i ⊙ (1 − i)
 *   dc_next = dc ⊙ f     dh_next = dz·RWᵀ     ∂L/∂x_t = dz·Wᵀ
 *   ∂L/∂W += x_tᵀ·dz     ∂L/∂RW += h_{t-1}ᵀ·dz     ∂L/∂b += dz
 * </pre>
 *
 * <p>Why it exists: DL4J's layer runs each step as some twenty separate ND4J calls, each far
 * dearer than its arithmetic on a 64 × 32 minibatch, so a windowed epoch (96 steps per window)
 * costs seconds of call overhead. Here a step is a few vectorised loops over the minibatch
 * ({@link MinibatchProduct}, model-core's {@link Activations}). The arrays passed in and out
 * are flat, element {@code [s][k][t]} of a {@code [minibatch, size, time]} array at
 * {@code s + batch·(t + steps·k)}: a column-major {@code [minibatch, time, size]} array, which
 * DL4J's output layer can view as its {@code [minibatch·time, size]} matrix without copying.
 */
final class LstmSequencePass {
    private final int nIn;
    private final int n;
    private final int batch;
    private final int steps;
    private final MinibatchProduct product;

    private final float[][] w;
    private final float[][] rw;
    private final float[][] wT;
    private final float[][] rwT;
    private final float[] bias;

    /** Stored by {@link #forward}, indexed {@code [t][s]}: inputs, gates, cell states, tanh of them, outputs. */
    private final float[][][] x;
    private final float[][][] ga;
    private final float[][][] gf;
    private final float[][][] go;
    private final float[][][] gi;
    private final float[][][] c;
    private final float[][][] tc;
    private final float[][][] h;
    private final float[][] h0;
    private final float[][] c0;

    /** z of every sequence at the step being run forward, then ∂L/∂z at the step being backpropagated. */
    private final float[][] zRows;
    private final float[][] dzRows;
    private final float[][] dxRows;
    private final float[][] hPrevT;
    private final float[][] xT;
    private final float[] dh;
    private final float[] dc;
    private final float[][] dhNext;
    private final float[][] dcNext;

    LstmSequencePass(int inputSize, int hiddenSize, int batch, int steps, MinibatchProduct product) {
        this.product = product;
        this.nIn = inputSize;
        this.n = hiddenSize;
        this.batch = batch;
        this.steps = steps;
        int g = 4 * n;
        w = new float[nIn][g];
        rw = new float[n][g];
        wT = new float[g][nIn];
        rwT = new float[g][n];
        bias = new float[g];
        x = new float[steps][batch][nIn];
        ga = new float[steps][batch][n];
        gf = new float[steps][batch][n];
        go = new float[steps][batch][n];
        gi = new float[steps][batch][n];
        c = new float[steps][batch][n];
        tc = new float[steps][batch][n];
        h = new float[steps][batch][n];
        h0 = new float[batch][n];
        c0 = new float[batch][n];
        zRows = new float[batch][g];
        dxRows = new float[batch][nIn];
        hPrevT = new float[n][batch];
        xT = new float[nIn][batch];
        dzRows = new float[batch][g];
        dh = new float[n];
        dc = new float[n];
        dhNext = new float[batch][n];
        dcNext = new float[batch][n];
    }

    boolean fits(int inputSize, int hiddenSize, int minibatch, int length) {
        return inputSize == nIn && hiddenSize == n && minibatch == batch && length == steps;
    }

    /** Row-major {@code W[nIn][4n]}, {@code RW[n][4n]}, {@code b[4n]}. */
    void setParameters(float[] inputWeights, float[] recurrentWeights, float[] biases) {
        int g = 4 * n;
        for (int j = 0; j < nIn; j++) {
            System.arraycopy(inputWeights, j * g, w[j], 0, g);
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(recurrentWeights, k * g, rw[k], 0, g);
        }
        for (int col = 0; col < g; col++) {
            for (int j = 0; j < nIn; j++) {
                wT[col][j] = w[j][col];
            }
            for (int k = 0; k < n; k++) {
                rwT[col][k] = rw[k][col];
            }
        }
        System.arraycopy(biases, 0, bias, 0, g);
    }

    /**
     * @param input  {@code [batch][nIn][steps]}, laid out as every {@code [batch][size][steps]} array here (above)
     * @param hStart {@code [batch][n]}, or null for a zero state (likewise {@code cStart})
     * @param output {@code [batch][n][steps]}, filled with h
     */
    void forward(float[] input, float[] hStart, float[] cStart, float[] output) {
        for (int s = 0; s < batch; s++) {
            for (int k = 0; k < n; k++) {
                h0[s][k] = hStart == null ? 0f : hStart[s * n + k];
                c0[s][k] = cStart == null ? 0f : cStart[s * n + k];
            }
            for (int j = 0; j < nIn; j++) {
                for (int t = 0; t < steps; t++) {
                    x[t][s][j] = input[s + batch * (t + steps * j)];
                }
            }
        }
        int g = 4 * n;
        for (int t = 0; t < steps; t++) {
            float[][] hPrev = t == 0 ? h0 : h[t - 1];
            float[][] cPrev = t == 0 ? c0 : c[t - 1];
            for (int s = 0; s < batch; s++) {
                System.arraycopy(bias, 0, zRows[s], 0, g);
            }
            product.accumulateEach(zRows, w, x[t], batch, nIn, g);
            product.accumulateEach(zRows, rw, hPrev, batch, n, g);
            for (int s = 0; s < batch; s++) {
                float[] z = zRows[s];
                Activations.tanh(z, 0, n);
                Activations.sigmoid(z, n, g);
                float[] a = ga[t][s];
                float[] f = gf[t][s];
                float[] o = go[t][s];
                float[] i = gi[t][s];
                System.arraycopy(z, 0, a, 0, n);
                System.arraycopy(z, n, f, 0, n);
                System.arraycopy(z, 2 * n, o, 0, n);
                System.arraycopy(z, 3 * n, i, 0, n);
                cell(a, f, o, i, cPrev[s], c[t][s], tc[t][s], h[t][s]);
            }
        }
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < steps; t++) {
                int to = batch * (t + steps * k);
                for (int s = 0; s < batch; s++) {
                    output[to + s] = h[t][s][k];
                }
            }
        }
    }

    private void cell(float[] a, float[] f, float[] o, float[] i, float[] cPrev, float[] cNew, float[] tanhC, float[] hNew) {
        for (int k = 0; k < n; k++) {
            cNew[k] = f[k] * cPrev[k] + i[k] * a[k];
        }
        for (int k = 0; k < n; k++) {
            tanhC[k] = Activations.tanh(cNew[k]);
        }
        for (int k = 0; k < n; k++) {
            hNew[k] = o[k] * tanhC[k];
        }
    }

    /** {@code to[k][s] = from[s][k]} for {@code k < size}. */
    private void transpose(float[][] from, float[][] to, int size) {
        for (int s = 0; s < batch; s++) {
            for (int k = 0; k < size; k++) {
                to[k][s] = from[s][k];
            }
        }
    }

    /** The last step's h ({@code [batch][n]}), the state a following piece starts from. */
    float[] lastOutput() {
        return rows(h[steps - 1]);
    }

    /** The last step's cell state ({@code [batch][n]}). */
    float[] lastCellState() {
        return rows(c[steps - 1]);
    }

    private float[] rows(float[][] m) {
        float[] r = new float[batch * n];
        for (int s = 0; s < batch; s++) {
            System.arraycopy(m[s], 0, r, s * n, n);
        }
        return r;
    }

    /**
     * Backpropagation through the steps of the last {@link #forward}, from the last step down to
     * {@code firstStep} (0 for all of them; later for truncated BPTT, as DL4J truncates it).
     *
     * @param epsilon    ∂L/∂h, {@code [batch][n][steps]}
     * @param inputGrad  ∂L/∂x out, {@code [batch][nIn][steps]} (zero before {@code firstStep})
     * @param wGrad      ∂L/∂W out, row-major {@code [nIn][4n]}; likewise {@code rwGrad}, {@code bGrad}
     */
    void backward(float[] epsilon, int firstStep, float[] inputGrad, float[] wGrad, float[] rwGrad, float[] bGrad) {
        int g = 4 * n;
        float[][] dW = new float[nIn][g];
        float[][] dRW = new float[n][g];
        float[] db = new float[g];
        Arrays.fill(inputGrad, 0f);
        for (int s = 0; s < batch; s++) {
            Arrays.fill(dhNext[s], 0f);
            Arrays.fill(dcNext[s], 0f);
        }
        for (int t = steps - 1; t >= firstStep; t--) {
            for (int s = 0; s < batch; s++) {
                float[] a = ga[t][s];
                float[] f = gf[t][s];
                float[] o = go[t][s];
                float[] i = gi[t][s];
                float[] tanhC = tc[t][s];
                float[] cPrev = t == 0 ? c0[s] : c[t - 1][s];
                float[] dhn = dhNext[s];
                float[] dcn = dcNext[s];
                for (int k = 0; k < n; k++) {
                    dh[k] = epsilon[s + batch * (t + steps * k)] + dhn[k];
                }
                for (int k = 0; k < n; k++) {
                    dc[k] = dh[k] * o[k] * (1f - tanhC[k] * tanhC[k]) + dcn[k];
                }
                float[] dz = dzRows[s];
                for (int k = 0; k < n; k++) {
                    dz[k] = dc[k] * i[k] * (1f - a[k] * a[k]);
                    dz[n + k] = dc[k] * cPrev[k] * f[k] * (1f - f[k]);
                    dz[2 * n + k] = dh[k] * tanhC[k] * o[k] * (1f - o[k]);
                    dz[3 * n + k] = dc[k] * a[k] * i[k] * (1f - i[k]);
                    dcn[k] = dc[k] * f[k];
                }
                for (int col = 0; col < g; col++) {
                    db[col] += dz[col];
                }
                Arrays.fill(dhn, 0f);
                Arrays.fill(dxRows[s], 0f);
            }
            product.accumulateEach(dhNext, rwT, dzRows, batch, g, n);
            product.accumulateEach(dxRows, wT, dzRows, batch, g, nIn);
            for (int s = 0; s < batch; s++) {
                for (int j = 0; j < nIn; j++) {
                    inputGrad[s + batch * (t + steps * j)] = dxRows[s][j];
                }
            }
            // ∂L/∂RW += h_{t-1}ᵀ·dz over the minibatch: row k of RW gets Σ_s h_s[k]·dz_s.
            transpose(t == 0 ? h0 : h[t - 1], hPrevT, n);
            product.accumulateEach(dRW, dzRows, hPrevT, n, batch, g);
            transpose(x[t], xT, nIn);
            product.accumulateEach(dW, dzRows, xT, nIn, batch, g);
        }
        for (int j = 0; j < nIn; j++) {
            System.arraycopy(dW[j], 0, wGrad, j * g, g);
        }
        for (int k = 0; k < n; k++) {
            System.arraycopy(dRW[k], 0, rwGrad, k * g, g);
        }
        System.arraycopy(db, 0, bGrad, 0, g);
    }
}
