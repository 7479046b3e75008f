package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.GruCell;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
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

    /** Both models report their minibatches' losses, and training lowers them. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void trainingLossIsReportedAndFallsForBothCells(boolean gru) {
        SequenceModel model = gru ? new GruModel(1, new int[] {8}, 1, false, 0.01, 7)
                : new LstmModel(1, new int[] {8}, 1, false, 0.01, 7, 64);
        Training.History h = Training.run(model, sines(32), sines(4), new Training.Settings(6, 8, 64, 10, 7, false), "test");

        assertThat(h.trainLoss()).hasSize(6).allSatisfy(l -> assertThat(l).isPositive().isFinite());
        assertThat(h.trainLoss().get(5)).isLessThan(h.trainLoss().get(0));
        assertThat(h.validationLoss().get(5)).isLessThan(h.validationLoss().get(0));
    }

    /** Decaying the learning rate a thousandfold shrinks the next step's change of the outputs likewise. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void decayingTheLearningRateReachesTheOptimiser(boolean gru) {
        List<Sequence> data = sines(8);
        double[] change = new double[2];
        double[] factors = {1, 1e-3};
        for (int i = 0; i < 2; i++) {
            SequenceModel model = gru ? new GruModel(1, new int[] {8}, 1, false, 0.01, 7)
                    : new LstmModel(1, new int[] {8}, 1, false, 0.01, 7, 64);
            model.fit(data);
            model.decayLearningRate(factors[i]);
            float[][] before = model.output(data.get(0));
            model.fit(data);
            float[][] after = model.output(data.get(0));
            for (int t = 0; t < before.length; t++) {
                change[i] = Math.max(change[i], Math.abs(after[t][0] - before[t][0]));
            }
        }
        assertThat(change[0]).isGreaterThan(1e-4);
        assertThat(change[1]).isLessThan(change[0] / 100);
    }

    /**
     * Early stopping with the evaluation one epoch behind: validation losses 25, 9, 16, 16, ... and
     * patience 2 record four epochs, train a fifth (its loss unused) and keep epoch 2's parameters.
     */
    @Test
    void earlyStoppingKeepsTheBestEpochWhileTheNextOneTrains() {
        ScriptedModel model = new ScriptedModel(25, 9, 16, 16, 16, 16, 16, 16);
        Training.History h = Training.run(model, sines(4), List.of(zeros()), new Training.Settings(8, 2, 64, 2, 7, false), "test");

        assertThat(h.validationLoss()).containsExactly(25.0, 9.0, 16.0, 16.0);
        assertThat(h.bestEpoch()).isEqualTo(1);
        assertThat(model.exports).isEqualTo(5);
        assertThat(model.restored).isEqualTo(1);
    }

    private static Sequence zeros() {
        return new Sequence(new float[][] {{0}}, new float[][] {{0}}, new boolean[] {true}, new int[] {0});
    }

    /** Epoch k's exported network outputs sqrt(loss[k]) against targets of 0: its validation loss is loss[k]. */
    private static final class ScriptedModel implements SequenceModel {
        private final double[] losses;
        int exports;
        int restored = -1;

        ScriptedModel(double... losses) {
            this.losses = losses;
        }

        @Override
        public CellType cellType() {
            return CellType.GRU;
        }

        @Override
        public double fit(List<Sequence> batch) {
            return 1;
        }

        @Override
        public void decayLearningRate(double factor) {
        }

        @Override
        public float[][] output(Sequence s) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RecurrentNetwork export() {
            float out = (float) Math.sqrt(losses[exports++]);
            return new RecurrentNetwork(List.of(new GruCell(1, 1, new float[3], new float[3], new float[3])),
                    new DenseHead(1, 1, new float[1], new float[] {out}, HeadActivation.IDENTITY));
        }

        @Override
        public Object snapshot() {
            return exports - 1;
        }

        @Override
        public void restore(Object snapshot) {
            restored = (Integer) snapshot;
        }
    }
}
