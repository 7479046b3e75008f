package io.streamcast.trainer.nn;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.Dl4jExport;
import io.streamcast.trainer.prep.Sequence;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
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

/**
 * Stacked LSTM layers feeding an {@code RnnOutputLayer} (the streaming form: an output at every
 * step), trained with truncated backpropagation through time so the state is carried along
 * each piece, the way the job carries it along a key's stream; or, for the windowed protocol,
 * feeding an {@code OutputLayer} from the last step ({@link #lastStep}). The layers' training
 * passes are {@link FusedLstmLayer}'s (DL4J's own ones spend a windowed epoch on per-step call
 * overhead).
 */
public final class LstmModel implements SequenceModel {
    private final MultiLayerNetwork net;
    private final int nIn;
    private final int nOut;
    private final boolean lastStep;

    /** @param softmax a classifier (softmax head, cross-entropy) instead of a regressor (identity, MSE) */
    public LstmModel(int nIn, int[] hidden, int nOut, boolean softmax, double learningRate, long seed, int tbptt) {
        this(nIn, hidden, nOut, softmax, learningRate, seed, tbptt, false);
    }

    /**
     * A regressor scored at the last step of each sequence only (the windowed protocol): the last
     * LSTM layer is wrapped in DL4J's {@code LastTimeStep} and feeds an {@code OutputLayer}, so the
     * head, the loss and their gradients cover one step per sequence instead of all of them (with
     * an {@code RnnOutputLayer}, a quarter of a windowed epoch went to copying the other 95 steps'
     * zero gradients). The same function of the same parameters as the streaming form's last step,
     * so the export is the same.
     */
    public static LstmModel lastStep(int nIn, int[] hidden, int nOut, double learningRate, long seed) {
        return new LstmModel(nIn, hidden, nOut, false, learningRate, seed, 0, true);
    }

    private LstmModel(int nIn, int[] hidden, int nOut, boolean softmax, double learningRate, long seed, int tbptt,
            boolean lastStep) {
        this.nIn = nIn;
        this.nOut = nOut;
        this.lastStep = lastStep;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .list();
        int in = nIn;
        for (int l = 0; l < hidden.length; l++) {
            LSTM layer = new LSTM.Builder().nIn(in).nOut(hidden[l]).activation(Activation.TANH).build();
            list.layer(lastStep && l == hidden.length - 1 ? new LastTimeStep(layer) : layer);
            in = hidden[l];
        }
        LossFunctions.LossFunction loss = softmax ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE;
        Activation head = softmax ? Activation.SOFTMAX : Activation.IDENTITY;
        if (lastStep) {
            list.layer(new OutputLayer.Builder(loss).activation(head).nIn(in).nOut(nOut).build());
        } else {
            list.layer(new RnnOutputLayer.Builder(loss).activation(head).nIn(in).nOut(nOut).build());
            list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
        }
        net = new MultiLayerNetwork(list.build());
        net.init();
        FusedLstmLayer.install(net);
    }

    @Override
    public CellType cellType() {
        return CellType.LSTM;
    }

    @Override
    public double fit(List<Sequence> batch) {
        int b = batch.size();
        int t = batch.get(0).length();
        float[] xs = new float[b * nIn * t];
        for (int i = 0; i < b; i++) {
            Sequence s = batch.get(i);
            for (int step = 0; step < s.length(); step++) {
                for (int f = 0; f < nIn; f++) {
                    xs[(i * nIn + f) * t + step] = s.x()[step][f];
                }
            }
        }
        INDArray x = Nd4j.create(xs, new long[] {b, nIn, t}, 'c');
        net.fit(lastStep ? new DataSet(x, lastStepLabels(batch)) : new DataSet(x, labels(batch, t), null, mask(batch, t)));
        return net.score();
    }

    private INDArray labels(List<Sequence> batch, int t) {
        float[] ys = new float[batch.size() * nOut * t];
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            for (int step = 0; step < t; step++) {
                for (int k = 0; k < nOut; k++) {
                    ys[(i * nOut + k) * t + step] = s.y()[step][k];
                }
            }
        }
        return Nd4j.create(ys, new long[] {batch.size(), nOut, t}, 'c');
    }

    private static INDArray mask(List<Sequence> batch, int t) {
        float[] ms = new float[batch.size() * t];
        for (int i = 0; i < batch.size(); i++) {
            for (int step = 0; step < t; step++) {
                ms[i * t + step] = batch.get(i).mask()[step] ? 1f : 0f;
            }
        }
        return Nd4j.create(ms, new long[] {batch.size(), t}, 'c');
    }

    /** The last step's targets; a sequence scored anywhere else does not fit this model. */
    private INDArray lastStepLabels(List<Sequence> batch) {
        SequenceModel.requireScoredAtLastStepOnly(batch);
        float[] ys = new float[batch.size() * nOut];
        for (int i = 0; i < batch.size(); i++) {
            Sequence s = batch.get(i);
            System.arraycopy(s.y()[s.length() - 1], 0, ys, i * nOut, nOut);
        }
        return Nd4j.create(ys, new long[] {batch.size(), nOut}, 'c');
    }

    @Override
    public void decayLearningRate(double factor) {
        net.setLearningRate(net.getLearningRate(0) * factor); // every layer has the same rate
    }

    @Override
    public float[][] output(Sequence s) {
        int t = s.length();
        float[] xs = new float[nIn * t];
        for (int step = 0; step < t; step++) {
            for (int f = 0; f < nIn; f++) {
                xs[f * t + step] = s.x()[step][f];
            }
        }
        net.rnnClearPreviousState();
        INDArray out = net.output(Nd4j.create(xs, new long[] {1, nIn, t}, 'c'));
        float[] flat = out.dup('c').data().asFloat(); // [1, nOut, t], or the last step's [1, nOut]
        if (lastStep) {
            return new float[][] {flat};
        }
        float[][] r = new float[t][nOut];
        for (int step = 0; step < t; step++) {
            for (int k = 0; k < nOut; k++) {
                r[step][k] = flat[k * t + step];
            }
        }
        return r;
    }

    @Override
    public RecurrentNetwork export() {
        return Dl4jExport.lstm(net);
    }

    @Override
    public Object snapshot() {
        return net.params().dup();
    }

    @Override
    public void restore(Object snapshot) {
        net.setParams((INDArray) snapshot);
    }
}
