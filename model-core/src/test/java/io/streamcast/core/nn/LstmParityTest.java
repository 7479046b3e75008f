package io.streamcast.core.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Our LSTM cells against DL4J's MultiLayerNetwork stepped with {@code rnnTimeStep}: same
 * parameters, same inputs, 10,000 steps with the state carried, every output compared.
 */
class LstmParityTest {
    private static final int STEPS = 10_000;
    private static final int CHUNK = 500;
    private static final double BOUND = 1e-5;

    @ParameterizedTest(name = "layers={0} hidden={1} nIn={2} nOut={3} softmax={4} trained={5}")
    @CsvSource({
        "1, 32, 1, 1, false, false",
        "1, 64, 8, 2, false, true",
        "2, 24, 3, 1, false, true",
        "3, 16, 2, 3, true, false",
        "2, 16, 4, 3, true, true",
    })
    void matchesRnnTimeStepOverTenThousandSteps(int layers, int hidden, int nIn, int nOut, boolean softmax,
            boolean trained) {
        int[] sizes = new int[layers];
        java.util.Arrays.fill(sizes, hidden);
        MultiLayerNetwork net = Dl4jModels.lstm(42, nIn, sizes, nOut, softmax);
        float[][] inputs = signal(STEPS, nIn, 7);
        if (trained) {
            train(net, inputs, nOut, softmax);
        }
        RecurrentNetwork ours = Dl4jModels.toNetwork(net, layers, softmax);

        net.rnnClearPreviousState();
        NetworkStepper stepper = ours.newStepper();
        NetworkState state = ours.newState();
        float[] y = new float[nOut];
        double maxDiff = 0;
        for (int start = 0; start < STEPS; start += CHUNK) {
            INDArray out = net.rnnTimeStep(chunk(inputs, start, CHUNK)); // [1, nOut, CHUNK]
            for (int t = 0; t < CHUNK; t++) {
                stepper.step(inputs[start + t], state, y);
                for (int k = 0; k < nOut; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(y[k] - out.getFloat(0, k, t)));
                }
            }
        }
        assertThat(maxDiff).as("max |ours - rnnTimeStep| over %d steps", STEPS).isLessThanOrEqualTo(BOUND);
        for (int l = 0; l < layers; l++) {
            float[] h = Dl4jModels.rowMajor(net.rnnGetPreviousState(l).get("prevAct"));
            float[] c = Dl4jModels.rowMajor(net.rnnGetPreviousState(l).get("prevMem"));
            assertThat(maxAbsDiff(state.hidden(l), h)).as("h of layer %d", l).isLessThanOrEqualTo(BOUND);
            assertThat(maxAbsDiff(state.cell(l), c)).as("c of layer %d", l).isLessThanOrEqualTo(BOUND);
        }
    }

    @ParameterizedTest(name = "layers={0}")
    @CsvSource({"1", "2"})
    void matchesOutputOfAWholeSequenceFromZeroState(int layers) {
        int[] sizes = new int[layers];
        java.util.Arrays.fill(sizes, 20);
        MultiLayerNetwork net = Dl4jModels.lstm(7, 3, sizes, 2, false);
        float[][] inputs = signal(2_000, 3, 11);
        INDArray out = net.output(chunk(inputs, 0, inputs.length));
        RecurrentNetwork ours = Dl4jModels.toNetwork(net, layers, false);
        NetworkStepper stepper = ours.newStepper();
        NetworkState state = ours.newState();
        float[] y = new float[2];
        double maxDiff = 0;
        for (int t = 0; t < inputs.length; t++) {
            stepper.step(inputs[t], state, y);
            for (int k = 0; k < 2; k++) {
                maxDiff = Math.max(maxDiff, Math.abs(y[k] - out.getFloat(0, k, t)));
            }
        }
        assertThat(maxDiff).isLessThanOrEqualTo(BOUND);
    }

    /** A short fit on next-step prediction (or a class derived from the input) so weights leave their init. */
    private static void train(MultiLayerNetwork net, float[][] inputs, int nOut, boolean softmax) {
        int t = 200;
        int batch = 8;
        int nIn = inputs[0].length;
        INDArray features = Nd4j.create(DataType.FLOAT, batch, nIn, t);
        INDArray labels = Nd4j.create(DataType.FLOAT, batch, nOut, t);
        for (int b = 0; b < batch; b++) {
            for (int s = 0; s < t; s++) {
                float[] x = inputs[b * t + s];
                float[] next = inputs[b * t + s + 1];
                for (int i = 0; i < nIn; i++) {
                    features.putScalar(new long[] {b, i, s}, x[i]);
                }
                for (int k = 0; k < nOut; k++) {
                    float label = softmax ? (k == Math.floorMod((long) (next[0] * 3), nOut) ? 1f : 0f)
                            : next[k % nIn];
                    labels.putScalar(new long[] {b, k, s}, label);
                }
            }
        }
        for (int epoch = 0; epoch < 30; epoch++) {
            net.fit(features, labels);
        }
    }

    static float[][] signal(int steps, int features, long seed) {
        Random rnd = new Random(seed);
        float[][] x = new float[steps][features];
        for (int t = 0; t < steps; t++) {
            for (int i = 0; i < features; i++) {
                x[t][i] = (float) (Math.sin(t * 0.05 * (i + 1)) * 1.5 + rnd.nextGaussian() * 0.5
                        + (t % 997 == 0 ? 4 : 0));
            }
        }
        return x;
    }

    static INDArray chunk(float[][] inputs, int start, int length) {
        int nIn = inputs[0].length;
        INDArray a = Nd4j.create(DataType.FLOAT, 1, nIn, length);
        for (int t = 0; t < length; t++) {
            for (int i = 0; i < nIn; i++) {
                a.putScalar(new long[] {0, i, t}, inputs[start + t][i]);
            }
        }
        return a;
    }

    static double maxAbsDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
