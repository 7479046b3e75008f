package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobStatus;
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
 * 10,000 malformed events of every kind mixed into 100,000 valid ones: each malformed one is in
 * the dead-letter topic with its reason, each valid one is scored, and the job never restarts.
 */
class MalformedFloodIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestConfigs.miniCluster(TestConfigs.loopback(), 2);

    @RegisterExtension
    static final KafkaTestCluster kafka = new KafkaTestCluster();

    @TempDir
    static Path dir;

    @Test
    void everyMalformedEventIsDeadLetteredWithItsReasonAndEveryValidOneIsScored(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        kafka.createTopics(2, "flood-in", "flood-forecasts", "flood-alerts", "flood-dead", "flood-updates");
        Path bundle = dir.resolve("model.zip");
        TestBundles.persistence("pump", "1", 8, 20, 1.0).writeZip(bundle);

        long t0 = (System.currentTimeMillis() - 30 * 86_400_000L) / 60_000 * 60_000;
        String big = "x".repeat(70 * 1024);
        List<String> keys = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        Map<String, Integer> expected = new TreeMap<>();
        int valid = 0;
        int malformed = 0;
        for (int i = 0; i < 100_000; i++) {
            String key = "key-" + (i % 50);
            long ts = t0 + 60_000L * (i / 50);
            InputEvent e = new InputEvent(key, ts, new String[] {"value"}, new double[] {Math.sin(i / 50.0)});
            keys.add(key);
            payloads.add(RecordJson.event(e));
            valid++;
            if (i % 10 == 9) { // one malformed event after every ninth valid one, same key (same partition)
                String kind = switch ((i / 10) % 10) {
                    case 0 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":", "INVALID_JSON");
                    case 1 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":NaN}", "NON_FINITE");
                    case 2 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"values\":{\"value\":-Infinity}}",
                            "NON_FINITE");
                    case 3 -> add(keys, payloads, key, "{\"ts\":" + ts + ",\"value\":1}", "MISSING_KEY");
                    case 4 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"value\":1}", "MISSING_TS");
                    case 5 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":\"hot\"}", "WRONG_TYPE");
                    // 1 ms after the valid event (a second one at its time would be a duplicate): a later
                    // time would move the partition's watermark past the other keys' events of this minute.
                    case 6 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + (ts + 1)
                            + ",\"values\":{\"temperature\":1}}", "UNKNOWN_FEATURE");
                    case 7 -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + ts + ",\"value\":1,\"pad\":\"" + big + "\"}",
                            "OVERSIZE");
                    case 8 -> add(keys, payloads, key, new String(RecordJson.event(e), StandardCharsets.UTF_8), "DUPLICATE");
                    default -> add(keys, payloads, key, "{\"key\":\"" + key + "\",\"ts\":" + t0 + ",\"value\":1}", "LATE");
                };
                expected.merge(kind, 1, Integer::sum);
                malformed++;
            }
        }
        kafka.produce("flood-in", keys, payloads);

        JobConfig config = TestConfigs.config(bundle,
                "kafka.bootstrapServers=" + kafka.bootstrapServers(), "kafka.inputTopic=flood-in",
                "kafka.forecastTopic=flood-forecasts", "kafka.alertTopic=flood-alerts", "kafka.deadLetterTopic=flood-dead",
                "kafka.modelUpdateTopic=flood-updates", "kafka.startingOffsets=EARLIEST", "kafka.bounded=true",
                "kafka.transactionalIdPrefix=flood",
                "checkpoints.interval=1s", "checkpoints.directory=" + dir.resolve("chk").toUri(), "parallelism=2");
        StreamExecutionEnvironment env = StreamcastJob.environment(config);
        Pipeline.build(env, config);
        JobClient job = env.executeAsync("malformed-flood");
        job.getJobExecutionResult().get();
        assertThat(cluster.getArchivedExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job never restarted").isZero();

        assertThat(malformed).isEqualTo(10_000);
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readCommitted("flood-dead");
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> reasons = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dead) {
            JsonNode n = json.readTree(r.value());
            reasons.merge(n.get("reason").asText(), 1, Integer::sum);
            assertThat(n.get("detail").asText()).isNotBlank();
            assertThat(n.has("payload") || n.has("payloadBase64")).isTrue();
        }
        assertThat(reasons).isEqualTo(expected);
        List<ConsumerRecord<byte[], byte[]>> forecasts = kafka.readCommitted("flood-forecasts");
        assertThat(forecasts).hasSize(valid);
        assertThat(forecasts.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(
                Collectors.groupingBy(k -> k, Collectors.counting())).values()).containsOnly(2_000L);
    }

    private static String add(List<String> keys, List<byte[]> payloads, String key, String payload, String reason) {
        keys.add(key);
        payloads.add(payload.getBytes(StandardCharsets.UTF_8));
        return reason;
    }
}
