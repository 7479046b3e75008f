package io.streamcast.trainer.nn;

import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.trainer.Dl4jExport;
import io.streamcast.trainer.prep.Sequence;
import java.util.List;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
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
 * each piece, the way the job carries it along a key's stream. The layers' training passes are
 * {@link FusedLstmLayer}'s (DL4J's own ones spend a windowed epoch on per-step call overhead).
 */
public final class LstmModel implements SequenceModel {
    private final MultiLayerNetwork net;
    private final int nIn;
    private final int nOut;

    /** @param softmax a classifier (softmax head, cross-entropy) instead of a regressor (identity, MSE) */
    public LstmModel(int nIn, int[] hidden, int nOut, boolean softmax, double learningRate, long seed, int tbptt) {
        this.nIn = nIn;
        this.nOut = nOut;
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(learningRate))
                .list();
        int in = nIn;
        for (int n : hidden) {
            list.layer(new LSTM.Builder().nIn(in).nOut(n).activation(Activation.TANH).build());
            in = n;
        }
        list.layer(new RnnOutputLayer.Builder(softmax ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .activation(softmax ? Activation.SOFTMAX : Activation.IDENTITY).nIn(in).nOut(nOut).build());
        list.backpropType(BackpropType.TruncatedBPTT).tBPTTForwardLength(tbptt).tBPTTBackwardLength(tbptt);
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
        INDArray x = Nd4j.zeros(DataType.FLOAT, b, nIn, t);
        INDArray y = Nd4j.zeros(DataType.FLOAT, b, nOut, t);
        INDArray mask = Nd4j.zeros(DataType.FLOAT, b, t);
        float[] xs = new float[b * nIn * t];
        float[] ys = new float[b * nOut * t];
        float[] ms = new float[b * t];
        for (int i = 0; i < b; i++) {
            Sequence s = batch.get(i);
            for (int step = 0; step < s.length(); step++) {
                for (int f = 0; f < nIn; f++) {
                    xs[(i * nIn + f) * t + step] = s.x()[step][f];
                }
                for (int k = 0; k < nOut; k++) {
                    ys[(i * nOut + k) * t + step] = s.y()[step][k];
                }
                ms[i * t + step] = s.mask()[step] ? 1f : 0f;
            }
        }
        x.assign(Nd4j.create(xs, new long[] {b, nIn, t}, 'c'));
        y.assign(Nd4j.create(ys, new long[] {b, nOut, t}, 'c'));
        mask.assign(Nd4j.create(ms, new long[] {b, t}, 'c'));
        net.fit(new DataSet(x, y, null, mask));
        return net.score();
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
        float[] flat = out.dup('c').data().asFloat(); // [1, nOut, t]
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
