package io.streamcast.bench;

import io.streamcast.core.bundle.Manifest;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Task;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.nn.CellType;
import io.streamcast.core.nn.DenseHead;
import io.streamcast.core.nn.HeadActivation;
import io.streamcast.core.nn.LstmCell;
import io.streamcast.core.nn.RecurrentNetwork;
import io.streamcast.demo.KafkaBroker;
import io.streamcast.job.JobConfig;
import io.streamcast.job.JobConfigLoader;
import io.streamcast.job.Pipeline;
import io.streamcast.job.StreamcastJob;
import io.streamcast.core.scoring.KeyStateCodec;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * End-to-end throughput and latency of the job against a real broker on this machine. Throughput:
 * {@code events} pre-loaded events over {@code keys} keys, read by a bounded job, events per second
 * from job start to the last committed output, for the streamcast job (LSTM hidden 64) and, in the
 * same run, a pass-through job of the same shape without a model. Latency: a producer at a fixed
 * rate, latency from the input record's append time to the forecast's append time.
 */
@Command(name = "job-throughput", mixinStandardHelpOptions = true)
public final class JobThroughputDriver implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000")
    long events;

    @Option(names = "--keys", defaultValue = "1000")
    int keys;

    @Option(names = "--partitions", defaultValue = "2")
    int partitions;

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE")
    String delivery;

    @Option(names = "--hidden", defaultValue = "64")
    int hidden;

    @Option(names = "--parallelism", defaultValue = "1")
    int parallelism;

    @Option(names = "--skip-pass-through", description = "measure only the streamcast job")
    boolean skipPassThrough;

    @Option(names = "--latency-rate", defaultValue = "0", description = "events/s for the latency run (0: skip)")
    double latencyRate;

    @Option(names = "--latency-seconds", defaultValue = "30")
    int latencySeconds;

    @Option(names = "--max-out-of-orderness", defaultValue = "5s", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String maxOutOfOrderness;

    @Option(names = "--watermark-interval", defaultValue = "200ms", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String watermarkInterval;

    @Option(names = "--work", defaultValue = "work/bench")
    Path work;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobThroughputDriver()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        Path bundle = work.resolve("lstm" + hidden + ".zip");
        randomLstm(hidden).writeZip(bundle);
        System.out.printf("state bytes per key (LSTM %d, window 96, warm key): %d%n", hidden, stateBytesPerKey(bundle));
        try (KafkaBroker kafka = KafkaBroker.start(work.resolve("kafka-" + System.currentTimeMillis()))) {
            String in = "events-" + keys;
            kafka.createTopics(partitions, in);
            kafka.createTopics(partitions, "out-model", "out-pass", "alerts", "dead", "latency-in", "latency-out");
            long t0 = System.nanoTime();
            produce(kafka.bootstrapServers(), in, events, keys);
            System.out.printf("produced %d events over %d keys in %.1f s%n", events, keys, (System.nanoTime() - t0) / 1e9);

            double pass = skipPassThrough ? Double.NaN : run(kafka, in, "out-pass", bundle, false);
            double model = run(kafka, in, "out-model", bundle, true);
            System.out.printf("RESULT keys=%d events=%d delivery=%s parallelism=%d: streamcast LSTM-%d %.0f ev/s, "
                    + "pass-through %.0f ev/s (model share of the cost %.0f%%)%n", keys, events, delivery, parallelism, hidden,
                    model, pass, 100 * (1 - model / pass));
            if (latencyRate > 0) {
                latency(kafka, bundle);
            }
        }
        return 0;
    }

    /** Runs a bounded job over the pre-loaded topic; events per second from submission to completion. */
    private double run(KafkaBroker kafka, String in, String out, Path bundle, boolean withModel) throws Exception {
        JobConfig c = config(kafka, in, out, bundle, true, delivery, Map.of());
        StreamExecutionEnvironment env = StreamcastJob.environment(c);
        if (withModel) {
            Pipeline.build(env, c);
        } else {
            PassThrough.build(env, c);
        }
        long start = System.nanoTime();
        env.execute(withModel ? "streamcast" : "pass-through");
        double secs = (System.nanoTime() - start) / 1e9;
        long outCount = count(kafka.bootstrapServers(), out);
        System.out.printf("%s: %d outputs in %.1f s -> %.0f ev/s%n", withModel ? "streamcast" : "pass-through", outCount,
                secs, events / secs);
        return events / secs;
    }

    private JobConfig config(KafkaBroker kafka, String in, String out, Path bundle, boolean bounded, String delivery,
            Map<String, String> extra) throws Exception {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("kafka.bootstrapServers", kafka.bootstrapServers());
        o.put("kafka.inputTopic", in);
        o.put("kafka.forecastTopic", out);
        o.put("kafka.alertTopic", "alerts");
        o.put("kafka.deadLetterTopic", "dead");
        o.put("kafka.modelUpdateTopic", extra.getOrDefault("kafka.modelUpdateTopic", ""));
        o.put("kafka.groupId", "bench-" + out + "-" + System.nanoTime());
        o.put("kafka.startingOffsets", "EARLIEST");
        o.put("kafka.bounded", Boolean.toString(bounded));
        o.put("kafka.delivery", delivery);
        o.put("kafka.transactionalIdPrefix", "bench-" + System.nanoTime());
        o.put("model.bundle", bundle.toAbsolutePath().toString());
        o.put("checkpoints.interval", extra.getOrDefault("checkpoints.interval", "5s"));
        o.put("checkpoints.directory", work.resolve("checkpoints").toAbsolutePath().toUri().toString());
        o.put("metrics.enabled", "false");
        o.put("time.maxFutureSkew", "3650d");
        o.put("parallelism", Integer.toString(parallelism));
        o.putAll(extra);
        return new JobConfigLoader().load(null, o);
    }

    /** Latency at a fixed rate in AT_LEAST_ONCE mode: input append time to forecast append time. */
    private void latency(KafkaBroker kafka, Path bundle) throws Exception {
        JobConfig c = config(kafka, "latency-in", "latency-out", bundle, false, "AT_LEAST_ONCE",
                Map.of("time.maxOutOfOrderness", maxOutOfOrderness, "time.watermarkInterval", watermarkInterval,
                        "checkpoints.interval", System.getProperty("bench.checkpoint", "1s"), "kafka.modelUpdateTopic", "alerts"));
        StreamExecutionEnvironment env = StreamcastJob.environment(c);
        if (System.getProperty("bench.bufferTimeout") != null) {
            env.setBufferTimeout(Long.getLong("bench.bufferTimeout"));
        }
        Pipeline.build(env, c);
        var job = env.executeAsync("latency");
        Thread.sleep(5000);
        Map<String, Long> sent = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, Long> sentWall = new java.util.concurrent.ConcurrentHashMap<>();
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> p = producer(kafka.bootstrapServers())) {
                long total = (long) (latencyRate * latencySeconds);
                long begin = System.nanoTime();
                long ts0 = System.currentTimeMillis() - 3_600_000L;
                for (long i = 0; i < total; i++) {
                    long due = begin + (long) (i * 1e9 / latencyRate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait); // no spinning: the job needs the cores
                    }
                    String key = "k" + (i % keys);
                    long ts = ts0 + (i / keys) * 1000 + (i % keys);
                    sentWall.put(key + "@" + ts, System.currentTimeMillis());
                    p.send(new ProducerRecord<>("latency-in", key.getBytes(StandardCharsets.UTF_8), RecordJson.event(
                            new InputEvent(key, ts, new String[] {"value"}, new double[] {Math.sin(i)}))),
                            (meta, err) -> {
                                if (meta != null) {
                                    sent.put(key + "@" + ts, meta.timestamp());
                                }
                            });
                }
            }
        });
        producer.start();
        List<Long> lat = new ArrayList<>();
        List<Long> wall = new ArrayList<>();
        Properties props = consumerProps(kafka.bootstrapServers(), "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c2 = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c2.subscribe(List.of("latency-out"));
            long end = System.nanoTime() + (latencySeconds + 15) * 1_000_000_000L;
            var json = new com.fasterxml.jackson.databind.ObjectMapper(); // one per run: building one per record cost a core
            while (System.nanoTime() < end) {
                for (ConsumerRecord<byte[], byte[]> r : c2.poll(java.time.Duration.ofMillis(200))) {
                    var n = json.readTree(r.value());
                    String id = n.get("key").asText() + "@" + n.get("ts").asLong();
                    Long in = sent.get(id);
                    if (in != null) {
                        lat.add(r.timestamp() - in);
                        wall.add(System.currentTimeMillis() - sentWall.get(id));
                    }
                }
            }
        }
        producer.join();
        job.cancel().get();
        long[] l = lat.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] w = wall.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("RESULT latency seen by a consumer (send to receive): p50 %d ms, p99 %d ms%n", w[w.length / 2],
                w[(int) (w.length * 0.99)]);
        // Note: the newest ~maxOutOfOrderness of events wait for the watermark, which is the latency floor.
        System.out.printf("RESULT latency at %.0f ev/s (AT_LEAST_ONCE, maxOutOfOrderness %s, watermarkInterval %s, %d samples): "
                + "p50 %d ms, p99 %d ms, max %d ms%n", latencyRate, maxOutOfOrderness, watermarkInterval, l.length,
                l[l.length / 2], l[(int) (l.length * 0.99)], l[l.length - 1]);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", "5");
        p.put("batch.size", "262144");
        p.put("compression.type", "lz4");
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(String bootstrap, String topic, long n, int keys) {
        Random rnd = new Random(1);
        long ts0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap)) {
            for (long i = 0; i < n; i++) {
                String key = "k" + (i % keys);
                long ts = ts0 + (i / keys) * 60_000 + (i % keys);
                p.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), RecordJson.event(
                        new InputEvent(key, ts, new String[] {"value"}, new double[] {10 + rnd.nextGaussian()}))));
            }
        }
    }

    private static Properties consumerProps(String bootstrap, String isolation) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "bench-reader-" + System.nanoTime());
        p.put("isolation.level", isolation);
        p.put("auto.offset.reset", "earliest");
        return p;
    }

    private static long count(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(bootstrap, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(parts);
            c.seekToEnd(parts);
            long n = 0;
            for (TopicPartition tp : parts) {
                n += c.position(tp);
            }
            return n; // end offsets include transaction markers: an upper bound, fine for a sanity line
        }
    }

    /** A hidden-H LSTM over one feature with random weights: the cost of the model does not depend on its values. */
    static ModelBundle randomLstm(int h) throws Exception {
        Random rnd = new Random(3);
        LstmCell cell = new LstmCell(1, h, random(rnd, 4 * h, 0.5), random(rnd, h * 4 * h, 1 / Math.sqrt(h)),
                random(rnd, 4 * h, 0.1));
        RecurrentNetwork net = new RecurrentNetwork(List.of(cell),
                new DenseHead(h, 1, random(rnd, h, 1 / Math.sqrt(h)), new float[1], HeadActivation.IDENTITY));
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "bench", "1", Instant.now(), Task.FORECAST, CellType.LSTM,
                List.of("value"), new Manifest.OutputSpec(List.of("value"), 1, null, null), 96,
                new Manifest.Normalization(Manifest.InputTransform.DELTA, Map.of("value", new Manifest.FeatureStats(0, 1)),
                        true, List.of(0.0), List.of(1.0)),
                new Manifest.AnomalyCalibration(List.of(1.0), 10, 2000, 0.9999),
                new Manifest.TrainingInfo("random weights", "0".repeat(64), Map.of(), Map.of()), null, null);
        return ModelBundle.of(m, net);
    }

    private static long stateBytesPerKey(Path bundle) throws Exception {
        StreamScorer s = new StreamScorer(ModelBundle.load(bundle), ScoringConfig.defaults(), l -> null);
        KeyState k = new KeyState();
        for (int i = 0; i < 500; i++) {
            s.score(k, new InputEvent("k", i * 1000L, new String[] {"value"}, new double[] {Math.sin(i)}));
        }
        return KeyStateCodec.encode(k).length;
    }

    private static float[] random(Random rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (rnd.nextGaussian() * scale);
        }
        return a;
    }

    /** The pipeline's shape without a model: parse in the source, keyBy, one ValueState per key, JSON to Kafka. */
    static final class PassThrough extends KeyedProcessFunction<String, InputEvent, io.streamcast.job.KafkaRecord> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        static void build(StreamExecutionEnvironment env, JobConfig c) {
            Pipeline.events(env, c).keyBy(InputEvent::key).process(new PassThrough())
                    .uid("pass-through").name("Pass-through (ValueState, no model)")
                    .sinkTo(Pipeline.sink(c, c.kafka().forecastTopic(), "pass-through")).uid("pass-through-sink");
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(InputEvent e, Context ctx, Collector<io.streamcast.job.KafkaRecord> out) throws Exception {
            Long n = count.value();
            count.update(n == null ? 1 : n + 1);
            out.collect(new io.streamcast.job.KafkaRecord(e.key(), RecordJson.event(e)));
        }
    }

}
