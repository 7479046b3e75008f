package io.streamcast.core.nn;

/**
 * One recurrent layer's weights and its single-time-step update. Implementations are immutable
 * and may be shared by any number of threads; every mutable buffer ({@code h}, {@code c},
 * {@code scratch}) belongs to the caller.
 */
public sealed interface RecurrentCell permits LstmCell, GruCell {

    CellType type();

    int inputSize();

    int hiddenSize();

    /** Fresh scratch buffers for {@link #step}: one set per thread, reused for every step. */
    float[][] newScratch();

    /**
     * Advances the layer by one time step: reads {@code x[0, inputSize)}, updates {@code h} (and
     * {@code c} for an LSTM; ignored for a GRU) in place. Allocates nothing.
     */
    void step(float[] x, float[] h, float[] c, float[][] scratch);

    /** The layer's parameters as the flat little-endian blocks of the bundle format. */
    float[][] parameterBlocks();

    /** Expected float count of each parameter block, for validation. */
    static int[] blockSizes(CellType type, int inputSize, int hiddenSize) {
        int g = type.gates() * hiddenSize;
        return new int[] {inputSize * g, hiddenSize * g, g};
    }

    static RecurrentCell of(CellType type, int inputSize, int hiddenSize, float[][] blocks) {
        return switch (type) {
            case LSTM -> new LstmCell(inputSize, hiddenSize, blocks[0], blocks[1], blocks[2]);
            case GRU -> new GruCell(inputSize, hiddenSize, blocks[0], blocks[1], blocks[2]);
        };
    }
}
