package io.streamcast.trainer.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.streamcast.core.nn.VectorMath;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinibatchProductTest {

    /** The Vector API kernel computes what model-core's loops compute, over shapes with every kind of remainder. */
    @ParameterizedTest
    @CsvSource({
        "32, 64, 256", // the LSTM's forward product at hidden 64
        "32, 256, 64", // its backward product through RWᵀ
        "64, 32, 256", // its weight gradient
        "5, 1, 12",    // one input feature, hidden 3
        "7, 12, 1",    // ∂L/∂x of one feature
        "1, 9, 33",
        "9, 17, 47",
        "4, 3, 16",
        "3, 70, 300",
    })
    void vectorApiKernelEqualsThePortableOne(int count, int rows, int cols) {
        Random random = new Random(count * 31L + rows * 7L + cols);
        float[][] m = randomRows(random, rows, cols);
        float[][] v = randomRows(random, count, rows);
        float[][] expected = randomRows(random, count, cols);
        float[][] actual = new float[count][];
        for (int i = 0; i < count; i++) {
            actual[i] = expected[i].clone();
        }
        VectorMath.accumulateEach(expected, m, v, count, rows, cols);
        new VectorApiProduct().accumulateEach(actual, m, v, count, rows, cols);
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < cols; k++) {
                // Rounding differs (one fused multiply-add per row against a sum of four products).
                assertThat(actual[i][k]).as("z[%d][%d]", i, k).isCloseTo(expected[i][k],
                        within(1e-5f * (rows + 1)));
            }
        }
    }

    /** The build runs the tests (and the launcher the trainer) with the module: the fast kernel must be the one chosen. */
    @Test
    void theVectorApiKernelIsChosenWhenTheModuleIsThere() {
        assertThat(MinibatchProduct.best()).isInstanceOf(VectorApiProduct.class);
        System.setProperty(MinibatchProduct.KERNEL_PROPERTY, "portable");
        try {
            assertThat(MinibatchProduct.best()).isNotInstanceOf(VectorApiProduct.class);
        } finally {
            System.clearProperty(MinibatchProduct.KERNEL_PROPERTY);
        }
    }

    private static float[][] randomRows(Random random, int count, int size) {
        float[][] r = new float[count][size];
        for (float[] row : r) {
            for (int k = 0; k < size; k++) {
                row[k] = random.nextFloat() * 2f - 1f;
            }
        }
        return r;
    }
}
