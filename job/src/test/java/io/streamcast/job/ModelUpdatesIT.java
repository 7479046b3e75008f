package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.bundle.Sha256;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.nn.CellType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Bad model updates on the model-updates topic (corrupted checksum, another feature schema,
 * wrong shapes, a missing file, an oversize bundle) are each refused with a dead-letter record
 * and a metric while the running model keeps serving and the job never restarts; a good update
 * afterwards is applied.
 */
class ModelUpdatesIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestConfigs.miniCluster(TestConfigs.loopback(), 2);

    @RegisterExtension
    static final KafkaTestCluster kafka = new KafkaTestCluster();

    @TempDir
    static Path dir;

    private static byte[] update(String version, Path uri, String sha) {
        return RecordJson.toBytes(new ModelUpdate("m", version, uri.toString(), sha));
    }

    @Test
    void badUpdatesAreRefusedWithoutRestartAndAGoodOneIsApplied(@InjectMiniCluster MiniCluster cluster) throws Exception {
        kafka.createTopics(1, "mu-in", "mu-forecasts", "mu-alerts", "mu-dead", "mu-updates");
        Path v1 = dir.resolve("v1.zip");
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("value"), 8, 1).writeZip(v1);
        Path good = dir.resolve("v2.zip");
        TestBundles.forecaster("m", "2", CellType.GRU, List.of("value"), 12, 2).writeZip(good);
        Path otherFeatures = dir.resolve("v3.zip");
        TestBundles.forecaster("m", "3", CellType.LSTM, List.of("temperature"), 8, 3).writeZip(otherFeatures);
        Path wrongShape = dir.resolve("v4");
        TestBundles.forecaster("m", "4", CellType.LSTM, List.of("value"), 8, 4).writeDirectory(wrongShape);
        Path manifest = wrongShape.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"hiddenSize\" : 8", "\"hiddenSize\" : 9")
                .replace("\"inputSize\" : 8", "\"inputSize\" : 9"));
        Path oversize = dir.resolve("v5.zip");
        TestBundles.forecaster("m", "5", CellType.LSTM, List.of("value"), 160, 5).writeZip(oversize);

        JobConfig config = TestConfigs.config(v1,
                "kafka.bootstrapServers=" + kafka.bootstrapServers(), "kafka.inputTopic=mu-in",
                "kafka.forecastTopic=mu-forecasts", "kafka.alertTopic=mu-alerts", "kafka.deadLetterTopic=mu-dead",
                "kafka.modelUpdateTopic=mu-updates", "kafka.startingOffsets=EARLIEST", "kafka.transactionalIdPrefix=mu",
                "checkpoints.interval=500ms", "checkpoints.directory=" + dir.resolve("chk").toUri(),
                "time.maxOutOfOrderness=0s", "model.maxBundleBytes=300000", "parallelism=1");
        StreamExecutionEnvironment env = StreamcastJob.environment(config);
        Pipeline.build(env, config);
        JobClient job = env.executeAsync("model-updates");

        long t0 = (System.currentTimeMillis() - 86_400_000L) / 60_000 * 60_000;
        int[] next = {0};
        Runnable sendBatch = () -> {
            List<String> keys = new ArrayList<>();
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 200; i++, next[0]++) {
                InputEvent e = new InputEvent("k" + (next[0] % 4), t0 + 60_000L * (next[0] / 4), new String[] {"value"},
                        new double[] {Math.sin(next[0] / 4.0)});
                keys.add(e.key());
                values.add(RecordJson.event(e));
            }
            try {
                kafka.produce("mu-in", keys, values);
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        };
        sendBatch.run();
        kafka.produce("mu-updates", null, List.of(
                update("2", good, "0".repeat(64)),
                update("3", otherFeatures, Sha256.of(otherFeatures)),
                update("4", wrongShape, Sha256.of(manifest)),
                update("6", dir.resolve("absent.zip"), null),
                update("5", oversize, Sha256.of(oversize)),
                "{\"modelId\":\"m\"}".getBytes(StandardCharsets.UTF_8)));
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (dead().size() < 6 && System.nanoTime() < deadline) {
            sendBatch.run();
            Thread.sleep(500);
        }
        List<JsonNode> refused = dead();
        assertThat(refused).extracting(d -> d.get("reason").asText()).containsOnly("MODEL_UPDATE_REJECTED");
        assertThat(refused).extracting(d -> d.get("detail").asText()).anySatisfy(d -> assertThat(d).contains("SHA-256 mismatch"))
                .anySatisfy(d -> assertThat(d).contains("feature schema mismatch"))
                .anySatisfy(d -> assertThat(d).contains("needs 396 float32 values"))
                .anySatisfy(d -> assertThat(d).contains("no such bundle"))
                .anySatisfy(d -> assertThat(d).contains("exceeds the limit of 300000"))
                .anySatisfy(d -> assertThat(d).contains("needs modelId, version and uri"));
        assertThat(versions()).containsOnly("1");

        kafka.produce("mu-updates", null, List.of(update("2", good, Sha256.of(good))));
        deadline = System.nanoTime() + 60_000_000_000L;
        while (!versions().contains("2") && System.nanoTime() < deadline) {
            sendBatch.run();
            Thread.sleep(500);
        }
        assertThat(versions()).contains("1", "2");
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        assertThat(cluster.getExecutionGraph(job.getJobID()).get().getStatusTimestamp(JobStatus.RESTARTING))
                .as("the job never restarted").isZero();
        job.cancel().get();
    }

    private static List<JsonNode> dead() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("mu-dead")) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }

    private static List<String> versions() throws Exception {
        List<String> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("mu-forecasts")) {
            String v = JSON.readTree(r.value()).get("modelVersion").asText();
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }
}
