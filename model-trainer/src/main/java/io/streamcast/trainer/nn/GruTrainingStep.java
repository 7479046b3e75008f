package io.streamcast.trainer.nn;

import io.streamcast.trainer.Dl4jExport;
import io.streamcast.trainer.prep.Sequence;
import java.util.List;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * One Adam step of {@link GruModel}'s network, its gradients computed by {@link GruSequencePass}
 * and the dense head below: the loss is the graph's (masked MSE, or masked cross-entropy of a
 * softmax with SameDiff's 1e-7 inside the log), and ND4J's Adam is applied to the graph's variables
 * as SameDiff's {@code fit} would apply it ({@code applyUpdater}, then {@code param -= update}).
 *
 * <p>Why not SameDiff's {@code fit}: 1.0.0-M2's {@code gru_bp} returns wrong gradients for the
 * reset gate's parameters (and, through them, slightly wrong ones for the rest), and it spent 9.8 s
 * on a windowed ETTh1 epoch of a hidden-64 GRU, mostly in per-step native calls.
 * {@code GruTrainingStepTest} checks these gradients against finite differences of the graph's own
 * loss, computed by SameDiff's forward pass.
 */
final class GruTrainingStep {
    private final SameDiff sd;
    private final int nIn;
    private final int nOut;
    private final int[] hidden;
    private final boolean softmax;
    private final MinibatchProduct product = MinibatchProduct.best();
    private final String[] names;
    private final GradientUpdater<?>[] updaters;
    private GruSequencePass[] passes;
    private int iteration;

    /** The variables' names as {@link GruModel} declares them: per layer wx, wh, b; then the head's hw, hb. */
    GruTrainingStep(SameDiff sd, int nIn, int[] hidden, int nOut, boolean softmax, Adam adam) {
        this.sd = sd;
        this.nIn = nIn;
        this.nOut = nOut;
        this.hidden = hidden.clone();
        this.softmax = softmax;
        names = new String[3 * hidden.length + 2];
        for (int l = 0; l < hidden.length; l++) {
            names[3 * l] = "wx" + l;
            names[3 * l + 1] = "wh" + l;
            names[3 * l + 2] = "b" + l;
        }
        names[names.length - 2] = "hw";
        names[names.length - 1] = "hb";
        updaters = new GradientUpdater<?>[names.length];
        for (int v = 0; v < names.length; v++) {
            INDArray param = sd.getVariable(names[v]).getArr();
            INDArray state = Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(param.length()));
            updaters[v] = adam.instantiate(state, false);
            updaters[v].setStateViewArray(state, param.shape(), 'c', true); // moments shaped as the gradients
        }
    }

    /** One step on a minibatch of equally long pieces, each from a zero state; returns the batch's loss before the step. */
    double fit(List<Sequence> batch) {
        float[][] grads = new float[names.length][];
        double loss = gradients(batch, grads);
        for (int v = 0; v < names.length; v++) {
            INDArray param = sd.getVariable(names[v]).getArr();
            INDArray update = Nd4j.create(grads[v], param.shape(), 'c');
            updaters[v].applyUpdater(update, iteration, 0);
            param.subi(update);
        }
        iteration++;
        return loss;
    }

    /** The batch's loss, and its gradients in {@code grads} (row-major, one array per variable in declaration order). */
    double gradients(List<Sequence> batch, float[][] grads) {
        int b = batch.size();
        int steps = batch.get(0).length();
        preparePasses(b, steps);
        float[][][] in = new float[steps][b][];
        for (int t = 0; t < steps; t++) {
            for (int s = 0; s < b; s++) {
                in[t][s] = batch.get(s).x()[t];
            }
        }
        for (int l = 0; l < hidden.length; l++) {
            passes[l].setParameters(param(3 * l), param(3 * l + 1), param(3 * l + 2));
            in = passes[l].forward(in);
        }
        int top = hidden[hidden.length - 1];
        float[][][] dh = new float[steps][b][top];
        float[] hw = param(names.length - 2);
        float[] hb = param(names.length - 1);
        float[] dhw = new float[top * nOut];
        float[] dhb = new float[nOut];
        double loss = head(batch, in, hw, hb, dh, dhw, dhb);
        grads[names.length - 2] = dhw;
        grads[names.length - 1] = dhb;
        for (int l = hidden.length - 1; l >= 0; l--) {
            int inSize = l == 0 ? nIn : hidden[l - 1];
            int g = 3 * hidden[l];
            grads[3 * l] = new float[inSize * g];
            grads[3 * l + 1] = new float[hidden[l] * g];
            grads[3 * l + 2] = new float[g];
            float[][][] dx = l == 0 ? null : new float[steps][b][inSize];
            passes[l].backward(dh, dx, grads[3 * l], grads[3 * l + 1], grads[3 * l + 2]);
            dh = dx;
        }
        return loss;
    }

    private void preparePasses(int b, int steps) {
        if (passes != null && passes[0].fits(nIn, hidden[0], b, steps)) {
            return;
        }
        long bytes = passBytes(b, steps, nIn, hidden);
        long heap = Runtime.getRuntime().maxMemory();
        if (bytes > heap / 2) {
            throw new IllegalArgumentException(String.format("a GRU training step on %d pieces of %d steps keeps %d MB"
                    + " of gates on the heap, over half of its %d MB: use a smaller --batch or --piece", b, steps,
                    bytes >> 20, heap >> 20));
        }
        passes = new GruSequencePass[hidden.length];
        for (int l = 0; l < hidden.length; l++) {
            passes[l] = new GruSequencePass(l == 0 ? nIn : hidden[l - 1], hidden[l], b, steps, product);
        }
    }

    /**
     * Bytes a step's arrays take on the Java heap: per layer the five stored {@code [steps][batch][n]}
     * arrays of {@link GruSequencePass}, ∂L/∂h from above and ∂L/∂x below. The pass has no
     * fallback (SameDiff's backward op is wrong), so a step that cannot fit is refused up front
     * rather than ending in an {@code OutOfMemoryError} hours into a run.
     */
    static long passBytes(int batch, int steps, int nIn, int[] hidden) {
        long floats = 0;
        int in = nIn;
        for (int n : hidden) {
            floats += (long) steps * batch * (6L * n + in);
            in = n;
        }
        return 4 * floats;
    }

    /**
     * The dense head {@code y = h·hw + hb} (softmax for a classifier) at every scored step, the loss
     * over those steps as {@link GruModel}'s graph defines it, and its gradients: ∂L/∂h into
     * {@code dh}, ∂L/∂hw and ∂L/∂hb accumulated. Unscored steps have no output and no gradient.
     */
    private double head(List<Sequence> batch, float[][][] h, float[] hw, float[] hb, float[][][] dh, float[] dhw,
            float[] dhb) {
        int top = hw.length / nOut;
        int steps = h.length;
        long scored = 0;
        for (Sequence s : batch) {
            for (int t = 0; t < steps; t++) {
                scored += s.mask()[t] ? 1 : 0;
            }
        }
        // SameDiff's denominators, 1e-8 and all: Σmask·nOut for MSE, Σmask for cross-entropy.
        double denominator = softmax ? scored + 1e-8 : (double) scored * nOut + 1e-8;
        float[] y = new float[nOut];
        float[] dy = new float[nOut];
        double sum = 0;
        for (int s = 0; s < batch.size(); s++) {
            Sequence seq = batch.get(s);
            for (int t = 0; t < steps; t++) {
                if (!seq.mask()[t]) {
                    continue;
                }
                float[] hs = h[t][s];
                float[] label = seq.y()[t];
                // The logits by hand, not by model-core's DenseHead: its blocked sums round differently,
                // and the session-17 figures (ETTh1 h = 24: 0.026935) were trained with these.
                for (int k = 0; k < nOut; k++) {
                    float v = hb[k];
                    for (int j = 0; j < top; j++) {
                        v += hs[j] * hw[j * nOut + k];
                    }
                    y[k] = v;
                }
                sum += softmax ? crossEntropy(y, label, dy, denominator) : squaredError(y, label, dy, denominator);
                float[] d = dh[t][s];
                for (int j = 0; j < top; j++) {
                    float acc = 0f;
                    for (int k = 0; k < nOut; k++) {
                        acc += dy[k] * hw[j * nOut + k];
                        dhw[j * nOut + k] += hs[j] * dy[k];
                    }
                    d[j] = acc;
                }
                for (int k = 0; k < nOut; k++) {
                    dhb[k] += dy[k];
                }
            }
        }
        return sum / denominator;
    }

    /** Σ(y − label)², with ∂L/∂y into {@code dy}. */
    private static double squaredError(float[] y, float[] label, float[] dy, double denominator) {
        double sum = 0;
        for (int k = 0; k < y.length; k++) {
            double d = y[k] - label[k];
            sum += d * d;
            dy[k] = (float) (2 * d / denominator);
        }
        return sum;
    }

    /**
     * −Σ label·log(p + 1e-7) for {@code p = softmax(logits)}, with ∂L/∂logits into {@code dy}:
     * {@code g = −label/(p + 1e-7)/denominator}, then through the softmax {@code p ⊙ (g − p·g)}.
     */
    private static double crossEntropy(float[] logits, float[] label, float[] dy, double denominator) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] = Math.exp(logits[k] - max);
            total += p[k];
        }
        double sum = 0;
        double dot = 0;
        double[] g = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            p[k] /= total;
            sum -= label[k] * Math.log(p[k] + 1e-7);
            g[k] = -label[k] / (p[k] + 1e-7) / denominator;
            dot += p[k] * g[k];
        }
        for (int k = 0; k < logits.length; k++) {
            dy[k] = (float) (p[k] * (g[k] - dot));
        }
        return sum;
    }

    private float[] param(int v) {
        return Dl4jExport.rowMajor(sd.getVariable(names[v]).getArr());
    }
}
