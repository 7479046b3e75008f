package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The fused training passes must train exactly as DL4J's own LSTM layer does: the same network,
 * fitted on the same minibatches with plain SGD (so parameters move by exactly the learning rate
 * times the gradient), ends with the same parameters.
 */
class FusedLstmLayerTest {
    private static final int BATCH = 5;
    private static final int IN = 3;
    private static final int OUT = 2;

    private static MultiLayerNetwork network(int[] hidden, int tbptt, boolean fused) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1)).list();
        int in = IN;
        for (int n : hidden) {
            list.layer(new LSTM.Builder().nIn(in).nOut(n).activation(Activation.TANH).build());
            in = n;
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(in).nOut(OUT).build());
        if (tbptt > 0) {
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        if (fused) {
            FusedLstmLayer.install(net);
        }
        return net;
    }

    private static DataSet minibatch(Random random, int steps, boolean lastStepOnly) {
        INDArray x = Nd4j.create(DataType.FLOAT, BATCH, IN, steps);
        INDArray y = Nd4j.create(DataType.FLOAT, BATCH, OUT, steps);
        INDArray mask = lastStepOnly ? Nd4j.zeros(DataType.FLOAT, BATCH, steps) : null;
        for (int s = 0; s < BATCH; s++) {
            for (int t = 0; t < steps; t++) {
                for (int j = 0; j < IN; j++) {
                    x.putScalar(new long[] {s, j, t}, random.nextGaussian());
                }
                for (int k = 0; k < OUT; k++) {
                    y.putScalar(new long[] {s, k, t}, random.nextGaussian());
                }
            }
            if (mask != null) {
                mask.putScalar(new long[] {s, steps - 1}, 1.0);
            }
        }
        return new DataSet(x, y, null, mask);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue();
    }

    @ParameterizedTest(name = "hidden {0}, {1} steps, tbptt {2}, loss at the last step only: {3}")
    @CsvSource({
        "8, 12, 12, true",    // the windowed protocol: one piece, loss at its end
        "8, 12, 12, false",
        "8, 12, 0, false",    // standard backpropagation
        "'6,4', 12, 12, true" // stacked: the lower layer learns from the upper one's input gradient
    })
    void trainsAsDl4jsLayerDoes(String hidden, int steps, int tbptt, boolean lastStepOnly) {
        int[] sizes = java.util.Arrays.stream(hidden.split(",")).mapToInt(Integer::parseInt).toArray();
        MultiLayerNetwork stock = network(sizes, tbptt, false);
        MultiLayerNetwork fused = network(sizes, tbptt, true);
        assertThat(maxAbsDiff(stock.params(), fused.params())).isZero();

        Random random = new Random(7);
        for (int i = 0; i < 4; i++) {
            DataSet batch = minibatch(random, steps, lastStepOnly);
            stock.fit(batch);
            fused.fit(batch);
            assertThat(fused.score()).isCloseTo(stock.score(), within(1e-5 * stock.score()));
        }
        double moved = maxAbsDiff(stock.params(), network(sizes, tbptt, false).params());
        assertThat(moved).as("training moved the parameters").isGreaterThan(1e-2);
        assertThat(maxAbsDiff(stock.params(), fused.params())).isLessThan(1e-5);
    }

    /**
     * A piece that starts from a carried state: DL4J's network backpropagates it from a zero state
     * (see {@link FusedLstmLayer}); its layer's own {@code tbpttBackpropGradient}, given the state
     * as its previous state, computes the right gradient, and the fused passes must equal that.
     */
    @Test
    void aPieceStartingFromACarriedStateGetsTheGradientOfItsOwnForwardPass() {
        int steps = 7;
        int n = 8;
        MultiLayerNetwork stockNet = network(new int[] {n}, steps, false);
        stockNet.initGradientsView();
        org.deeplearning4j.nn.layers.recurrent.LSTM stock = (org.deeplearning4j.nn.layers.recurrent.LSTM) stockNet.getLayer(0);
        FusedLstmLayer fused = (FusedLstmLayer) network(new int[] {n}, steps, true).getLayer(0);
        Random random = new Random(11);
        INDArray x = minibatch(random, steps, false).getFeatures();
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, BATCH, n, steps);
        java.util.Map<String, INDArray> carried = java.util.Map.of(
                org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_ACTIVATION, Nd4j.rand(DataType.FLOAT, BATCH, n).subi(0.5),
                org.deeplearning4j.nn.layers.recurrent.LSTM.STATE_KEY_PREV_MEMCELL, Nd4j.randn(DataType.FLOAT, BATCH, n));
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();

        stock.rnnSetTBPTTState(new java.util.HashMap<>(carried));
        INDArray stockOut = stock.rnnActivateUsingStoredState(x, true, false, noWorkspaces).dup();
        stock.rnnSetPreviousState(new java.util.HashMap<>(carried));
        stock.setInput(x, noWorkspaces);
        Pair<Gradient, INDArray> expected = stock.tbpttBackpropGradient(epsilon, steps, noWorkspaces);
        java.util.Map<String, INDArray> expectedGrad = new java.util.HashMap<>();
        expected.getFirst().gradientForVariable().forEach((k, v) -> expectedGrad.put(k, v.dup()));

        fused.rnnSetTBPTTState(new java.util.HashMap<>(carried));
        INDArray fusedOut = fused.rnnActivateUsingStoredState(x, true, true, noWorkspaces);
        Pair<Gradient, INDArray> actual = fused.backpropGradient(epsilon, noWorkspaces); // the call DL4J's network makes

        assertThat(maxAbsDiff(fusedOut, stockOut)).isLessThan(1e-6);
        assertThat(maxAbsDiff(actual.getSecond(), expected.getSecond())).isLessThan(1e-5);
        for (String key : expectedGrad.keySet()) {
            INDArray want = expectedGrad.get(key);
            assertThat(want.amaxNumber().doubleValue()).as(key).isGreaterThan(1e-2);
            assertThat(maxAbsDiff(actual.getFirst().getGradientFor(key), want)).as(key).isLessThan(1e-5);
        }

        // The layer's own truncated-BPTT entry point, called without a forward pass first (as a
        // ComputationGraph may): it restarts the piece from the previous state, as DL4J's does.
        FusedLstmLayer direct = (FusedLstmLayer) network(new int[] {n}, steps, true).getLayer(0);
        direct.rnnSetPreviousState(new java.util.HashMap<>(carried));
        direct.setInput(x, noWorkspaces);
        Pair<Gradient, INDArray> viaTbptt = direct.tbpttBackpropGradient(epsilon, steps, noWorkspaces);
        assertThat(maxAbsDiff(viaTbptt.getSecond(), expected.getSecond())).isLessThan(1e-5);
        for (String key : expectedGrad.keySet()) {
            assertThat(maxAbsDiff(viaTbptt.getFirst().getGradientFor(key), expectedGrad.get(key))).as(key).isLessThan(1e-5);
        }
    }

    /** The windowed protocol's network: the last LSTM inside DL4J's {@code LastTimeStep}, an {@code OutputLayer} on top. */
    @Test
    void trainsAsDl4jsLayerDoesInsideLastTimeStep() {
        int steps = 12;
        MultiLayerNetwork stock = lastStepNetwork(false);
        MultiLayerNetwork fused = lastStepNetwork(true);
        assertThat(fused.getLayer(1)).isInstanceOf(org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer.class);
        assertThat(((org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer) fused.getLayer(1)).getUnderlying())
                .isInstanceOf(FusedLstmLayer.class);

        Random random = new Random(5);
        for (int i = 0; i < 4; i++) {
            DataSet windows = minibatch(random, steps, false);
            DataSet batch = new DataSet(windows.getFeatures(),
                    windows.getLabels().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(steps - 1)).dup());
            stock.fit(batch);
            fused.fit(batch);
            assertThat(fused.score()).isCloseTo(stock.score(), within(1e-5 * stock.score()));
        }
        assertThat(maxAbsDiff(stock.params(), lastStepNetwork(false).params())).as("training moved the parameters")
                .isGreaterThan(1e-2);
        assertThat(maxAbsDiff(stock.params(), fused.params())).isLessThan(1e-5);
    }

    private static MultiLayerNetwork lastStepNetwork(boolean fused) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(42).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Sgd(0.1)).list()
                .layer(new LSTM.Builder().nIn(IN).nOut(6).activation(Activation.TANH).build())
                .layer(new LastTimeStep(new LSTM.Builder().nIn(6).nOut(4).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(4).nOut(OUT).build())
                .build());
        net.init();
        if (fused) {
            FusedLstmLayer.install(net);
        }
        return net;
    }

    /** Truncated BPTT hands the layer views into the whole sequence (offset, strided): they are read as such. */
    @Test
    void readsAPieceThatIsAViewIntoALongerSequence() {
        INDArray whole = minibatch(new Random(13), 20, false).getFeatures();
        INDArray piece = whole.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(8, 14));
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        org.deeplearning4j.nn.layers.recurrent.LSTM stock =
                (org.deeplearning4j.nn.layers.recurrent.LSTM) network(new int[] {8}, 6, false).getLayer(0);
        FusedLstmLayer fused = (FusedLstmLayer) network(new int[] {8}, 6, true).getLayer(0);

        INDArray expected = stock.activate(piece.dup(), true, noWorkspaces).dup();
        assertThat(maxAbsDiff(fused.activate(piece, true, noWorkspaces), expected)).isLessThan(1e-6);
    }

    /** The training passes keep every gate on the heap: a piece that would need over a quarter of it is left to DL4J. */
    @Test
    void piecesTooBigForTheHeapAreLeftToDl4j() {
        long twoGb = 2L << 30;
        assertThat(FusedLstmLayer.fitsTheHeap(64, 96, 1, 64, twoGb)).as("a windowed ETTh1 minibatch (12 MB)").isTrue();
        assertThat(FusedLstmLayer.fitsTheHeap(16, 362, 25, 64, twoGb)).as("a C-MAPSS minibatch of whole engines").isTrue();
        assertThat(FusedLstmLayer.fitsTheHeap(256, 4096, 8, 128, twoGb)).as("4 GB of gates").isFalse();
        assertThat(FusedLstmLayer.fitsTheHeap(64, 1020, 1, 64, 512L << 20)).as("127.8 MB: under a quarter of 512 MB").isTrue();
        assertThat(FusedLstmLayer.fitsTheHeap(64, 1024, 1, 64, 512L << 20)).as("128.3 MB: over it").isFalse();
    }

    @Test
    void inferenceIsDl4jsOwn() {
        MultiLayerNetwork fused = network(new int[] {8}, 12, true);
        MultiLayerNetwork stock = network(new int[] {8}, 12, false);
        INDArray x = minibatch(new Random(3), 12, false).getFeatures();

        assertThat(fused.getLayer(0)).isInstanceOf(FusedLstmLayer.class);
        assertThat(fused.output(x)).isEqualTo(stock.output(x));
    }
}
