package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrainingTest {
    /** Next value of a sine from the current one: 64 steps per sequence. */
    private static List<Sequence> sines(int count) {
        List<Sequence> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            int n = 64;
            float[][] x = new float[n][1];
            float[][] y = new float[n][1];
            boolean[] mask = new boolean[n];
            int[] row = new int[n];
            for (int t = 0; t < n; t++) {
                x[t][0] = (float) Math.sin(0.3 * (t + k));
                y[t][0] = (float) Math.sin(0.3 * (t + k + 1));
                mask[t] = true;
                row[t] = t;
            }
            out.add(new Sequence(x, y, mask, row));
        }
        return out;
    }

    /** SameDiff hands its listeners a loss of 0, so the GRU's training loss is measured by the trainer. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void trainingLossIsMeasuredAndFallsForBothCells(boolean gru) {
        SequenceModel model = gru ? new GruModel(1, new int[] {8}, 1, false, 0.01, 7)
                : new LstmModel(1, new int[] {8}, 1, false, 0.01, 7, 64);
        Training.History h = Training.run(model, sines(32), sines(4), new Training.Settings(6, 8, 64, 10, 7, false), "test");

        assertThat(h.trainLoss()).hasSize(6).allSatisfy(l -> assertThat(l).isPositive().isFinite());
        assertThat(h.trainLoss().get(5)).isLessThan(h.trainLoss().get(0));
        assertThat(h.validationLoss().get(5)).isLessThan(h.validationLoss().get(0));
    }
}
