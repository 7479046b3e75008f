package io.streamcast.trainer;

import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.LstmCell;
import io.streamcast.core.nn.RecurrentCell;
import io.streamcast.core.nn.RecurrentNetwork;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads a trained DL4J network's parameters into model-core's inference network. DL4J's LSTM
 * parameter layout is model-core's bundle layout, so this is a copy into row-major floats.
 */
public final class Dl4jExport {
    private Dl4jExport() {
    }

    /** A {@code MultiLayerNetwork} of LSTM layers ending in an {@code RnnOutputLayer}. */
    public static RecurrentNetwork lstm(MultiLayerNetwork net) {
        List<RecurrentCell> cells = new ArrayList<>();
        Layer[] layers = net.getLayers();
        for (int l = 0; l < layers.length - 1; l++) {
            if (!(layers[l].conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.LSTM)) {
                throw new IllegalArgumentException("layer " + l + " is not an LSTM: " + layers[l].conf().getLayer());
            }
            INDArray w = net.getParam(l + "_W");
            cells.add(new LstmCell((int) w.rows(), (int) w.columns() / 4, rowMajor(w),
                    rowMajor(net.getParam(l + "_RW")), rowMajor(net.getParam(l + "_b"))));
        }
        int out = layers.length - 1;
        if (!(layers[out].conf().getLayer() instanceof BaseOutputLayer outputLayer)) {
            throw new IllegalArgumentException("the last layer is not an output layer");
        }
        INDArray w = net.getParam(out + "_W");
        HeadActivation act = outputLayer.getActivationFn() instanceof ActivationSoftmax
                ? HeadActivation.SOFTMAX : HeadActivation.IDENTITY;
        return new RecurrentNetwork(cells,
                new DenseHead((int) w.rows(), (int) w.columns(), rowMajor(w), rowMajor(net.getParam(out + "_b")), act));
    }

    /** The array's values in row-major order as float32. */
    public static float[] rowMajor(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }
}
