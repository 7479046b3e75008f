package io.streamcast.bench;

import io.streamcast.trainer.nn.FusedLstmLayer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
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
 * One Adam step of the windowed ETTh1 LSTM as the trainer builds it ({@code LstmModel.lastStep}: 64
 * windows of 96 steps, one input, the LSTM inside {@code LastTimeStep}, an {@code OutputLayer} of 24,
 * full backpropagation through the window): DL4J's own LSTM layer against the same network with
 * {@link FusedLstmLayer}'s training passes, on their portable kernel ({@code FUSED_PORTABLE}) and on
 * the Vector API one ({@code FUSED}, the launcher's default). An epoch is 134 such steps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0"})
public class LstmTrainingBenchmark {
    private static final int BATCH = 64;
    private static final int STEPS = 96;
    private static final int OUTPUTS = 24;

    public enum Passes { DL4J, FUSED_PORTABLE, FUSED }

    @Param({"DL4J", "FUSED_PORTABLE", "FUSED"})
    Passes passes;

    @Param({"32", "64"})
    int hidden;

    private MultiLayerNetwork net;
    private DataSet minibatch;

    @Setup(Level.Trial)
    public void setUp() {
        net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(1).dataType(DataType.FLOAT).weightInit(WeightInit.XAVIER).updater(new Adam(0.003)).list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(1).nOut(hidden).activation(Activation.TANH).build()))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nIn(hidden).nOut(OUTPUTS).build())
                .build());
        net.init();
        if (passes == Passes.FUSED_PORTABLE) {
            System.setProperty("streamcast.trainer.kernel", "portable"); // each parameter set runs in a fork of its own
        }
        if (passes != Passes.DL4J) {
            FusedLstmLayer.install(net);
        }
        Random random = new Random(7);
        INDArray x = Nd4j.create(DataType.FLOAT, BATCH, 1, STEPS);
        INDArray y = Nd4j.create(DataType.FLOAT, BATCH, OUTPUTS);
        for (int s = 0; s < BATCH; s++) {
            for (int t = 0; t < STEPS; t++) {
                x.putScalar(new long[] {s, 0, t}, random.nextGaussian());
            }
            for (int k = 0; k < OUTPUTS; k++) {
                y.putScalar(new long[] {s, k}, random.nextGaussian());
            }
        }
        minibatch = new DataSet(x, y);
    }

    @Benchmark
    public double fit() {
        net.fit(minibatch);
        return net.score();
    }
}
