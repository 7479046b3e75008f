package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.StreamScorer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Stop with a savepoint and restart with another parallelism, 1 → 2 → 1, while events keep
 * arriving: the committed output equals the uninterrupted one (keyed state and pending events
 * move between subtasks with their key groups).
 */
class RescaleIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestConfigs.miniCluster(TestConfigs.loopback(), 3);

    @RegisterExtension
    static final KafkaTestCluster kafka = new KafkaTestCluster();

    @TempDir
    static Path dir;

    @ParameterizedTest
    @EnumSource(JobConfig.StateBackend.class)
    void rescalingThroughSavepointsChangesNothingInTheOutput(JobConfig.StateBackend backend) throws Exception {
        String t = "rs-" + backend + "-";
        kafka.createTopics(2, t + "in", t + "forecasts", t + "alerts", t + "dead", t + "updates");
        Path bundle = dir.resolve("model.zip");
        ModelBundle model = TestBundles.forecaster("m", "1", io.streamcast.core.nn.CellType.LSTM, List.of("value"), 8, 3);
        model.writeZip(bundle);
        long t0 = (System.currentTimeMillis() - 10 * 86_400_000L) / 60_000 * 60_000;
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 30_000; i++) {
            events.add(new InputEvent("key-" + (i % 30), t0 + 60_000L * (i / 30), new String[] {"value"},
                    new double[] {Math.sin(i / 30.0) + (i % 7_919 == 0 ? 12 : 0)}));
        }
        String savepoint = null;
        int[] parallelism = {1, 2, 1};
        for (int phase = 0; phase < 3; phase++) {
            List<InputEvent> part = events.subList(phase * 10_000, (phase + 1) * 10_000);
            kafka.produce(t + "in", part.stream().map(InputEvent::key).toList(), part.stream().map(RecordJson::event).toList());
            JobConfig config = TestConfigs.config(bundle,
                    "kafka.bootstrapServers=" + kafka.bootstrapServers(), "kafka.inputTopic=" + t + "in",
                    "kafka.forecastTopic=" + t + "forecasts", "kafka.alertTopic=" + t + "alerts", "kafka.deadLetterTopic=" + t + "dead",
                    "kafka.modelUpdateTopic=" + t + "updates", "kafka.startingOffsets=EARLIEST", "kafka.transactionalIdPrefix=" + t,
                    "checkpoints.interval=500ms", "checkpoints.directory=" + dir.resolve("chk-" + backend).toUri(),
                    "checkpoints.stateBackend=" + backend,
                    "time.maxOutOfOrderness=1m", "parallelism=" + parallelism[phase]);
            StreamExecutionEnvironment env = StreamcastJob.environment(config);
            if (savepoint != null) {
                env.configure(Configuration.fromMap(Map.of("execution.state-recovery.path", savepoint)));
            }
            Pipeline.build(env, config);
            JobClient job = env.executeAsync("rescale-" + phase);
            // Each key's newest two events (a minute apart) wait for the watermark: they cross the
            // savepoint as pending state.
            int target = (phase + 1) * 10_000 - 60;
            long deadline = System.nanoTime() + 120_000_000_000L;
            while (kafka.readCommitted(t + "forecasts").size() < target && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            savepoint = job.stopWithSavepoint(false, dir.resolve("savepoints-" + backend).toUri().toString(),
                    SavepointFormatType.CANONICAL).get();
        }

        StreamScorer scorer = new StreamScorer(model, TestConfigs.config(bundle).scoring(), l -> null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<String>> expected = new TreeMap<>();
        for (InputEvent e : events) {
            Outcome o = scorer.score(states.computeIfAbsent(e.key(), x -> new KeyState()), e);
            expected.computeIfAbsent(e.key(), x -> new ArrayList<>())
                    .add(new String(RecordJson.toBytes(o.forecast()), StandardCharsets.UTF_8));
        }
        expected.values().forEach(l -> l.subList(l.size() - 2, l.size()).clear());
        Map<String, List<String>> actual = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted(t + "forecasts")) {
            actual.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), x -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        assertThat(actual).isEqualTo(expected);
    }
}
