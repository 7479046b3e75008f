package io.streamcast.trainer.nn;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.NetworkState;
import io.streamcast.core.nn.NetworkStepper;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.List;

/** A recurrent model being trained: DL4J's network (LSTM) or a SameDiff graph (GRU). */
public interface SequenceModel {
    CellType cellType();

    /**
     * One optimiser step on a minibatch of equally long pieces; returns the batch's loss (masked
     * MSE, or cross-entropy for a classifier) before the step.
     */
    double fit(List<Sequence> batch);

    /** Multiplies Adam's learning rate by {@code factor}; its moment estimates are kept. */
    void decayLearningRate(double factor);

    /**
     * The framework's own output at every step of a sequence run from a zero state ({@code [t][out]}),
     * or at its last steps only (the last row is the last step's) for a model that outputs only those.
     */
    float[][] output(Sequence s);

    /** The current parameters in model-core's inference form. */
    RecurrentNetwork export();

    /** A copy of the current parameters, for early stopping. */
    Object snapshot();

    void restore(Object snapshot);

    /** Refuses a batch for a last-step model (scored at each sequence's last step only) that has another scored step. */
    static void requireScoredAtLastStepOnly(List<Sequence> batch) {
        for (int i = 0; i < batch.size(); i++) {
            if (!batch.get(i).scoredAtLastStepOnly()) {
                throw new IllegalArgumentException("a last-step model is scored at the last step only; sequence " + i
                        + " is scored elsewhere too");
            }
        }
    }

    /**
     * Masked mean squared error of an exported network over sequences, each run from a zero state.
     * Computed with model-core's cells (equal to the framework's outputs within the export bound,
     * much faster than a framework call per sequence when there are thousands of short windows,
     * and safe on any thread, as it touches no framework state).
     */
    static double loss(RecurrentNetwork network, List<Sequence> sequences) {
        NetworkStepper stepper = network.newStepper();
        NetworkState state = network.newState();
        float[] out = new float[network.outputSize()];
        double sum = 0;
        long n = 0;
        for (Sequence s : sequences) {
            state.reset();
            for (int t = 0; t < s.length(); t++) {
                stepper.step(s.x()[t], state, out);
                if (!s.mask()[t]) {
                    continue;
                }
                for (int k = 0; k < out.length; k++) {
                    double d = out[k] - s.y()[t][k];
                    sum += d * d;
                }
                n += out.length;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
