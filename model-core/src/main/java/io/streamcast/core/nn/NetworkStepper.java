package io.streamcast.core.nn;

/**
 * Runs one time step of a {@link RecurrentNetwork} for whichever key's state it is given.
 * Holds only scratch buffers: one instance per thread (or Flink subtask), never shared.
 */
public final class NetworkStepper {
    private final RecurrentNetwork network;
    private final float[][][] scratch;

    NetworkStepper(RecurrentNetwork network) {
        this.network = network;
        this.scratch = new float[network.layers().size()][][];
        for (int l = 0; l < scratch.length; l++) {
            scratch[l] = network.layers().get(l).newScratch();
        }
    }

    public RecurrentNetwork network() {
        return network;
    }

    /**
     * Feeds {@code input[0, inputSize)} through every layer, advancing {@code state} by one step,
     * and writes the head's output to {@code output[0, outputSize)}. Allocates nothing.
     */
    public void step(float[] input, NetworkState state, float[] output) {
        float[] x = input;
        int depth = network.layers().size();
        for (int l = 0; l < depth; l++) {
            network.layers().get(l).step(x, state.h[l], state.c[l], scratch[l]);
            x = state.h[l];
        }
        network.head().apply(x, output);
    }
}
