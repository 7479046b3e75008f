package io.streamcast.trainer.nn;

import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.recurrent.LSTM;
import org.deeplearning4j.nn.layers.recurrent.LastTimeStepLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.LSTMParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's LSTM layer with its training passes (forward with every gate kept, and backpropagation
 * through time) computed by {@link LstmSequencePass} in one call instead of DL4J's ~20 ND4J calls
 * per time step; everything else (configuration, parameters and their initialisation, the output
 * layer, the loss, Adam, truncated-BPTT bookkeeping, inference) stays DL4J's. Inference
 * ({@code output}, {@code rnnTimeStep}) is DL4J's own code, so the export check still compares
 * model-core's cells with DL4J's outputs. Cases the pass does not cover (masks, dropout, weight
 * noise, other activations or data formats, non-float networks) fall back to DL4J's code.
 *
 * <p>One deliberate difference: DL4J 1.0.0-M2's {@code MultiLayerNetwork} backpropagates every
 * truncated-BPTT piece with {@code backpropGradient}, not {@code tbpttBackpropGradient}
 * ({@code computeGradientAndScore} passes {@code tbptt = false} to {@code calcBackpropGradients}),
 * and its LSTM then recomputes the piece's gates from a zero state although the loss came from the
 * state carried in from the previous piece: every piece after the first of a sequence gets the
 * gradient of a different forward pass. Here the backward pass uses the gates of the forward pass
 * the loss came from. For a sequence of one piece (windowed and C-MAPSS training) the two agree.
 *
 * <p>Installed by {@link #install} into an initialised network; the network's configuration is
 * an ordinary DL4J {@code LSTM}, so a saved network is a plain DL4J one. It extends DL4J
 * 1.0.0-M2's layer class and uses its protected state maps: {@code FusedLstmLayerTest} is what
 * says whether another DL4J version still calls it the same way.
 */
public final class FusedLstmLayer extends LSTM {
    private static final String W = LSTMParamInitializer.INPUT_WEIGHT_KEY;
    private static final String RW = LSTMParamInitializer.RECURRENT_WEIGHT_KEY;
    private static final String B = LSTMParamInitializer.BIAS_KEY;

    private final MinibatchProduct product = MinibatchProduct.best();
    private LstmSequencePass pass;
    /** The input {@link #pass} last ran forward on, until a backward pass uses it. */
    private INDArray passInput;

    private FusedLstmLayer(LSTM stock) {
        super(stock.conf(), stock.getParam(W).dataType());
        setListeners(stock.getListeners());
        setIndex(stock.getIndex());
        setParamsViewArray(stock.params());
        setParamTable(stock.paramTable());
        setBackpropGradientsViewArray(stock.getGradientsViewArray());
    }

    /** Replaces every DL4J {@code LSTM} layer (also one inside {@code LastTimeStep}) of an initialised, not yet trained network. */
    public static void install(MultiLayerNetwork net) {
        net.initGradientsView(); // DL4J would create the gradient views at the first fit, on its own layers
        Layer[] layers = net.getLayers();
        for (int i = 0; i < layers.length; i++) {
            if (layers[i].getClass() == LSTM.class) {
                layers[i] = new FusedLstmLayer((LSTM) layers[i]);
            } else if (layers[i] instanceof LastTimeStepLayer last && last.getUnderlying().getClass() == LSTM.class) {
                layers[i] = new LastTimeStepLayer(new FusedLstmLayer((LSTM) last.getUnderlying()));
            }
        }
    }

    private boolean fusable() {
        org.deeplearning4j.nn.conf.layers.LSTM c = layerConf();
        return maskArray == null
                && helper == null
                && c.getIDropout() == null
                && c.getWeightNoise() == null
                && c.getGateActivationFn() instanceof ActivationSigmoid
                && c.getActivationFn() instanceof ActivationTanH
                && c.getRnnDataFormat() == RNNFormat.NCW
                && input != null && input.rank() == 3 && input.dataType() == DataType.FLOAT
                && getParam(W).dataType() == DataType.FLOAT
                && fitsTheHeap();
    }

    /**
     * The pass keeps every gate of the minibatch on the Java heap (DL4J keeps its own off-heap):
     * pieces too long for a quarter of the heap are left to DL4J rather than risk running out.
     */
    private boolean fitsTheHeap() {
        return fitsTheHeap(input.size(0), input.size(2), input.size(1), layerConf().getNOut(),
                Runtime.getRuntime().maxMemory());
    }

    /** Whether a pass's arrays (inputs, four gates, c, tanh(c), h, ∂L/∂h: floats) take under a quarter of {@code maxHeap} bytes. */
    static boolean fitsTheHeap(long batch, long steps, long nIn, long n, long maxHeap) {
        long floats = batch * steps * (nIn + 8 * n);
        return 4 * floats < maxHeap / 4;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        if (!training || !fusable()) {
            return super.activate(training, workspaceMgr);
        }
        return forward(null, null, workspaceMgr);
    }

    @Override
    public INDArray activate(INDArray in, boolean training, LayerWorkspaceMgr workspaceMgr) {
        setInput(in, workspaceMgr);
        return activate(training, workspaceMgr);
    }

    @Override
    public INDArray rnnActivateUsingStoredState(INDArray in, boolean training, boolean storeLastForTBPTT,
            LayerWorkspaceMgr workspaceMgr) {
        setInput(in, workspaceMgr);
        INDArray h = tBpttStateMap.get(STATE_KEY_PREV_ACTIVATION);
        INDArray c = tBpttStateMap.get(STATE_KEY_PREV_MEMCELL);
        if (!training || !fusable() || !startsFit(h) || !startsFit(c)) {
            return super.rnnActivateUsingStoredState(in, training, storeLastForTBPTT, workspaceMgr);
        }
        INDArray out = forward(h, c, workspaceMgr);
        if (storeLastForTBPTT) {
            storeLastState(tBpttStateMap);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (!fusable()) {
            return super.backpropGradient(epsilon, workspaceMgr);
        }
        if (passInput != input) {
            forward(null, null, workspaceMgr);
        }
        return backward(epsilon, 0, workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackwardLength,
            LayerWorkspaceMgr workspaceMgr) {
        if (!fusable()) {
            return super.tbpttBackpropGradient(epsilon, tbpttBackwardLength, workspaceMgr);
        }
        if (passInput != input) {
            // As DL4J's layer does: the piece restarts from the state before it (stateMap).
            INDArray h = stateMap.get(STATE_KEY_PREV_ACTIVATION);
            INDArray c = stateMap.get(STATE_KEY_PREV_MEMCELL);
            if (!startsFit(h) || !startsFit(c)) {
                return super.tbpttBackpropGradient(epsilon, tbpttBackwardLength, workspaceMgr);
            }
            forward(h, c, workspaceMgr);
        }
        storeLastState(tBpttStateMap);
        int steps = (int) input.size(2);
        return backward(epsilon, Math.max(0, steps - tbpttBackwardLength), workspaceMgr);
    }

    /** A stored state this pass can start from: none, or one row per sequence of the minibatch. */
    private boolean startsFit(INDArray state) {
        return state == null || (state.rank() == 2 && state.size(0) == input.size(0)
                && state.size(1) == layerConf().getNOut());
    }

    private INDArray forward(INDArray hStart, INDArray cStart, LayerWorkspaceMgr workspaceMgr) {
        int batch = (int) input.size(0);
        int nIn = (int) input.size(1);
        int steps = (int) input.size(2);
        int n = (int) layerConf().getNOut();
        if (pass == null || !pass.fits(nIn, n, batch, steps)) {
            pass = new LstmSequencePass(nIn, n, batch, steps, product);
        }
        pass.setParameters(values(getParam(W)), values(getParam(RW)), values(getParam(B)));
        float[] out = new float[batch * n * steps];
        pass.forward(timeMajor(input), hStart == null ? null : values(hStart), cStart == null ? null : values(cStart), out);
        passInput = input;
        return fromTimeMajor(workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[] {batch, steps, n}, 'f'), out);
    }

    private Pair<Gradient, INDArray> backward(INDArray epsilon, int firstStep, LayerWorkspaceMgr workspaceMgr) {
        int batch = (int) input.size(0);
        int nIn = (int) input.size(1);
        int steps = (int) input.size(2);
        int n = (int) layerConf().getNOut();
        float[] inputGrad = new float[batch * nIn * steps];
        float[] wGrad = new float[nIn * 4 * n];
        float[] rwGrad = new float[n * 4 * n];
        float[] bGrad = new float[4 * n];
        pass.backward(timeMajor(epsilon), firstStep, inputGrad, wGrad, rwGrad, bGrad);
        passInput = null;
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(W, fill(gradientViews.get(W), wGrad));
        gradient.gradientForVariable().put(RW, fill(gradientViews.get(RW), rwGrad));
        gradient.gradientForVariable().put(B, fill(gradientViews.get(B), bGrad));
        INDArray epsilonOut = fromTimeMajor(workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                new long[] {batch, steps, nIn}, 'f'), inputGrad);
        return new Pair<>(gradient, epsilonOut);
    }

    /** Stores the pass's last h and c (outside any workspace: they outlive this minibatch). */
    private void storeLastState(Map<String, INDArray> states) {
        long[] shape = {input.size(0), layerConf().getNOut()};
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            states.put(STATE_KEY_PREV_ACTIVATION, Nd4j.create(pass.lastOutput(), shape, 'c'));
            states.put(STATE_KEY_PREV_MEMCELL, Nd4j.create(pass.lastCellState(), shape, 'c'));
        }
    }

    private static INDArray fill(INDArray view, float[] rowMajor) {
        return view.assign(Nd4j.create(rowMajor, view.shape(), 'c'));
    }

    /**
     * A {@code [minibatch, size, time]} array's values in {@link LstmSequencePass}'s layout (its
     * {@code [minibatch, time, size]} permutation in column-major order), gathered in Java from the
     * array's buffer by its strides: whatever layout DL4J hands over (its output layer's gradient,
     * {@code LastTimeStep}'s, an input), one copy out of native memory and no native op.
     */
    private static float[] timeMajor(INDArray a) {
        int batch = (int) a.size(0);
        int size = (int) a.size(1);
        int steps = (int) a.size(2);
        long[] stride = a.stride();
        long span = 1 + (batch - 1) * stride[0] + (size - 1) * stride[1] + (steps - 1) * stride[2];
        float[] buffer = a.data().getFloatsAt(0, Math.toIntExact(span)); // a view's buffer starts at its first element
        float[] out = new float[batch * size * steps];
        int o = 0;
        for (int k = 0; k < size; k++) {
            for (int t = 0; t < steps; t++) {
                long from = k * stride[1] + t * stride[2];
                for (int s = 0; s < batch; s++) {
                    out[o++] = buffer[(int) (from + s * stride[0])];
                }
            }
        }
        return out;
    }

    /**
     * Fills a column-major {@code [minibatch, time, size]} array with {@link LstmSequencePass}'s
     * values and returns it as the {@code [minibatch, size, time]} view DL4J expects; its output
     * layer then reads it as a {@code [minibatch·time, size]} matrix without copying it.
     */
    private static INDArray fromTimeMajor(INDArray timeMajor, float[] values) {
        return timeMajor.assign(Nd4j.create(values, timeMajor.shape(), 'f')).permute(0, 2, 1);
    }

    /** The array's values in row-major order. */
    private static float[] values(INDArray a) {
        return Nd4j.toFlattened('c', a).toFloatVector();
    }
}
