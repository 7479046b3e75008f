package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The windowed protocol's models (head and loss on the last step only) against the streaming form
 * with its loss masked to that step: the same function, so from the same seed the same Adam steps
 * must give the same parameters.
 */
class LastStepModelTest {
    private static final int STEPS = 10;
    private static final int[] HIDDEN = {6, 5};

    /** Windows scored at their last step only, as the windowed protocol makes them. */
    private static List<Sequence> windows(Random random, int count) {
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] x = new float[STEPS][2];
            float[][] y = new float[STEPS][3];
            for (int t = 0; t < STEPS; t++) {
                x[t][0] = (float) random.nextGaussian();
                x[t][1] = (float) random.nextGaussian();
                for (int k = 0; k < 3; k++) {
                    y[t][k] = (float) random.nextGaussian();
                }
            }
            boolean[] mask = new boolean[STEPS];
            mask[STEPS - 1] = true;
            out.add(new Sequence(x, y, mask, new int[STEPS]));
        }
        return out;
    }

    @Test
    void theLstmsLastStepFormTrainsAsItsStreamingFormMaskedToTheLastStep() {
        LstmModel streaming = new LstmModel(2, HIDDEN, 3, false, 0.01, 3, STEPS);
        LstmModel lastStep = LstmModel.lastStep(2, HIDDEN, 3, 0.01, 3);
        trainBothAndCompare(streaming, lastStep);
    }

    @Test
    void theGrusLastStepFormTrainsAsItsStreamingFormMaskedToTheLastStep() {
        GruModel streaming = new GruModel(2, HIDDEN, 3, false, 0.01, 3);
        GruModel lastStep = GruModel.lastStep(2, HIDDEN, 3, 0.01, 3, STEPS);
        trainBothAndCompare(streaming, lastStep);
    }

    private static void trainBothAndCompare(SequenceModel streaming, SequenceModel lastStep) {
        RecurrentNetwork initial = streaming.export();
        assertThat(maxAbsDiff(lastStep.export(), initial)).isZero();
        Random random = new Random(9);
        for (int i = 0; i < 5; i++) {
            List<Sequence> batch = windows(random, 7);
            double a = streaming.fit(batch);
            double b = lastStep.fit(batch);
            assertThat(b).isCloseTo(a, within(1e-5 * a));
        }
        assertThat(maxAbsDiff(streaming.export(), initial)).as("training moved the parameters").isGreaterThan(1e-3);
        assertThat(maxAbsDiff(lastStep.export(), streaming.export())).isLessThan(1e-5);
        assertThat(lastStep.output(windows(random, 1).get(0))).hasDimensions(1, 3);
    }

    @Test
    void aSequenceScoredBeforeItsLastStepIsRefused() {
        List<Sequence> batch = windows(new Random(1), 2);
        batch.get(1).mask()[3] = true;

        assertThatThrownBy(() -> LstmModel.lastStep(2, new int[] {4}, 3, 0.01, 3).fit(batch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 is scored elsewhere too");
        assertThatThrownBy(() -> GruModel.lastStep(2, new int[] {4}, 3, 0.01, 3, STEPS).fit(batch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 is scored elsewhere too");
    }

    private static double maxAbsDiff(RecurrentNetwork a, RecurrentNetwork b) {
        double max = 0;
        for (int l = 0; l < a.layers().size(); l++) {
            max = Math.max(max, maxAbsDiff(a.layers().get(l).parameterBlocks(), b.layers().get(l).parameterBlocks()));
        }
        return Math.max(max, maxAbsDiff(a.head().parameterBlocks(), b.head().parameterBlocks()));
    }

    private static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }
}
