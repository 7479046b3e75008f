package io.streamcast.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our GRU cells against SameDiff's {@code gru} op (the op the trainer fits GRUs with): same
 * weights, 10,000 time steps, hidden states and head outputs compared at every step.
 */
class GruParityTest {
    private static final int STEPS = 10_000;
    private static final double BOUND = 1e-5;

    @ParameterizedTest(name = "layers={0} hidden={1} nIn={2} nOut={3}")
    @CsvSource({
        "1, 32, 1, 1",
        "1, 64, 8, 2",
        "2, 24, 3, 1",
        "3, 16, 2, 3",
    })
    void matchesSameDiffGruOverTenThousandSteps(int layers, int hidden, int nIn, int nOut) {
        Random rnd = new Random(1234 + layers * 31L + hidden);
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, STEPS, 1, nIn);
        List<RecurrentCell> cells = new ArrayList<>();
        SDVariable in = x;
        int inSize = nIn;
        for (int l = 0; l < layers; l++) {
            float[] wx = random(rnd, inSize * 3 * hidden, 1.0 / Math.sqrt(inSize));
            float[] wh = random(rnd, hidden * 3 * hidden, 1.0 / Math.sqrt(hidden));
            float[] b = random(rnd, 3 * hidden, 0.5);
            cells.add(new GruCell(inSize, hidden, wx, wh, b));
            in = sd.rnn().gru("gru" + l, in,
                    sd.constant("h0_" + l, Nd4j.zeros(DataType.FLOAT, 1, hidden)),
                    sd.constant("wx" + l, Nd4j.create(wx, new long[] {inSize, 3L * hidden}, 'c')),
                    sd.constant("wh" + l, Nd4j.create(wh, new long[] {hidden, 3L * hidden}, 'c')),
                    sd.constant("b" + l, Nd4j.create(b, new long[] {3L * hidden}, 'c')));
            inSize = hidden;
        }
        float[] hw = random(rnd, hidden * nOut, 1.0 / Math.sqrt(hidden));
        float[] hb = random(rnd, nOut, 0.1);
        SDVariable flat = in.reshape(STEPS, hidden);
        SDVariable y = flat.mmul(sd.constant("hw", Nd4j.create(hw, new long[] {hidden, nOut}, 'c')))
                .add("y", sd.constant("hb", Nd4j.create(hb, new long[] {1, nOut}, 'c')));

        float[][] inputs = LstmParityTest.signal(STEPS, nIn, 3);
        INDArray xs = Nd4j.create(DataType.FLOAT, STEPS, 1, nIn);
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < nIn; i++) {
                xs.putScalar(new long[] {t, 0, i}, inputs[t][i]);
            }
        }
        Map<String, INDArray> out = sd.output(Map.of("x", xs), "y", in.name());
        INDArray expectedY = out.get("y");
        INDArray expectedH = out.get(in.name());

        RecurrentNetwork ours = new RecurrentNetwork(cells, new DenseHead(hidden, nOut, hw, hb, HeadActivation.IDENTITY));
        NetworkStepper stepper = ours.newStepper();
        NetworkState state = ours.newState();
        float[] yOurs = new float[nOut];
        double maxY = 0;
        double maxH = 0;
        for (int t = 0; t < STEPS; t++) {
            stepper.step(inputs[t], state, yOurs);
            for (int k = 0; k < nOut; k++) {
                maxY = Math.max(maxY, Math.abs(yOurs[k] - expectedY.getFloat(t, k)));
            }
            float[] h = state.hidden(layers - 1);
            for (int k = 0; k < hidden; k++) {
                maxH = Math.max(maxH, Math.abs(h[k] - expectedH.getFloat(t, 0, k)));
            }
        }
        assertThat(maxY).as("max |ours - SameDiff| of outputs").isLessThanOrEqualTo(BOUND);
        assertThat(maxH).as("max |ours - SameDiff| of last hidden layer").isLessThanOrEqualTo(BOUND);
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }
}
