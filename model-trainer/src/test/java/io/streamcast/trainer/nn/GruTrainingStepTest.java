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

/**
 * The fused GRU training step's gradients against central finite differences of the graph's own
 * loss (SameDiff's {@code gru} op and head, run forward), for every parameter of every form the
 * trainer builds: a stacked regressor with a mask, a classifier, a last-step model. SameDiff's
 * {@code gru_bp} fails this check on the reset gate's parameters (b0[0]: −0.00812 where the
 * slope is 0.00304), which is why the trainer does not use it.
 */
class GruTrainingStepTest {
    private static List<Sequence> batch(Random random, int count, int steps, int nIn, int nOut, boolean oneHot,
            boolean lastStepOnly) {
        List<Sequence> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            float[][] x = new float[steps][nIn];
            float[][] y = new float[steps][nOut];
            boolean[] mask = new boolean[steps];
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < nIn; j++) {
                    x[t][j] = (float) random.nextGaussian();
                }
                if (oneHot) {
                    y[t][random.nextInt(nOut)] = 1f;
                } else {
                    for (int k = 0; k < nOut; k++) {
                        y[t][k] = (float) random.nextGaussian();
                    }
                }
                mask[t] = lastStepOnly ? t == steps - 1 : random.nextDouble() < 0.7;
            }
            out.add(new Sequence(x, y, mask, new int[steps]));
        }
        return out;
    }

    @Test
    void aStackedRegressorWithAMaskGetsTheSlopesOfItsLoss() {
        GruModel model = new GruModel(2, new int[] {3, 2}, 2, false, 0.01, 5);
        checkGradientsAndTraining(model, random -> batch(random, 4, 6, 2, 2, false, false));
    }

    @Test
    void aClassifierGetsTheSlopesOfItsLoss() {
        GruModel model = new GruModel(2, new int[] {4}, 3, true, 0.01, 5);
        checkGradientsAndTraining(model, random -> batch(random, 4, 5, 2, 3, true, false));
    }

    @Test
    void aLastStepModelGetsTheSlopesOfItsLoss() {
        GruModel model = GruModel.lastStep(1, new int[] {4}, 2, 0.01, 5, 7);
        checkGradientsAndTraining(model, random -> batch(random, 5, 7, 1, 2, false, true));
    }

    @Test
    void aStepWhoseGatesWouldTakeOverHalfTheHeapIsRefusedWithTheOptionsToChange() {
        // 64 pieces of 10,000 steps, hidden 256: 64·10^4·(6·256 + 1)·4 bytes ≈ 3.9 GB.
        assertThat(GruTrainingStep.passBytes(64, 10_000, 1, new int[] {256})).isEqualTo(4L * 64 * 10_000 * (6 * 256 + 1));
        GruModel model = new GruModel(1, new int[] {256}, 1, false, 0.01, 5);
        long heap = Runtime.getRuntime().maxMemory();
        int steps = (int) Math.min(Integer.MAX_VALUE, heap / 2 / (4L * 64 * (6 * 256 + 1)) + 1);
        Sequence piece = new Sequence(new float[steps][1], new float[steps][1], new boolean[steps], new int[steps]);
        List<Sequence> batch = java.util.Collections.nCopies(64, piece);
        assertThatThrownBy(() -> model.fit(batch)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("64 pieces of " + steps + " steps").hasMessageContaining("use a smaller --batch or --piece");
    }

    private interface Batches {
        List<Sequence> next(Random random);
    }

    private static final String[][] NAMES = {{"wx0", "wh0", "b0", "hw", "hb"},
        {"wx0", "wh0", "b0", "wx1", "wh1", "b1", "hw", "hb"}};

    private static void checkGradientsAndTraining(GruModel model, Batches batches) {
        Random random = new Random(11);
        List<Sequence> batch = batches.next(random);
        float[][] gradients = model.gradients(batch);
        String[] names = NAMES[gradients.length == 5 ? 0 : 1];
        int checked = 0;
        for (int v = 0; v < names.length; v++) {
            INDArray p = model.parameter(names[v]);
            INDArray flat = p.reshape(p.length()); // a view: putScalar writes the parameter
            for (int i = 0; i < flat.length(); i++) {
                float original = flat.getFloat(i);
                float eps = 1e-2f;
                flat.putScalar(i, original + eps);
                double plus = model.graphLoss(batch);
                flat.putScalar(i, original - eps);
                double minus = model.graphLoss(batch);
                flat.putScalar(i, original);
                double slope = (plus - minus) / (2 * eps);
                assertThat((double) gradients[v][i]).as("∂L/∂%s[%d]", names[v], i).isCloseTo(slope, within(2e-4));
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(40);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int step = 0; step < 30; step++) {
            double before = model.graphLoss(batch);
            double loss = model.fit(batch);
            assertThat(loss).as("the loss the step reports is the graph's before it").isCloseTo(before, within(1e-5));
            first = step == 0 ? loss : first;
            last = loss;
        }
        assertThat(last).as("Adam steps lower the loss").isLessThan(0.9 * first);
    }
}
