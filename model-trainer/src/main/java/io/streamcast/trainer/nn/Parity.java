package io.streamcast.trainer.nn;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.NetworkState;
import io.streamcast.core.nn.NetworkStepper;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.List;

/** The export check: model-core's cells against the framework that trained the model. */
public final class Parity {
    /** Exports whose outputs differ by more than this are refused. */
    public static final double BOUND = 1e-5;

    private Parity() {
    }

    /**
     * The max |Δ| of {@link #maxAbsDiff}, or a refusal when it exceeds {@link #BOUND} or is NaN (a
     * NaN on either side compares false with any bound, so it must be refused explicitly).
     */
    public static double verify(SequenceModel model, RecurrentNetwork network, List<Sequence> sequences)
            throws InvalidBundleException {
        double parity = maxAbsDiff(model, network, sequences);
        if (!(parity <= BOUND)) {
            throw new InvalidBundleException(String.format(
                    "export check failed: model-core's cells differ from %s's outputs by %.3g (bound %.0e)",
                    model.cellType() == CellType.LSTM ? "DL4J" : "SameDiff", parity, BOUND));
        }
        return parity;
    }

    /**
     * Max |framework output − model-core output| over sequences stepped from a zero state, at every
     * step the framework outputs; NaN if any output is NaN.
     */
    private static double maxAbsDiff(SequenceModel model, RecurrentNetwork network, List<Sequence> sequences) {
        double max = 0;
        NetworkStepper stepper = network.newStepper();
        float[] y = new float[network.outputSize()];
        for (Sequence s : sequences) {
            float[][] reference = model.output(s);
            int first = s.length() - reference.length; // a last-step model outputs the last step only
            NetworkState state = network.newState();
            for (int t = 0; t < s.length(); t++) {
                stepper.step(s.x()[t], state, y);
                for (int k = 0; t >= first && k < y.length; k++) {
                    max = Math.max(max, Math.abs(y[k] - reference[t - first][k]));
                }
            }
        }
        return max;
    }
}
