package io.streamcast.core.nn;

/**
 * Dense output layer applied to the last recurrent layer's hidden state at every time step,
 * as DL4J's {@code RnnOutputLayer} does: {@code y = act(h·W + b)}, {@code W[nIn][nOut]}.
 * Immutable; shareable between threads.
 */
public final class DenseHead {
    private final int nIn;
    private final int nOut;
    private final float[][] w;
    private final float[] b;
    private final HeadActivation activation;

    public DenseHead(int inputSize, int outputSize, float[] w, float[] b, HeadActivation activation) {
        this.nIn = inputSize;
        this.nOut = outputSize;
        this.w = Matrices.rows(w, inputSize, outputSize);
        this.b = Matrices.vector(b, outputSize);
        this.activation = activation;
    }

    public int inputSize() {
        return nIn;
    }

    public int outputSize() {
        return nOut;
    }

    public HeadActivation activation() {
        return activation;
    }

    /** Writes {@code act(h·W + b)} into {@code y[0, nOut)}. Allocates nothing. */
    public void apply(float[] h, float[] y) {
        System.arraycopy(b, 0, y, 0, nOut);
        VectorMath.accumulate(y, 0, w, h, nIn, nOut);
        if (activation == HeadActivation.SOFTMAX) {
            softmax(y, nOut);
        }
    }

    /** Numerically stable softmax: {@code exp(y − max) / Σ exp(y − max)}. */
    private static void softmax(float[] y, int size) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < size; k++) {
            max = Math.max(max, y[k]);
        }
        float sum = 0f;
        for (int k = 0; k < size; k++) {
            y[k] = (float) Math.exp(y[k] - max);
            sum += y[k];
        }
        for (int k = 0; k < size; k++) {
            y[k] /= sum;
        }
    }

    /** Parameters as flat blocks: {@code W} row-major, then {@code b}. */
    public float[][] parameterBlocks() {
        return new float[][] {Matrices.flat(w), b.clone()};
    }

    public static int[] blockSizes(int inputSize, int outputSize) {
        return new int[] {inputSize * outputSize, outputSize};
    }
}
