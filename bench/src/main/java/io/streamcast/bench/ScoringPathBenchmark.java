package io.streamcast.bench;

import io.streamcast.core.event.EventParser;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.ParseResult;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The job's own work per event, without Flink or Kafka: parse the JSON payload, score it
 * ({@link StreamScorer}: normalise, one LSTM-64 step, residual, likelihood, alert rule) on a warm
 * key among {@code keys}, write the forecast's JSON. The same model and input as
 * {@code bench-job}, so the end-to-end cost per event minus this is the framework's share.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "-XX:+UseParallelGC"})
public class ScoringPathBenchmark {
    private static final long T0 = 1_795_687_200_000L;
    private static final long MINUTE = 60_000L;

    @Param({"1000", "100000"})
    int keys;

    private final EventParser parser = new EventParser();
    private StreamScorer scorer;
    private KeyState[] states;
    private String[] names;
    private byte[][] payloads;
    /** Events scored so far: key {@code n % keys}, event time one minute per round of all keys. */
    private long n;
    private Outcome last;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        scorer = new StreamScorer(JobThroughputDriver.randomLstm(64), ScoringConfig.defaults(), l -> null);
        states = new KeyState[keys];
        names = new String[keys];
        payloads = new byte[keys][];
        for (int k = 0; k < keys; k++) {
            states[k] = new KeyState();
            names[k] = "device-" + k;
            payloads[k] = RecordJson.event(event(k, 0));
        }
        for (int round = 0; round < 120; round++) { // past warm-up (the model's window, 96 events)
            for (int k = 0; k < keys; k++) {
                last = scorer.score(states[k], event(k, round));
            }
        }
        n = 120L * keys;
    }

    private InputEvent event(int k, long round) {
        return new InputEvent(names[k], T0 + round * MINUTE, new String[] {"value"},
                new double[] {Math.sin(round / 10.0 + k) + 0.01 * (round % 7)});
    }

    @Benchmark
    public ParseResult parse() {
        return parser.parse(payloads[(int) (n++ % keys)]);
    }

    @Benchmark
    public Outcome score() {
        int k = (int) (n % keys);
        InputEvent e = event(k, n++ / keys);
        return scorer.score(states[k], e);
    }

    /** An input event's JSON, as the load generators and the simulator write one per event. */
    @Benchmark
    public byte[] eventJson() {
        int k = (int) (n % keys);
        return RecordJson.event(event(k, n++ / keys));
    }

    @Benchmark
    public byte[] forecastJson() {
        return RecordJson.toBytes(last.forecast());
    }

    /** Parse, score and write, as the job does per event (the parsed event's time is the next one due). */
    @Benchmark
    public byte[] perEvent() {
        int k = (int) (n % keys);
        InputEvent parsed = ((ParseResult.Parsed) parser.parse(payloads[k])).event();
        InputEvent e = new InputEvent(parsed.key(), T0 + (n / keys) * MINUTE, parsed.names(), parsed.values());
        n++;
        Outcome o = scorer.score(states[k], e);
        return RecordJson.toBytes(o.forecast());
    }
}
