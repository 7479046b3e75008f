package io.streamcast.bench;

import io.streamcast.trainer.nn.GruModel;
import io.streamcast.trainer.prep.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.weightinit.impl.XavierInitScheme;
import org.nd4j.weightinit.impl.ZeroInitScheme;
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
 * One Adam step of the windowed ETTh1 GRU (64 windows of 96 steps, one input, 24 outputs from the
 * last step): SameDiff's own {@code fit} through its {@code gru} and {@code gru_bp} ops (what the
 * trainer ran before session 17, with {@code gru_bp}'s wrong reset-gate gradients) against the
 * trainer's {@code GruModel}, whose step is its fused Java pass ({@code GruTrainingStep}). An
 * epoch is 134 such steps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-Dorg.bytedeco.javacpp.maxphysicalbytes=0"})
public class GruTrainingBenchmark {
    private static final int BATCH = 64;
    private static final int STEPS = 96;
    private static final int OUTPUTS = 24;

    public enum Step { SAMEDIFF, FUSED }

    @Param({"SAMEDIFF", "FUSED"})
    Step step;

    @Param({"32", "64"})
    int hidden;

    private GruModel model;
    private List<Sequence> windows;
    private SameDiff sd;
    private MultiDataSet minibatch;

    @Setup(Level.Trial)
    public void setUp() {
        Random random = new Random(7);
        windows = new ArrayList<>();
        for (int s = 0; s < BATCH; s++) {
            float[][] x = new float[STEPS][1];
            float[][] y = new float[STEPS][OUTPUTS];
            boolean[] mask = new boolean[STEPS];
            for (int t = 0; t < STEPS; t++) {
                x[t][0] = (float) random.nextGaussian();
            }
            for (int k = 0; k < OUTPUTS; k++) {
                y[STEPS - 1][k] = (float) random.nextGaussian();
            }
            mask[STEPS - 1] = true;
            windows.add(new Sequence(x, y, mask, new int[STEPS]));
        }
        if (step == Step.FUSED) {
            model = GruModel.lastStep(1, new int[] {hidden}, OUTPUTS, 0.003, 1, STEPS);
        } else {
            sameDiffGraph();
        }
    }

    /** The graph {@code GruModel.lastStep} builds, trained by SameDiff itself. */
    private void sameDiffGraph() {
        sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, -1, 1);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, OUTPUTS);
        SDVariable h0 = sd.placeHolder("h0", DataType.FLOAT, -1, hidden);
        SDVariable wx = sd.var("wx", new XavierInitScheme('c', 1, 3 * hidden), DataType.FLOAT, 1, 3L * hidden);
        SDVariable wh = sd.var("wh", new XavierInitScheme('c', hidden, 3 * hidden), DataType.FLOAT, hidden, 3L * hidden);
        SDVariable b = sd.var("b", new ZeroInitScheme('c'), DataType.FLOAT, 3L * hidden);
        SDVariable h = sd.rnn().gru("gru", x, h0, wx, wh, b);
        SDVariable last = h.get(SDIndex.interval(STEPS - 1, STEPS), SDIndex.all(), SDIndex.all()).reshape(-1, hidden);
        SDVariable hw = sd.var("hw", new XavierInitScheme('c', hidden, OUTPUTS), DataType.FLOAT, hidden, OUTPUTS);
        SDVariable hb = sd.var("hb", new ZeroInitScheme('c'), DataType.FLOAT, 1, OUTPUTS);
        SDVariable diff = last.mmul(hw).add(hb).sub(label);
        sd.setLossVariables(diff.mul(diff).mean().rename("loss"));
        sd.setTrainingConfig(TrainingConfig.builder().updater(new Adam(0.003))
                .dataSetFeatureMapping("x", "h0").dataSetLabelMapping("label").build());
        float[] xs = new float[STEPS * BATCH];
        float[] ys = new float[BATCH * OUTPUTS];
        for (int s = 0; s < BATCH; s++) {
            for (int t = 0; t < STEPS; t++) {
                xs[t * BATCH + s] = windows.get(s).x()[t][0];
            }
            System.arraycopy(windows.get(s).y()[STEPS - 1], 0, ys, s * OUTPUTS, OUTPUTS);
        }
        minibatch = new MultiDataSet(
                new INDArray[] {Nd4j.create(xs, new long[] {STEPS, BATCH, 1}, 'c'),
                    Nd4j.zeros(DataType.FLOAT, BATCH, hidden)},
                new INDArray[] {Nd4j.create(ys, new long[] {BATCH, OUTPUTS}, 'c')});
    }

    @Benchmark
    public double fit() {
        if (step == Step.FUSED) {
            return model.fit(windows);
        }
        sd.fit(minibatch);
        return 0;
    }
}
