package io.streamcast.core.nn;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** Builds DL4J reference models and reads their parameters into our layout. */
final class Dl4jModels {
    private Dl4jModels() {
    }

    static MultiLayerNetwork lstm(long seed, int nIn, int[] hidden, int nOut, boolean softmax) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .weightInit(WeightInit.XAVIER)
                .updater(new Adam(5e-3))
                .list();
        int in = nIn;
        for (int n : hidden) {
            list.layer(new LSTM.Builder().nIn(in).nOut(n).activation(Activation.TANH).build());
            in = n;
        }
        list.layer(new RnnOutputLayer.Builder(softmax ? LossFunctions.LossFunction.MCXENT : LossFunctions.LossFunction.MSE)
                .activation(softmax ? Activation.SOFTMAX : Activation.IDENTITY).nIn(in).nOut(nOut).build());
        MultiLayerConfiguration conf = list.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Our network with exactly the DL4J network's parameters. */
    static RecurrentNetwork toNetwork(MultiLayerNetwork net, int lstmLayers, boolean softmax) {
        List<RecurrentCell> cells = new ArrayList<>();
        for (int l = 0; l < lstmLayers; l++) {
            INDArray w = net.getParam(l + "_W");
            cells.add(new LstmCell((int) w.rows(), (int) w.columns() / 4,
                    rowMajor(w), rowMajor(net.getParam(l + "_RW")), rowMajor(net.getParam(l + "_b"))));
        }
        INDArray hw = net.getParam(lstmLayers + "_W");
        DenseHead head = new DenseHead((int) hw.rows(), (int) hw.columns(), rowMajor(hw),
                rowMajor(net.getParam(lstmLayers + "_b")), softmax ? HeadActivation.SOFTMAX : HeadActivation.IDENTITY);
        return new RecurrentNetwork(cells, head);
    }

    static float[] rowMajor(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
