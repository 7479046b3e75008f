package io.streamcast.bench;

import io.streamcast.core.event.InputEvent;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.KeyStateCodec;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Copying one warm key's state (LSTM 64, window 96), as Flink's heap backend does at a key's
 * first access after a checkpoint began: {@link KeyState#copy} against the codec round trip the
 * job's serializer used before.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-XX:+UseParallelGC"})
public class KeyStateCopyBenchmark {
    private KeyState state;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        StreamScorer s = new StreamScorer(JobThroughputDriver.randomLstm(64), ScoringConfig.defaults(), l -> null);
        state = new KeyState();
        for (int i = 0; i < 500; i++) {
            s.score(state, new InputEvent("k", i * 1000L, new String[] {"value"}, new double[] {Math.sin(i)}));
        }
    }

    @Benchmark
    public KeyState copy() {
        return state.copy();
    }

    @Benchmark
    public KeyState codecRoundTrip() {
        return KeyStateCodec.decode(KeyStateCodec.encode(state));
    }
}
