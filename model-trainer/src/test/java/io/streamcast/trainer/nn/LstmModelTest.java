package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class LstmModelTest {
    private static final int STEPS = 10;

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

    /**
     * The last-step form (LastTimeStep + OutputLayer) is the streaming form (RnnOutputLayer, loss
     * masked to the last step) computed on one step: the same initial parameters, the same Adam
     * steps, the same parameters after them.
     */
    @Test
    void theLastStepFormTrainsAsTheStreamingFormMaskedToTheLastStep() {
        int[] hidden = {6, 5};
        LstmModel streaming = new LstmModel(2, hidden, 3, false, 0.01, 3, STEPS);
        LstmModel lastStep = LstmModel.lastStep(2, hidden, 3, 0.01, 3);
        assertThat(maxAbsDiff(lastStep, streaming)).isZero();

        Random random = new Random(9);
        for (int i = 0; i < 5; i++) {
            List<Sequence> batch = windows(random, 7);
            double a = streaming.fit(batch);
            double b = lastStep.fit(batch);
            assertThat(b).isCloseTo(a, within(1e-5 * a));
        }
        assertThat(maxAbsDiff(lastStep, streaming)).isLessThan(1e-5);
        float[][] out = lastStep.output(windows(random, 1).get(0));
        assertThat(out).hasDimensions(1, 3);
    }

    @Test
    void aSequenceScoredBeforeItsLastStepIsRefusedByTheLastStepForm() {
        List<Sequence> batch = windows(new Random(1), 2);
        batch.get(1).mask()[3] = true;

        assertThatThrownBy(() -> LstmModel.lastStep(2, new int[] {4}, 3, 0.01, 3).fit(batch))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sequence 1 is also scored at step 3");
    }

    private static double maxAbsDiff(LstmModel a, LstmModel b) {
        return ((INDArray) a.snapshot()).sub((INDArray) b.snapshot()).amaxNumber().doubleValue();
    }
}
