package io.streamcast.core.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class KeyStateCodecTest {
    @Test
    void newKeyRoundTrips() {
        KeyState fresh = new KeyState();
        KeyState back = KeyStateCodec.decode(KeyStateCodec.encode(fresh));
        assertThat(back.lastTs()).isEqualTo(Long.MIN_VALUE);
        assertThat(back.model()).isNull();
        assertThat(KeyStateCodec.encode(back)).isEqualTo(KeyStateCodec.encode(fresh));
    }

    @Test
    void stateOfAWarmLstmKeyIsCompact() {
        ModelBundle b = TestBundles.persistence("p", "1", 64, 96, 1.0);
        StreamScorer s = new StreamScorer(b, ScoringConfig.defaults(), l -> null);
        KeyState k = new KeyState();
        for (int i = 0; i < 500; i++) {
            s.score(k, new InputEvent("k", i, new String[] {"value"}, new double[] {Math.sin(i)}));
        }
        // 2 x 64 floats of LSTM state + 96 raw values + likelihood + bookkeeping
        assertThat(KeyStateCodec.encode(k).length).isBetween(512 + 768, 512 + 768 + 256);
    }

    @Test
    void aCopyHoldsEverythingTheCodecDoesAndSharesNothingMutable() {
        ModelBundle b = TestBundles.forecaster("f", "1", io.streamcast.core.nn.CellType.LSTM, java.util.List.of("value"), 8, 1);
        StreamScorer s = new StreamScorer(b, ScoringConfig.builder().rangeMargin(0.05).seasonEvents(12).build(), l -> null);
        KeyState k = new KeyState();
        for (int i = 0; i < 150; i++) { // past the window and the season, rings wrapped
            s.score(k, new InputEvent("k", i * 1000L, new String[] {"value"}, new double[] {Math.sin(i / 2.0) + i % 5}));
        }
        assertThat(k.network).isNotNull();
        assertThat(k.window).isNotNull();
        assertThat(k.expected).isNotNull();
        assertThat(k.likelihood).isNotNull();
        assertThat(k.rangeLow).isNotNull();
        assertThat(k.season).isNotNull();
        assertThat(k.season.likelihood).isNotNull();
        byte[] before = KeyStateCodec.encode(k);

        KeyState copy = k.copy();
        assertThat(KeyStateCodec.encode(copy)).isEqualTo(before);
        for (int i = 150; i < 160; i++) { // every part of the copy changes ...
            s.score(copy, new InputEvent("k", i * 1000L, new String[] {"value"}, new double[] {100 + i}));
        }
        assertThat(KeyStateCodec.encode(k)).isEqualTo(before); // ... and the original does not
        KeyState again = new KeyState();
        KeyState fromBytes = KeyStateCodec.decode(before);
        for (int i = 150; i < 160; i++) { // the copy scores as the decoded state does
            s.score(fromBytes, new InputEvent("k", i * 1000L, new String[] {"value"}, new double[] {100 + i}));
        }
        assertThat(KeyStateCodec.encode(copy)).isEqualTo(KeyStateCodec.encode(fromBytes));
        assertThat(KeyStateCodec.encode(new KeyState().copy())).isEqualTo(KeyStateCodec.encode(again));
    }

    @Test
    void formatTwoStatesAreReadWithoutAStuckRun() {
        KeyState k = new KeyState();
        k.model = "m:1";
        k.steps = 7;
        k.eventsSinceAlert = 3;
        k.repeats = 4;
        byte[] v3 = KeyStateCodec.encode(k);
        int at = 1 + 4 + 3 + 1 + 8 + 8 + 8 + 8 + 4; // format, label, flags, four longs/doubles, eventsSinceAlert
        byte[] v2 = new byte[v3.length - 4];
        System.arraycopy(v3, 0, v2, 0, at);
        System.arraycopy(v3, at + 4, v2, at, v3.length - at - 4);
        v2[0] = 2;
        KeyState back = KeyStateCodec.decode(v2);
        assertThat(back.repeats).isZero();
        assertThat(back.steps).isEqualTo(7);
        assertThat(back.eventsSinceAlert).isEqualTo(3);
        assertThat(KeyStateCodec.decode(v3).repeats).isEqualTo(4);
    }

    @Test
    void truncatedOrForeignBytesAreRefusedWithAMessage() {
        ModelBundle b = TestBundles.persistence("p", "1", 8, 10, 1.0);
        StreamScorer s = new StreamScorer(b, ScoringConfig.defaults(), l -> null);
        KeyState k = new KeyState();
        for (int i = 0; i < 50; i++) {
            s.score(k, new InputEvent("k", i, new String[] {"value"}, new double[] {i}));
        }
        byte[] bytes = KeyStateCodec.encode(k);
        assertThatThrownBy(() -> KeyStateCodec.decode(Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        byte[] other = bytes.clone();
        other[0] = 9;
        assertThatThrownBy(() -> KeyStateCodec.decode(other)).hasMessageContaining("format 9 is not supported");
        assertThatThrownBy(() -> KeyStateCodec.decode(Arrays.copyOf(bytes, bytes.length + 2)))
                .hasMessageContaining("trailing");
    }

    @Test
    void formatOneLikelihoodStatisticsAreReadAndTheLongRunStartsFromTheShortOne() {
        // Format 1's layout: error scales, score window, its position, count and sum, mean, variance, updates.
        java.nio.ByteBuffer v1 = java.nio.ByteBuffer.allocate(4 + 8 + 4 + 4 * 2 + 4 + 4 + 8 * 4)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1).putDouble(0.25).putInt(2).putFloat(1f).putFloat(2f).putInt(0).putInt(2)
                .putDouble(3.0).putDouble(1.2).putDouble(0.09).putLong(700).flip();
        LikelihoodState s = LikelihoodState.readFrom(v1, 1);
        assertThat(v1.remaining()).isZero();
        assertThat(s.avgMean).isEqualTo(1.2);
        assertThat(s.longMean).isEqualTo(1.2);
        assertThat(s.longVar).isEqualTo(0.09);
        assertThat(s.updates).isEqualTo(700);

        java.nio.ByteBuffer v2 = java.nio.ByteBuffer.allocate(s.encodedSize()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        s.longMean = 1.5;
        s.writeTo(v2);
        assertThat(LikelihoodState.readFrom(v2.flip(), 2).longMean).isEqualTo(1.5);
    }

    @Test
    void aCorruptSizeIsRefusedBeforeAnythingIsAllocated() {
        java.nio.ByteBuffer season = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1 << 20).putInt(4096).putInt(0).putInt(0).flip();
        assertThatThrownBy(() -> SeasonalState.readFrom(season, 2)).hasMessageContaining("season of 1048576 x 4096 is too large");
        java.nio.ByteBuffer window = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1 << 20).putInt(4096).putInt(0).flip();
        assertThatThrownBy(() -> RawWindow.readFrom(window)).hasMessageContaining("window of 1048576 x 4096 is too large");
    }
}
