package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.StreamScorer;
import io.streamcast.job.JobConfig;
import io.streamcast.job.JobConfigLoader;
import io.streamcast.job.Pipeline;
import io.streamcast.job.StreamcastJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker (a real child process) is stopped and restarted under the running job: the job
 * recovers by itself and the committed output is exactly the uninterrupted output.
 */
class BrokerRestartIT {
    @TempDir
    Path dir;

    @Test
    void jobRecoversFromABrokerRestartWithNothingLostOrDuplicated() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"))) {
            kafka.createTopics(2, "in", "forecasts", "alerts", "dead", "updates");
            Path bundle = dir.resolve("model.zip");
            ModelBundle model = TestBundles.persistence("pump", "1", 8, 20, 1.0);
            model.writeZip(bundle);

            long t0 = (System.currentTimeMillis() - 10 * 86_400_000L) / 60_000 * 60_000;
            List<InputEvent> events = new ArrayList<>();
            for (int i = 0; i < 40_000; i++) {
                events.add(new InputEvent("key-" + (i % 20), t0 + 60_000L * (i / 20), new String[] {"value"},
                        new double[] {Math.sin(i / 20.0) + (i % 9_973 == 0 ? 25 : 0)}));
            }
            send(kafka, events.subList(0, 20_000));

            Map<String, String> o = new LinkedHashMap<>();
            o.put("kafka.bootstrapServers", kafka.bootstrapServers());
            o.put("kafka.inputTopic", "in");
            o.put("kafka.forecastTopic", "forecasts");
            o.put("kafka.alertTopic", "alerts");
            o.put("kafka.deadLetterTopic", "dead");
            o.put("kafka.modelUpdateTopic", "updates");
            o.put("kafka.startingOffsets", "EARLIEST");
            o.put("kafka.transactionalIdPrefix", "restart");
            o.put("kafka.transactionTimeout", "1m");
            o.put("model.bundle", bundle.toString());
            o.put("checkpoints.interval", "500ms");
            o.put("checkpoints.directory", dir.resolve("chk").toUri().toString());
            o.put("metrics.enabled", "false");
            o.put("time.maxOutOfOrderness", "0s");
            JobConfig config = new JobConfigLoader().load(null, o);
            StreamExecutionEnvironment env = StreamcastJob.environment(config);
            Pipeline.build(env, config);
            JobClient job = env.executeAsync("broker-restart");

            waitFor(kafka, 5_000);
            kafka.stop();
            Thread.sleep(5_000);
            kafka.restart();
            send(kafka, events.subList(20_000, events.size()));
            // With no out-of-orderness every event is scored on arrival, the newest ones included.
            waitFor(kafka, events.size());
            Thread.sleep(3_000); // a further checkpoint: nothing more may appear
            List<ConsumerRecord<byte[], byte[]>> out = read(kafka, "forecasts");
            job.cancel().get();

            StreamScorer scorer = new StreamScorer(model, config.scoring(), l -> null);
            Map<String, KeyState> states = new HashMap<>();
            Map<String, List<String>> expected = new TreeMap<>();
            for (InputEvent e : events) {
                Outcome r = scorer.score(states.computeIfAbsent(e.key(), x -> new KeyState()), e);
                expected.computeIfAbsent(e.key(), x -> new ArrayList<>())
                        .add(new String(RecordJson.toBytes(r.forecast()), StandardCharsets.UTF_8));
            }
            Map<String, List<String>> actual = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : out) {
                actual.computeIfAbsent(new String(r.key(), StandardCharsets.UTF_8), x -> new ArrayList<>())
                        .add(new String(r.value(), StandardCharsets.UTF_8));
            }
            assertThat(differences(expected, actual)).as("keys whose committed forecasts differ from the replay").isEmpty();
        }
    }

    /** Per key: the count and the first position where the committed forecasts leave the replay. */
    private static List<String> differences(Map<String, List<String>> expected, Map<String, List<String>> actual) {
        List<String> out = new ArrayList<>();
        for (String key : expected.keySet()) {
            List<String> e = expected.get(key);
            List<String> a = actual.getOrDefault(key, List.of());
            int i = 0;
            while (i < Math.min(e.size(), a.size()) && e.get(i).equals(a.get(i))) {
                i++;
            }
            if (i < Math.max(e.size(), a.size())) {
                out.add(key + ": " + a.size() + " committed, " + e.size() + " replayed, first difference at #" + i
                        + (i < a.size() ? ": committed " + a.get(i) : "") + (i < e.size() ? ", replayed " + e.get(i) : ""));
            }
        }
        actual.keySet().stream().filter(k -> !expected.containsKey(k)).forEach(k -> out.add(k + ": not an input key"));
        return out;
    }

    private static void send(KafkaBroker kafka, List<InputEvent> events) {
        try (KafkaEvents out = new KafkaEvents(kafka.bootstrapServers(), "in")) {
            events.forEach(out::send);
            out.flush();
        }
    }

    private static void waitFor(KafkaBroker kafka, int forecasts) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
        int seen;
        while ((seen = read(kafka, "forecasts").size()) < forecasts) {
            assertThat(System.nanoTime()).as("%,d of %,d forecasts committed after 180 s", seen, forecasts).isLessThan(deadline);
            Thread.sleep(1_000);
        }
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(KafkaBroker kafka, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        p.put("group.id", "reader-" + System.nanoTime());
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            int empty = 0;
            while (empty < 3) {
                var records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    empty++;
                }
                records.forEach(out::add);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            return out; // broker down: what was read so far
        }
        return out;
    }
}
