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
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under failure: the task manager running the job is killed five times at random
 * points while it scores a real broker's topic with checkpoints; the read_committed output must
 * be exactly the uninterrupted output (model-core's replay of the same events): every forecast
 * and alert once, none missing, in order per key, which also proves that recurrent state,
 * windows, likelihood statistics and alert suppression were restored.
 */
class CrashRecoveryIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestConfigs.miniCluster(config(), 2);

    @RegisterExtension
    static final KafkaTestCluster kafka = new KafkaTestCluster();

    @TempDir
    static Path dir;

    private static Configuration config() {
        Configuration c = TestConfigs.loopback();
        c.setString("restart-strategy.type", "fixed-delay");
        c.setString("restart-strategy.fixed-delay.attempts", "1000");
        c.setString("restart-strategy.fixed-delay.delay", "200 ms");
        return c;
    }

    @Test
    void killingTheTaskManagerFiveTimesChangesNothingInTheCommittedOutput(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        kafka.createTopics(2, "crash-in", "crash-forecasts", "crash-alerts", "crash-dead", "crash-updates");
        Path bundle = dir.resolve("model.zip");
        ModelBundle model = TestBundles.persistence("pump", "1", 16, 20, 1.0);
        model.writeZip(bundle);

        long t0 = (System.currentTimeMillis() - 30 * 86_400_000L) / 60_000 * 60_000;
        Random rnd = new Random(7);
        List<InputEvent> events = new ArrayList<>();
        double[] level = new double[40];
        for (int i = 0; i < 200_000; i++) {
            int k = i % level.length;
            level[k] += rnd.nextGaussian() * 0.5;
            boolean spike = rnd.nextDouble() < 0.0005;
            events.add(new InputEvent("key-" + k, t0 + 60_000L * (i / level.length), new String[] {"value"},
                    new double[] {level[k] + (spike ? 30 : 0)}));
        }
        // Produced while the job runs and fails, so that the kills fall mid-stream.
        Thread producer = new Thread(() -> {
            try {
                for (int from = 0; from < events.size(); from += 10_000) {
                    List<InputEvent> chunk = events.subList(from, from + 10_000);
                    kafka.produce("crash-in", chunk.stream().map(InputEvent::key).toList(),
                            chunk.stream().map(RecordJson::event).toList());
                    Thread.sleep(400);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        JobConfig config = TestConfigs.config(bundle,
                "kafka.bootstrapServers=" + kafka.bootstrapServers(), "kafka.inputTopic=crash-in",
                "kafka.forecastTopic=crash-forecasts", "kafka.alertTopic=crash-alerts", "kafka.deadLetterTopic=crash-dead",
                "kafka.modelUpdateTopic=crash-updates", "kafka.startingOffsets=EARLIEST", "time.maxOutOfOrderness=0s",
                "kafka.transactionalIdPrefix=crash", "checkpoints.interval=300ms", "kafka.transactionTimeout=1m",
                "checkpoints.directory=" + dir.resolve("chk").toUri(), "parallelism=2");
        StreamExecutionEnvironment env = StreamcastJob.environment(config);
        Pipeline.build(env, config);
        JobClient job = env.executeAsync("crash-recovery");
        producer.start();

        Random chaos = new Random(11);
        for (int kill = 0; kill < 5; kill++) {
            Thread.sleep(700 + chaos.nextInt(900));
            assertThat(job.getJobStatus().get().isTerminalState()).isFalse();
            cluster.terminateTaskManager(0).get();
            cluster.startTaskManager();
        }
        producer.join();
        // With no out-of-orderness every event is scored on arrival, the last ones included.
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (kafka.readCommitted("crash-forecasts").size() < events.size() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
        }
        Thread.sleep(2_000); // more checkpoints: nothing more may appear
        job.cancel().get();

        StreamScorer scorer = new StreamScorer(model, config.scoring(), l -> null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<String>> expectedForecasts = new TreeMap<>();
        Map<String, List<String>> expectedAlerts = new TreeMap<>();
        for (InputEvent e : events) {
            Outcome o = scorer.score(states.computeIfAbsent(e.key(), x -> new KeyState()), e);
            expectedForecasts.computeIfAbsent(e.key(), x -> new ArrayList<>()).add(json(RecordJson.toBytes(o.forecast())));
            if (o.alert() != null) {
                expectedAlerts.computeIfAbsent(e.key(), x -> new ArrayList<>()).add(json(RecordJson.toBytes(o.alert())));
            }
        }
        assertThat(byKey(kafka.readCommitted("crash-forecasts"))).isEqualTo(expectedForecasts);
        assertThat(byKey(kafka.readCommitted("crash-alerts"))).isEqualTo(expectedAlerts);
        assertThat(expectedAlerts).isNotEmpty();
        assertThat(kafka.readCommitted("crash-dead")).isEmpty();
    }

    private static Map<String, List<String>> byKey(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, List<String>> out = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.computeIfAbsent(json(r.key()), x -> new ArrayList<>()).add(json(r.value()));
        }
        return out;
    }

    private static String json(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
