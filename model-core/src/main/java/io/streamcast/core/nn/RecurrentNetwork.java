package io.streamcast.core.nn;

import java.util.List;

/**
 * A stack of recurrent layers of one cell type feeding a dense head: the inference form of
 * every streamcast model. Immutable and shareable between threads; per-thread work goes
 * through a {@link NetworkStepper}, per-key memory lives in a {@link NetworkState}.
 */
public final class RecurrentNetwork {
    private final List<RecurrentCell> layers;
    private final DenseHead head;

    public RecurrentNetwork(List<RecurrentCell> layers, DenseHead head) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a network needs at least one recurrent layer");
        }
        CellType type = layers.get(0).type();
        for (int l = 1; l < layers.size(); l++) {
            RecurrentCell cell = layers.get(l);
            if (cell.type() != type) {
                throw new IllegalArgumentException("layer " + l + " is " + cell.type() + ", layer 0 is " + type);
            }
            if (cell.inputSize() != layers.get(l - 1).hiddenSize()) {
                throw new IllegalArgumentException("layer " + l + " takes " + cell.inputSize()
                        + " inputs but layer " + (l - 1) + " has " + layers.get(l - 1).hiddenSize() + " units");
            }
        }
        int last = layers.get(layers.size() - 1).hiddenSize();
        if (head.inputSize() != last) {
            throw new IllegalArgumentException(
                    "head takes " + head.inputSize() + " inputs but the last layer has " + last + " units");
        }
        this.layers = List.copyOf(layers);
        this.head = head;
    }

    public CellType cellType() {
        return layers.get(0).type();
    }

    public List<RecurrentCell> layers() {
        return layers;
    }

    public DenseHead head() {
        return head;
    }

    public int inputSize() {
        return layers.get(0).inputSize();
    }

    public int outputSize() {
        return head.outputSize();
    }

    /** A zero state (what DL4J starts from after {@code rnnClearPreviousState}). */
    public NetworkState newState() {
        return NetworkState.zero(this);
    }

    /** Scratch buffers for one thread. */
    public NetworkStepper newStepper() {
        return new NetworkStepper(this);
    }
}
