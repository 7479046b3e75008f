package io.streamcast.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.bundle.TestBundles;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NetworkStateTest {
    @ParameterizedTest
    @EnumSource(CellType.class)
    void bytesRestoreTheStateExactlySoSteppingContinuesIdentically(CellType type) {
        RecurrentNetwork net = TestBundles.randomNetwork(type, 2, new int[] {6, 5}, 1, HeadActivation.IDENTITY, 9);
        NetworkStepper stepper = net.newStepper();
        NetworkState a = net.newState();
        float[] y = new float[1];
        for (int t = 0; t < 20; t++) {
            stepper.step(new float[] {t * 0.1f, -t * 0.05f}, a, y);
        }
        byte[] bytes = a.toBytes();
        int floats = type == CellType.LSTM ? 2 * (6 + 5) : 6 + 5;
        assertThat(bytes).hasSize(4 + 2 * 8 + 4 * floats);

        NetworkState b = NetworkState.readFrom(ByteBuffer.wrap(bytes));
        assertThat(b.fits(net)).isTrue();
        float[] ya = new float[1];
        float[] yb = new float[1];
        for (int t = 0; t < 20; t++) {
            float[] x = {(float) Math.cos(t), 0.5f};
            stepper.step(x, a, ya);
            stepper.step(x, b, yb);
            assertThat(yb[0]).isEqualTo(ya[0]);
        }
    }

    @Test
    void truncatedOrForeignBytesAreRefused() {
        RecurrentNetwork net = TestBundles.randomNetwork(CellType.GRU, 1, new int[] {4}, 1, HeadActivation.IDENTITY, 1);
        byte[] bytes = net.newState().toBytes();
        assertThatThrownBy(() -> NetworkState.readFrom(ByteBuffer.wrap(java.util.Arrays.copyOf(bytes, 20))))
                .hasMessage("recurrent state of layer 0 needs 16 bytes, 8 left");
        RecurrentNetwork lstm = TestBundles.randomNetwork(CellType.LSTM, 1, new int[] {4}, 1, HeadActivation.IDENTITY, 1);
        assertThat(NetworkState.readFrom(ByteBuffer.wrap(bytes)).fits(lstm)).isFalse();
        assertThat(NetworkState.readFrom(ByteBuffer.wrap(bytes)).fits(net)).isTrue();
    }

    @Test
    void stepAllocatesNothing() {
        RecurrentNetwork net = TestBundles.randomNetwork(CellType.LSTM, 4, new int[] {32, 32}, 2, HeadActivation.SOFTMAX, 2);
        NetworkStepper stepper = net.newStepper();
        NetworkState s = net.newState();
        float[] x = {1, 2, 3, 4};
        float[] y = new float[2];
        for (int i = 0; i < 20_000; i++) {
            stepper.step(x, s, y); // warm up so the JIT has compiled the loop
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            stepper.step(x, s, y);
        }
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 10,000 steps").isLessThan(1024);
        assertThat(y[0] + y[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
    }
}
