package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParityTest {
    private final SequenceModel model = new LstmModel(1, new int[] {8}, 1, false, 0.01, 7, 64);
    private final List<Sequence> ramps = ramps();

    private static List<Sequence> ramps() {
        List<Sequence> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            int n = 20;
            float[][] x = new float[n][1];
            float[][] y = new float[n][1];
            boolean[] mask = new boolean[n];
            Arrays.fill(mask, true);
            for (int t = 0; t < n; t++) {
                x[t][0] = 0.1f * (t - k);
            }
            out.add(new Sequence(x, y, mask, new int[n]));
        }
        return out;
    }

    /** The network with its head's bias replaced, i.e. every output shifted by {@code bias − b}. */
    private static RecurrentNetwork withHeadBias(RecurrentNetwork n, float bias) {
        DenseHead h = n.head();
        float[][] blocks = h.parameterBlocks();
        return new RecurrentNetwork(n.layers(), new DenseHead(h.inputSize(), h.outputSize(), blocks[0].clone(),
                new float[] {bias}, h.activation()));
    }

    @Test
    void anExactExportPasses() throws InvalidBundleException {
        assertThat(Parity.verify(model, model.export(), ramps)).isBetween(0.0, Parity.BOUND);
    }

    @Test
    void anExportOffByMoreThanTheBoundIsRefused() {
        RecurrentNetwork exact = model.export();
        RecurrentNetwork off = withHeadBias(exact, exact.head().parameterBlocks()[1][0] + 1e-3f);

        assertThatThrownBy(() -> Parity.verify(model, off, ramps))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("differ from DL4J's outputs by 0.00100");
    }

    /** NaN compares false with any bound: a NaN output must refuse the export, not pass it. */
    @Test
    void aNaNOutputIsRefused() {
        RecurrentNetwork nan = withHeadBias(model.export(), Float.NaN);

        assertThatThrownBy(() -> Parity.verify(model, nan, ramps))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("by NaN");
    }

    /** A model that outputs only the last step is compared there, and refused when it differs there. */
    @Test
    void aLastStepModelIsComparedAtItsLastStep() throws InvalidBundleException {
        SequenceModel lastStep = LstmModel.lastStep(1, new int[] {8}, 1, 0.01, 7);
        RecurrentNetwork exact = lastStep.export();

        assertThat(lastStep.output(ramps.get(0))).hasDimensions(1, 1);
        assertThat(Parity.verify(lastStep, exact, ramps)).isBetween(0.0, Parity.BOUND);
        assertThatThrownBy(() -> Parity.verify(lastStep, withHeadBias(exact, exact.head().parameterBlocks()[1][0] + 1e-3f),
                ramps)).isInstanceOf(InvalidBundleException.class).hasMessageContaining("by 0.00100");
    }
}
