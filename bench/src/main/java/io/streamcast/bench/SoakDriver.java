package io.streamcast.bench;

import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.demo.KafkaBroker;
import io.streamcast.job.JobConfig;
import io.streamcast.job.JobConfigLoader;
import io.streamcast.job.Pipeline;
import io.streamcast.job.StreamcastJob;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Soak: the job (LSTM-64, exactly-once) against a real broker for {@code minutes} at a fixed rate;
 * every 30 s it prints the heap after a full GC and the consumer lag (events produced minus
 * forecasts committed). With {@code --state-backend ROCKSDB} and many keys it also reports the
 * checkpoint size per key.
 */
@Command(name = "streamcast soak", mixinStandardHelpOptions = true)
public final class SoakDriver implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "10", description = "how long the producer runs (default: ${DEFAULT-VALUE})")
    int minutes;

    @Option(names = "--rate", defaultValue = "45000", description = "events per second, event time following the wall clock (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--keys", defaultValue = "1000", description = "distinct keys, visited in turn (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--state-backend", defaultValue = "HASHMAP", description = "HASHMAP or ROCKSDB (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(names = "--work", defaultValue = "work/soak",
            description = "scratch directory; the run's broker data and checkpoints are deleted at its end (default: ${DEFAULT-VALUE})")
    Path work;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SoakDriver()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        JobThroughputDriver.atLeast(this, "--minutes", minutes, 1);
        JobThroughputDriver.atLeast(this, "--keys", keys, 1);
        if (!(rate > 0 && Double.isFinite(rate))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be positive, is " + rate);
        }
        Files.createDirectories(work);
        Path bundle = work.resolve("lstm64.zip");
        JobThroughputDriver.randomLstm(64).writeZip(bundle);
        Path runDir = work.resolve("run-" + System.currentTimeMillis());
        try (KafkaBroker kafka = KafkaBroker.start(runDir.resolve("kafka"))) {
            kafka.createTopics(2, "soak-in", "soak-out", "soak-alerts", "soak-dead");
            Map<String, String> o = new LinkedHashMap<>();
            o.put("kafka.bootstrapServers", kafka.bootstrapServers());
            o.put("kafka.inputTopic", "soak-in");
            o.put("kafka.forecastTopic", "soak-out");
            o.put("kafka.alertTopic", "soak-alerts");
            o.put("kafka.deadLetterTopic", "soak-dead");
            o.put("kafka.modelUpdateTopic", "");
            o.put("kafka.transactionalIdPrefix", "soak-" + System.nanoTime());
            o.put("kafka.startingOffsets", "EARLIEST");
            o.put("model.bundle", bundle.toAbsolutePath().toString());
            o.put("checkpoints.interval", "10s");
            Path checkpoints = runDir.resolve("checkpoints");
            o.put("checkpoints.directory", checkpoints.toAbsolutePath().toUri().toString());
            o.put("checkpoints.stateBackend", stateBackend);
            o.put("metrics.port", Integer.toString(METRICS_PORT));
            o.put("time.keyTtl", "1h");
            JobConfig c = new JobConfigLoader().load(null, o);
            StreamExecutionEnvironment env = StreamcastJob.environment(c);
            Pipeline.build(env, c);
            JobClient job = env.executeAsync("soak");

            AtomicLong produced = new AtomicLong();
            long end = System.nanoTime() + minutes * 60_000_000_000L;
            Thread producer = new Thread(() -> produce(kafka.bootstrapServers(), produced, end), "soak-producer");
            producer.start();
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long started = System.nanoTime();
            // Where a lag sits: still in the producer, in the input topic not yet read by the job, read
            // but not yet scored (waiting for the watermark), or scored but not yet committed (waiting
            // for a checkpoint).
            System.out.println("RESULT minute, produced, appended to the input, read by the job, scored, committed forecasts, "
                    + "lag (events), heap after GC (MB)");
            while (producer.isAlive()) {
                Thread.sleep(30_000);
                System.gc();
                long committed = endOffsets(kafka.bootstrapServers(), "soak-out");
                System.out.printf("RESULT %.1f, %d, %d, %.0f, %.0f, %d, %d, %d%n", (System.nanoTime() - started) / 6e10,
                        produced.get(), endOffsets(kafka.bootstrapServers(), "soak-in"), metric("streamcast_events_in_total"),
                        metric("streamcast_forecasts_total"), committed, produced.get() - committed,
                        memory.getHeapMemoryUsage().getUsed() >> 20);
            }
            Thread.sleep(25_000);
            long bytes = bytes(checkpoints);
            System.out.printf("RESULT checkpoint directory %d bytes for %d keys (%s): %.0f bytes per key (retained checkpoints)%n",
                    bytes, keys, stateBackend, bytes / (double) keys);
            System.out.printf("RESULT keys with state before the TTL: %.0f%n", metric("streamcast_keys"));
            // Move event time past every key's TTL (1 h) on both partitions: idle keys must be forgotten.
            long late = lastTs + 2 * 3_600_000L;
            try (KafkaProducer<byte[], byte[]> out = producer(kafka.bootstrapServers())) {
                for (String clock : List.of("clock-a", "clock-b", "clock-c", "clock-d", "clock-e", "clock-f")) {
                    for (int i = 0; i < 3; i++) {
                        out.send(new ProducerRecord<>("soak-in", clock.getBytes(StandardCharsets.UTF_8), RecordJson.event(
                                new InputEvent(clock, late + i * 60_000L, new String[] {"value"}, new double[] {0}))));
                    }
                }
            }
            for (int i = 0; i < 12; i++) {
                Thread.sleep(10_000);
                System.out.printf("RESULT %d s after event time passed every key's TTL: keys with state %.0f, checkpoint directory %d bytes%n",
                        (i + 1) * 10, metric("streamcast_keys"), bytes(checkpoints));
            }
            job.cancel().get();
        } finally {
            FileUtils.deleteDirectoryQuietly(runDir.toFile()); // the broker's log and the checkpoints: gigabytes a run
        }
        return 0;
    }

    private static final int METRICS_PORT = 9259;

    private volatile long lastTs;

    /** A metric of the job without labels (e.g. the {@code streamcast_keys} gauge), scraped like Prometheus does. */
    private static double metric(String name) throws Exception {
        var http = HttpClient.newHttpClient();
        String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + METRICS_PORT + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst().orElse(Double.NaN);
    }

    private static long bytes(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void produce(String bootstrap, AtomicLong produced, long end) {
        long ts0 = System.currentTimeMillis() - 30L * 86_400_000L;
        try (KafkaProducer<byte[], byte[]> out = producer(bootstrap)) {
            long begin = System.nanoTime();
            for (long i = 0; System.nanoTime() < end; i++) {
                long wait = begin + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                String key = "k" + (i % keys);
                long ts = ts0 + (long) (i * 1000.0 / rate); // event time runs with the wall clock
                out.send(new ProducerRecord<>("soak-in", key.getBytes(StandardCharsets.UTF_8), RecordJson.event(
                        new InputEvent(key, ts, new String[] {"value"}, new double[] {Math.sin(i / (double) keys)}))));
                produced.incrementAndGet();
                lastTs = ts;
            }
        }
    }

    /** Committed records of a topic (end offsets under read_committed, transaction markers included). */
    private static long endOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            return c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
