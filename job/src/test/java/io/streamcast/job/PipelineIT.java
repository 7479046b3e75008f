package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on real parts: an in-JVM KRaft Kafka broker and a Flink MiniCluster running the job
 * exactly as {@code main} wires it, exactly-once sinks read back with {@code read_committed}.
 */
class PipelineIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Flink's own Prometheus reporter, so the dashboard's Flink metrics can be checked too. */
    private static final int FLINK_METRICS_PORT = freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = TestConfigs.miniCluster(withPrometheusReporter(), 2);

    @RegisterExtension
    static final KafkaTestCluster kafka = new KafkaTestCluster();

    @TempDir
    static Path dir;

    private static int freePort() {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Configuration withPrometheusReporter() {
        Configuration c = TestConfigs.loopback();
        c.setString("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        c.setString("metrics.reporter.prom.port", Integer.toString(FLINK_METRICS_PORT));
        return c;
    }

    @Test
    void validAndMalformedEventsEndToEndWithExactlyOnceOutput() throws Exception {
        String in = "events-1";
        kafka.createTopics(2, in, "forecasts-1", "alerts-1", "dead-1", "updates-1");
        Path bundle = dir.resolve("model.zip");
        ModelBundle model = TestBundles.persistence("pump", "1", 16, 20, 1.0);
        model.writeZip(bundle);

        long t0 = (System.currentTimeMillis() - 3 * 86_400_000L) / 60_000 * 60_000;
        Random rnd = new Random(1);
        List<InputEvent> valid = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        double[] level = {50, 80, 20};
        for (int i = 0; i < 600; i++) {
            int k = i % 3;
            level[k] += rnd.nextGaussian() * 0.5;
            double value = level[k] + (k == 1 && i / 3 == 150 ? 25 : 0);
            InputEvent e = new InputEvent("pump-" + k, t0 + 60_000L * (i / 3), new String[] {"value"}, new double[] {value});
            valid.add(e);
            keys.add(e.key());
            payloads.add(RecordJson.event(e));
        }
        String[] malformed = {
            "{not json",
            "{\"key\":\"pump-0\",\"ts\":1,\"value\":NaN}",
            "{\"ts\":1795687200000,\"value\":1}",
            "{\"key\":\"pump-0\",\"ts\":\"soon\",\"value\":1}",
        };
        for (String m : malformed) {
            keys.add("pump-0");
            payloads.add(m.getBytes(StandardCharsets.UTF_8));
        }
        // a feature the model does not read (dated ahead of pump-0's stream so that it is not late)
        keys.add("pump-0");
        payloads.add(("{\"key\":\"pump-0\",\"ts\":" + (t0 + 86_400_000L) + ",\"values\":{\"temperature\":1}}")
                .getBytes(StandardCharsets.UTF_8));
        // dated two days ahead of the wall clock
        keys.add("pump-1");
        payloads.add(RecordJson.event(new InputEvent("pump-1", System.currentTimeMillis() + 2 * 86_400_000L,
                new String[] {"value"}, new double[] {1})));
        // far-late event for pump-2 (50 minutes behind its stream), sent after everything else
        keys.add("pump-2");
        byte[] late = RecordJson.event(new InputEvent("pump-2", t0 + 60_000L * 150 + 30_000, new String[] {"value"}, new double[] {1}));
        payloads.add(late);
        kafka.produce(in, keys, payloads);

        JobConfig config = TestConfigs.config(bundle,
                "kafka.bootstrapServers=" + kafka.bootstrapServers(),
                "kafka.inputTopic=" + in, "kafka.forecastTopic=forecasts-1", "kafka.alertTopic=alerts-1",
                "kafka.deadLetterTopic=dead-1", "kafka.modelUpdateTopic=updates-1",
                "kafka.startingOffsets=EARLIEST", "kafka.bounded=true", "kafka.transactionalIdPrefix=it-1",
                "checkpoints.interval=1s", "checkpoints.directory=" + dir.resolve("chk").toUri(),
                "time.maxOutOfOrderness=1m", "parallelism=2",
                "metrics.enabled=true", "metrics.port=" + freePort(), "metrics.watchKeys=[pump-1]");
        // Held by the test too, so the endpoint outlives the job and can be scraped at the end.
        MetricsEndpoint.acquire(config.metrics());
        Set<String> exported = new TreeSet<>();
        try {
            StreamExecutionEnvironment env = StreamcastJob.environment(config);
            Pipeline.build(env, config);
            var job = env.executeAsync("pipeline-it");
            while (!job.getJobStatus().get().isTerminalState()) {
                exported.addAll(metricNames(FLINK_METRICS_PORT));
                Thread.sleep(200);
            }
            job.getJobExecutionResult().get();
            exported.addAll(metricNames(MetricsEndpoint.port()));
        } finally {
            MetricsEndpoint.release();
        }
        assertThat(dashboardMetrics()).allSatisfy(m -> assertThat(exported).as("metrics the job exports").contains(m));

        Map<String, List<String>> forecastsByKey = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readCommitted("forecasts-1")) {
            forecastsByKey.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), x -> new ArrayList<>())
                    .add(new String(r.value(), StandardCharsets.UTF_8));
        }
        // one code path: the job's forecasts are exactly model-core's replay of the same events
        StreamScorer scorer = new StreamScorer(model, config.scoring(), l -> null);
        Map<String, KeyState> states = new HashMap<>();
        Map<String, List<String>> expected = new TreeMap<>();
        for (InputEvent e : valid) {
            Outcome o = scorer.score(states.computeIfAbsent(e.key(), x -> new KeyState()), e);
            expected.computeIfAbsent(e.key(), x -> new ArrayList<>())
                    .add(new String(RecordJson.toBytes(o.forecast()), StandardCharsets.UTF_8));
        }
        assertThat(forecastsByKey).isEqualTo(expected);

        List<JsonNode> alerts = values(kafka.readCommitted("alerts-1"));
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).get("key").asText()).isEqualTo("pump-1");
        assertThat(alerts.get(0).get("ts").asLong()).isEqualTo(t0 + 60_000L * 150);
        assertThat(alerts.get(0).get("explanation").get("message").asText()).contains("expected");

        List<JsonNode> dead = values(kafka.readCommitted("dead-1"));
        assertThat(dead).extracting(d -> d.get("reason").asText()).containsExactlyInAnyOrder(
                "INVALID_JSON", "NON_FINITE", "MISSING_KEY", "INVALID_TS", "UNKNOWN_FEATURE", "INVALID_TS", "LATE");
        assertThat(dead).filteredOn(d -> d.get("reason").asText().equals("INVALID_JSON"))
                .first().satisfies(d -> {
                    assertThat(d.get("payload").asText()).isEqualTo("{not json");
                    assertThat(d.get("topic").asText()).isEqualTo(in);
                    assertThat(d.has("offset")).isTrue();
                });
        // refused after parsing, in the scoring operator: still traceable to the input record
        ConsumerRecord<byte[], byte[]> lateInput = kafka.readCommitted(in).stream()
                .filter(r -> java.util.Arrays.equals(r.value(), late)).findFirst().orElseThrow();
        assertThat(dead).filteredOn(d -> d.get("reason").asText().equals("LATE"))
                .singleElement().satisfies(d -> {
                    assertThat(d.get("payload").asText()).isEqualTo(new String(late, StandardCharsets.UTF_8));
                    assertThat(d.get("topic").asText()).isEqualTo(in);
                    assertThat(d.get("partition").asInt()).isEqualTo(lateInput.partition());
                    assertThat(d.get("offset").asLong()).isEqualTo(lateInput.offset());
                });
    }

    /** Metric names in a Prometheus text scrape of 127.0.0.1:port (empty if nothing listens). */
    private static Set<String> metricNames(int port) {
        Set<String> names = new TreeSet<>();
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
        } catch (java.io.IOException | InterruptedException e) {
            // not up yet, or already gone
        }
        return names;
    }

    /** Every metric named by a query of the Grafana dashboard. */
    private static Set<String> dashboardMetrics() throws Exception {
        JsonNode d = JSON.readTree(Path.of("../deploy/grafana/dashboards/streamcast.json").toFile());
        Set<String> names = new TreeSet<>();
        java.util.regex.Pattern metric = java.util.regex.Pattern.compile("\\b(streamcast_[a-z_]+|flink_[A-Za-z_]+)\\b");
        for (JsonNode panel : d.get("panels")) {
            for (JsonNode t : panel.get("targets")) {
                java.util.regex.Matcher m = metric.matcher(t.get("expr").asText());
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).hasSizeGreaterThan(10);
        return names;
    }

    private static List<JsonNode> values(List<ConsumerRecord<byte[], byte[]>> records) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            out.add(JSON.readTree(r.value()));
        }
        return out;
    }
}
