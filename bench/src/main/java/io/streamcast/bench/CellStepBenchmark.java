package io.streamcast.bench;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.GruCell;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.NetworkState;
import io.streamcast.core.nn.NetworkStepper;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.Dl4jExport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One recurrent time step (all layers + a one-unit dense head) of the same model: model-core's
 * cells against the DL4J stack: {@code MultiLayerNetwork.rnnTimeStep} for LSTM, SameDiff's
 * {@code gru} op fed the previous state for GRU (DL4J has no GRU layer).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class CellStepBenchmark {
    @Param({"LSTM", "GRU"})
    CellType cell;

    @Param({"32", "64", "128"})
    int hidden;

    @Param({"1", "8"})
    int inputs;

    @Param({"1", "2"})
    int layers;

    private NetworkStepper stepper;
    private NetworkState state;
    private float[] x;
    private float[] y;

    private MultiLayerNetwork dl4j;
    private INDArray dl4jInput;
    private SameDiff gruGraph;
    private Map<String, INDArray> gruFeed;
    private String gruOut;

    @Setup(Level.Trial)
    public void setUp() {
        Random rnd = new Random(42);
        x = new float[inputs];
        for (int i = 0; i < inputs; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        y = new float[1];
        RecurrentNetwork network = cell == CellType.LSTM ? lstm() : gru(rnd);
        stepper = network.newStepper();
        state = network.newState();
    }

    private RecurrentNetwork lstm() {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).list();
        int in = inputs;
        for (int l = 0; l < layers; l++) {
            list.layer(new LSTM.Builder().nIn(in).nOut(hidden).activation(Activation.TANH).build());
            in = hidden;
        }
        list.layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                .nIn(hidden).nOut(1).build());
        dl4j = new MultiLayerNetwork(list.build());
        dl4j.init();
        dl4jInput = Nd4j.create(x, new long[] {1, inputs, 1}, 'c');
        return Dl4jExport.lstm(dl4j);
    }

    /** Random GRU weights in both our cells and a SameDiff graph that takes the state as input. */
    private RecurrentNetwork gru(Random rnd) {
        gruGraph = SameDiff.create();
        List<RecurrentCell> cells = new ArrayList<>();
        SDVariable in = gruGraph.placeHolder("x", DataType.FLOAT, 1, 1, inputs);
        gruFeed = new java.util.HashMap<>();
        gruFeed.put("x", Nd4j.create(x, new long[] {1, 1, inputs}, 'c'));
        int inSize = inputs;
        for (int l = 0; l < layers; l++) {
            float[] wx = random(rnd, inSize * 3 * hidden);
            float[] wh = random(rnd, hidden * 3 * hidden);
            float[] b = random(rnd, 3 * hidden);
            cells.add(new GruCell(inSize, hidden, wx, wh, b));
            SDVariable h0 = gruGraph.placeHolder("h" + l, DataType.FLOAT, 1, hidden);
            gruFeed.put("h" + l, Nd4j.zeros(DataType.FLOAT, 1, hidden));
            in = gruGraph.rnn().gru("gru" + l, in, h0,
                    gruGraph.constant(Nd4j.create(wx, new long[] {inSize, 3L * hidden}, 'c')),
                    gruGraph.constant(Nd4j.create(wh, new long[] {hidden, 3L * hidden}, 'c')),
                    gruGraph.constant(Nd4j.create(b, new long[] {3L * hidden}, 'c')));
            inSize = hidden;
        }
        float[] hw = random(rnd, hidden);
        SDVariable out = in.reshape(1, hidden).mmul(gruGraph.constant(Nd4j.create(hw, new long[] {hidden, 1}, 'c')));
        gruOut = out.name();
        return new RecurrentNetwork(cells, new DenseHead(hidden, 1, hw, new float[1], HeadActivation.IDENTITY));
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * 0.2);
        }
        return a;
    }

    @Benchmark
    public float streamcastStep() {
        stepper.step(x, state, y);
        return y[0];
    }

    @Benchmark
    public Object dl4jStep() {
        if (cell == CellType.LSTM) {
            return dl4j.rnnTimeStep(dl4jInput);
        }
        // The op's state is an input: a real per-event scorer would feed the key's previous h.
        return gruGraph.output(gruFeed, gruOut).get(gruOut);
    }
}
