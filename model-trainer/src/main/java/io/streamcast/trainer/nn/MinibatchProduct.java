package io.streamcast.trainer.nn;

import io.streamcast.core.nn.VectorMath;

/**
 * {@code z[i] += v[i]ᵀ·M} for every vector {@code i < count} of a minibatch ({@code M} row-major,
 * {@code rows × cols}, one array per row): the products {@link LstmSequencePass} spends its time in.
 */
interface MinibatchProduct {
    void accumulateEach(float[][] z, float[][] m, float[][] v, int count, int rows, int cols);

    /** Selects the portable kernel even where the Vector API is available. */
    String KERNEL_PROPERTY = "streamcast.trainer.kernel";

    /**
     * {@link VectorApiProduct} when the JVM runs with {@code --add-modules jdk.incubator.vector} (the
     * launcher and the tests do) and has SIMD registers for it; otherwise model-core's portable loops,
     * which HotSpot vectorises without keeping sums in registers (3-5x slower on this box). Set
     * {@code -Dstreamcast.trainer.kernel=portable} to force the portable one.
     */
    static MinibatchProduct best() {
        if (!"portable".equals(System.getProperty(KERNEL_PROPERTY))
                && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && VectorApiProduct.supported()) {
            return new VectorApiProduct();
        }
        return VectorMath::accumulateEach;
    }
}
