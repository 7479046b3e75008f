package io.streamcast.trainer.nn;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.GruCell;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.Dl4jExport;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;

/**
 * Stacked GRU layers feeding a dense head, in SameDiff (DL4J has no GRU layer): the {@code gru}
 * op over time-major sequences {@code [T, B, nIn]}, an output at every step, masked MSE loss.
 * Each piece starts from a zero state and is backpropagated through in full.
 *
 * <p>The graph holds the parameters and computes every output (so the export check compares
 * model-core's cells with SameDiff's {@code gru} op), but the training step's gradients are
 * {@link GruTrainingStep}'s: SameDiff 1.0.0-M2's {@code gru_bp} gets the reset gate's gradients
 * wrong ({@code GruTrainingStepTest} shows them against finite differences of this graph's loss).
 */
public final class GruModel implements SequenceModel {
    private final SameDiff sd = SameDiff.create();
    private final int nIn;
    private final int nOut;
    private final int[] hidden;
    private final SDVariable y;
    private final boolean softmax;
    /** The length of every sequence of a last-step model ({@link #lastStep}), else 0. */
    private final int lastStep;
    /** The updater's configuration, which Adam reads at every step. */
    private final Adam adam;
    private final GruTrainingStep training;

    /** @param softmax a classifier (softmax head, cross-entropy) instead of a regressor (identity, MSE) */
    public GruModel(int nIn, int[] hidden, int nOut, boolean softmax, double learningRate, long seed) {
        this(nIn, hidden, nOut, softmax, learningRate, seed, 0);
    }

    /**
     * A regressor for sequences of {@code steps} steps scored at the last one only (the windowed
     * protocol): its graph's head and loss take that step alone, so its output is that step's.
     */
    public static GruModel lastStep(int nIn, int[] hidden, int nOut, double learningRate, long seed, int steps) {
        return new GruModel(nIn, hidden, nOut, false, learningRate, seed, steps);
    }

    private GruModel(int nIn, int[] hidden, int nOut, boolean softmax, double learningRate, long seed, int lastStep) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.hidden = hidden.clone();
        this.softmax = softmax;
        this.lastStep = lastStep;
        this.adam = new Adam(learningRate);
        Nd4j.getRandom().setSeed(seed);
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, nIn);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, -1, nOut);
        SDVariable mask = sd.placeHolder("mask", DataType.FLOAT, -1, -1, 1);
        SDVariable in = x;
        int inSize = nIn;
        for (int l = 0; l < hidden.length; l++) {
            int n = hidden[l];
            SDVariable h0 = sd.placeHolder("h0_" + l, DataType.FLOAT, -1, n);
            SDVariable wx = sd.var("wx" + l, new XavierInitScheme('c', inSize, 3 * n), DataType.FLOAT, inSize, 3L * n);
            SDVariable wh = sd.var("wh" + l, new XavierInitScheme('c', n, 3 * n), DataType.FLOAT, n, 3L * n);
            SDVariable b = sd.var("b" + l, new ZeroInitScheme('c'), DataType.FLOAT, 3L * n);
            in = sd.rnn().gru("gru" + l, in, h0, wx, wh, b);
            inSize = n;
        }
        SDVariable hw = sd.var("hw", new XavierInitScheme('c', inSize, nOut), DataType.FLOAT, inSize, nOut);
        SDVariable hb = sd.var("hb", new ZeroInitScheme('c'), DataType.FLOAT, 1, nOut);
        // Time and batch flattened together: rows are (t, b) pairs in time-major order.
        SDVariable logits = scored(in, inSize).mmul(hw).add(hb);
        SDVariable flatLabel = scored(label, nOut);
        SDVariable flatMask = scored(mask, 1);
        SDVariable loss;
        if (softmax) {
            y = sd.nn().softmax(logits, 1);
            loss = flatLabel.mul(sd.math().log(y.add(1e-7))).mul(flatMask).sum().neg()
                    .div(flatMask.sum().add(1e-8)).rename("loss");
        } else {
            y = logits;
            SDVariable diff = y.sub(flatLabel);
            loss = diff.mul(diff).mul(flatMask).sum().div(flatMask.sum().mul(nOut).add(1e-8)).rename("loss");
        }
        sd.setLossVariables(loss);
        training = new GruTrainingStep(sd, nIn, hidden, nOut, softmax, adam);
    }

    /**
     * The scored rows of a time-major {@code [T, B, size]} variable as a {@code [rows, size]}
     * matrix: every (t, b) pair in time-major order, or the last step's B rows for a last-step
     * model (an interval, which keeps the rank, where a point index would drop it).
     */
    private SDVariable scored(SDVariable v, int size) {
        SDVariable rows = lastStep == 0 ? v
                : v.get(SDIndex.interval(lastStep - 1, lastStep), SDIndex.all(), SDIndex.all());
        return rows.reshape(-1, size);
    }

    @Override
    public CellType cellType() {
        return CellType.GRU;
    }

    /** The graph's inputs for a batch of equally long sequences, time-major, each from a zero state. */
    private Map<String, INDArray> feed(List<Sequence> batch) {
        int b = batch.size();
        int t = batch.get(0).length();
        float[] xs = new float[t * b * nIn];
        float[] ys = new float[t * b * nOut];
        float[] ms = new float[t * b];
        for (int i = 0; i < b; i++) {
            Sequence s = batch.get(i);
            for (int step = 0; step < s.length(); step++) {
                System.arraycopy(s.x()[step], 0, xs, (step * b + i) * nIn, nIn);
                System.arraycopy(s.y()[step], 0, ys, (step * b + i) * nOut, nOut);
                ms[step * b + i] = s.mask()[step] ? 1f : 0f;
            }
        }
        Map<String, INDArray> feed = new HashMap<>();
        feed.put("x", Nd4j.create(xs, new long[] {t, b, nIn}, 'c'));
        feed.put("label", Nd4j.create(ys, new long[] {t, b, nOut}, 'c'));
        feed.put("mask", Nd4j.create(ms, new long[] {t, b, 1}, 'c'));
        for (int l = 0; l < hidden.length; l++) {
            feed.put("h0_" + l, Nd4j.zeros(DataType.FLOAT, b, hidden[l]));
        }
        return feed;
    }

    @Override
    public double fit(List<Sequence> batch) {
        if (lastStep > 0) {
            batch.forEach(this::requireLastStepLength);
            SequenceModel.requireScoredAtLastStepOnly(batch);
        }
        return training.fit(batch);
    }

    /** The graph's own loss on a batch, by SameDiff's forward pass: what the training step's gradients are checked against. */
    double graphLoss(List<Sequence> batch) {
        return sd.output(feed(batch), "loss").get("loss").getDouble(0);
    }

    /** The training step's gradients on a batch, one row-major array per variable in {@link GruTrainingStep}'s order. */
    float[][] gradients(List<Sequence> batch) {
        float[][] grads = new float[3 * hidden.length + 2][];
        training.gradients(batch, grads);
        return grads;
    }

    /** The live array of a variable ({@code wx0}, {@code wh0}, {@code b0}, …, {@code hw}, {@code hb}). */
    INDArray parameter(String name) {
        return sd.getVariable(name).getArr();
    }

    @Override
    public void decayLearningRate(double factor) {
        adam.setLearningRate(adam.getLearningRate() * factor);
    }

    @Override
    public float[][] output(Sequence s) {
        if (lastStep > 0) {
            requireLastStepLength(s);
        }
        float[] flat = sd.output(feed(List.of(s)), y.name()).get(y.name()).dup('c').data().asFloat(); // [T or 1, nOut]
        float[][] r = new float[flat.length / nOut][nOut];
        for (int step = 0; step < r.length; step++) {
            System.arraycopy(flat, step * nOut, r[step], 0, nOut);
        }
        return r;
    }

    /** The graph of a last-step model slices one fixed step: a sequence of another length would be scored at the wrong one. */
    private void requireLastStepLength(Sequence s) {
        if (s.length() != lastStep) {
            throw new IllegalArgumentException("this model runs sequences of " + lastStep + " steps, not " + s.length());
        }
    }

    @Override
    public RecurrentNetwork export() {
        List<RecurrentCell> cells = new ArrayList<>();
        int inSize = nIn;
        for (int l = 0; l < hidden.length; l++) {
            cells.add(new GruCell(inSize, hidden[l], param("wx" + l), param("wh" + l), param("b" + l)));
            inSize = hidden[l];
        }
        return new RecurrentNetwork(cells, new DenseHead(inSize, nOut, param("hw"), param("hb"),
                softmax ? HeadActivation.SOFTMAX : HeadActivation.IDENTITY));
    }

    private float[] param(String name) {
        return Dl4jExport.rowMajor(sd.getVariable(name).getArr());
    }

    @Override
    public Object snapshot() {
        Map<String, INDArray> copy = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == org.nd4j.autodiff.samediff.VariableType.VARIABLE) {
                copy.put(v.name(), v.getArr().dup());
            }
        }
        return copy;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Object snapshot) {
        ((Map<String, INDArray>) snapshot).forEach((name, arr) -> sd.getVariable(name).getArr().assign(arr));
    }
}
