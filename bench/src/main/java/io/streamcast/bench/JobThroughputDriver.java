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
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.KeyStateCodec;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import io.streamcast.demo.KafkaBroker;
import io.streamcast.job.JobConfig;
import io.streamcast.job.JobConfigLoader;
import io.streamcast.job.Pipeline;
import io.streamcast.job.StreamcastJob;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
 * End-to-end throughput and latency of the job against a real broker on this machine. Throughput:
 * {@code events} pre-loaded events over {@code keys} keys, read by a bounded job, events per second
 * while the output grows from 10 % to 90 % of the events (job start-up and the end excluded), for the streamcast job (LSTM hidden 64) and, in the
 * same run, a pass-through job of the same shape without a model. Latency: a producer at a fixed
 * rate, latency from an event's append to the input topic to its forecast's append to the output,
 * for each of {@code --latency-jobs} in turn (the pass-through job's is the floor that the broker,
 * the load generator and Flink set on this machine).
 */
@Command(name = "streamcast bench-job", mixinStandardHelpOptions = true)
public final class JobThroughputDriver implements Callable<Integer> {
    @Option(names = "--events", defaultValue = "1000000", description = "events pre-loaded for the throughput runs (default: ${DEFAULT-VALUE})")
    long events;

    @Option(names = "--keys", defaultValue = "1000", description = "distinct keys, one event per key per minute of event time (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--partitions", defaultValue = "2", description = "partitions of the input topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--delivery", defaultValue = "EXACTLY_ONCE", description = "delivery of the throughput runs: EXACTLY_ONCE, AT_LEAST_ONCE or NONE (default: ${DEFAULT-VALUE})")
    String delivery;

    @Option(names = "--hidden", defaultValue = "64", description = "LSTM units of the random-weight model (default: ${DEFAULT-VALUE})")
    int hidden;

    @Option(names = "--parallelism", defaultValue = "1", description = "parallelism of the jobs (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--skip-pass-through", description = "measure only the streamcast job")
    boolean skipPassThrough;

    @Option(names = "--rounds", defaultValue = "1",
            description = "measured throughput runs of each job, alternating, over the same pre-loaded input; the result "
                    + "is their median (this box's rate varies by ±15 %% from run to run; default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--warmup-rounds", defaultValue = "0",
            description = "runs of each job before the measured ones, reported apart: a long-running job's code is compiled "
                    + "by the JIT, a short run's is partly still interpreted (default: ${DEFAULT-VALUE})")
    int warmupRounds;

    @Option(names = "--latency-rate", defaultValue = "0", description = "events/s for the latency run (0: skip)")
    double latencyRate;

    @Option(names = "--latency-jobs", split = ",", defaultValue = "streamcast", converter = LatencyJob.Converter.class,
            description = "jobs measured by the latency run, one after the other in this order in this JVM, each on topics "
                    + "of its own: streamcast, pass-through (the pipeline's shape without a model: the floor that the broker, the load "
                    + "generator and Flink set on this machine) (default: ${DEFAULT-VALUE})")
    List<LatencyJob> latencyJobs;

    /** The jobs a latency run can measure, by their names on the command line and in its results. */
    enum LatencyJob {
        STREAMCAST("streamcast"), PASS_THROUGH("pass-through");

        private final String label;

        LatencyJob(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }

        static final class Converter implements CommandLine.ITypeConverter<LatencyJob> {
            @Override
            public LatencyJob convert(String value) {
                return Arrays.stream(values()).filter(j -> j.label.equals(value)).findFirst().orElseThrow(() ->
                        new CommandLine.TypeConversionException("'" + value + "' is not one of " + Arrays.toString(values())));
            }
        }
    }

    @Option(names = "--latency-seconds", defaultValue = "30", description = "length of the latency run, warm-up included (default: ${DEFAULT-VALUE})")
    int latencySeconds;

    @Option(names = "--max-out-of-orderness", defaultValue = "5s", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String maxOutOfOrderness;

    @Option(names = "--watermark-interval", defaultValue = "200ms", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String watermarkInterval;

    @Option(names = "--latency-delivery", defaultValue = "AT_LEAST_ONCE", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String latencyDelivery;

    @Option(names = "--latency-warmup", defaultValue = "15",
            description = "seconds of the latency run reported apart; the rate ramps up over their first half")
    int latencyWarmup;

    @Option(names = "--latency-linger", defaultValue = "5",
            description = "linger.ms of the latency run's producer (default: ${DEFAULT-VALUE}, Kafka's default); "
                    + "input batching is outside the input-appended-to-forecast-appended measure")
    int latencyLinger;

    @Option(names = "--latency-live-consumer", negatable = true,
            description = "read the forecasts while the producer runs, which also measures when a consumer has them; "
                    + "default: only with EXACTLY_ONCE (visibility is the commit there); otherwise the driver reads them "
                    + "after the run, so its consumer does not compete with the job for the cores")
    Boolean liveConsumer;

    @Option(names = "--buffer-timeout", defaultValue = "5ms", description = "for the latency run (default: ${DEFAULT-VALUE})")
    String bufferTimeout;

    @Option(names = "--throughput-out-of-orderness", defaultValue = "5s",
            description = "time.maxOutOfOrderness of the throughput runs; 0s scores each event on arrival (default: ${DEFAULT-VALUE})")
    String throughputOutOfOrderness;

    @Option(names = "--state-backend", defaultValue = "HASHMAP", description = "HASHMAP or ROCKSDB (default: ${DEFAULT-VALUE})")
    String stateBackend;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "a setting of the streamcast jobs' configuration, as for ./streamcast job --set (repeatable; "
                    + "e.g. kafka.properties.linger.ms=1); applied last")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--checkpoint-interval", defaultValue = "5s",
            description = "of every job the driver runs (default: ${DEFAULT-VALUE}; the product's default is 10s)")
    String checkpointInterval;

    @Option(names = "--work", defaultValue = "work/bench",
            description = "scratch directory; each run's broker data and checkpoints are deleted at its end (default: ${DEFAULT-VALUE})")
    Path work;

    private Path runDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobThroughputDriver()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Files.createDirectories(work);
        Path bundle = work.resolve("lstm" + hidden + ".zip");
        randomLstm(hidden).writeZip(bundle);
        System.out.printf("state bytes per key (LSTM %d, window 96, warm key): %d%n", hidden, stateBytesPerKey(bundle));
        runDir = work.resolve("run-" + System.currentTimeMillis());
        try (KafkaBroker kafka = KafkaBroker.start(runDir.resolve("kafka"))) {
            String in = "events-" + keys;
            kafka.createTopics(partitions, in);
            kafka.createTopics(partitions, "alerts", "dead");
            kafka.createTopics(1, "model-updates");
            long t0 = System.nanoTime();
            produce(kafka.bootstrapServers(), in, events, keys);
            System.out.printf("produced %d events over %d keys in %.1f s%n", events, keys, (System.nanoTime() - t0) / 1e9);

            double[] pass = new double[rounds];
            double[] model = new double[rounds];
            for (int r = -warmupRounds; r < rounds; r++) {
                String round = r < 0 ? "warm-up " + (r + warmupRounds + 1) : "round " + (r + 1);
                System.out.println(round + ":");
                kafka.createTopics(partitions, "out-pass-" + r, "out-model-" + r); // each run counts its own output
                double pr = skipPassThrough ? Double.NaN : run(kafka, in, "out-pass-" + r, bundle, false);
                double mr = run(kafka, in, "out-model-" + r, bundle, true);
                if (r >= 0) {
                    pass[r] = pr;
                    model[r] = mr;
                }
            }
            StringBuilder result = new StringBuilder(String.format("RESULT keys=%d events=%d delivery=%s parallelism=%d: "
                    + "streamcast LSTM-%d %s", keys, events, delivery, parallelism, hidden, rate(median(model))));
            if (!skipPassThrough) {
                result.append(String.format(", pass-through %.0f ev/s (model share of the cost %.0f%%)", median(pass),
                        100 * (1 - median(model) / median(pass))));
            }
            if (rounds > 1) {
                result.append(String.format("; medians of %d rounds after %d warm-up, streamcast %s", rounds, warmupRounds,
                        range(model)));
                result.append(skipPassThrough ? "" : ", pass-through " + range(pass));
            }
            System.out.println(result);
            if (latencyRate > 0) {
                for (int i = 0; i < latencyJobs.size(); i++) {
                    latency(kafka, bundle, latencyJobs.get(i), i + 1);
                }
            }
        } finally {
            FileUtils.deleteDirectoryQuietly(runDir.toFile()); // the broker's log and the checkpoints: gigabytes a run
        }
        return 0;
    }

    private void checkOptions() {
        atLeast(this, "--events", events, 1);
        atLeast(this, "--keys", keys, 1);
        atLeast(this, "--partitions", partitions, 1);
        atLeast(this, "--hidden", hidden, 1);
        atLeast(this, "--parallelism", parallelism, 1);
        atLeast(this, "--rounds", rounds, 1);
        atLeast(this, "--warmup-rounds", warmupRounds, 0);
        atLeast(this, "--latency-warmup", latencyWarmup, 0);
        atLeast(this, "--latency-seconds", latencySeconds, latencyWarmup + 1L);
        atLeast(this, "--latency-linger", latencyLinger, 0);
        if (!(latencyRate >= 0 && Double.isFinite(latencyRate))) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--latency-rate must not be negative, is " + latencyRate);
        }
    }

    /** Refuses an option below its minimum, with the command's usage (the drivers' shared check). */
    static void atLeast(Object command, String option, long value, long min) {
        if (value < min) {
            throw new CommandLine.ParameterException(new CommandLine(command), option + " must be at least " + min + ", is " + value);
        }
    }

    /** The streamcast job, or the pass-through job of the same shape without a model. */
    private static void build(StreamExecutionEnvironment env, JobConfig c, boolean withModel) {
        if (withModel) {
            Pipeline.build(env, c);
        } else {
            PassThrough.build(env, c);
        }
    }

    /** Runs a bounded job over the pre-loaded topic; events per second from submission to completion. */
    private double run(KafkaBroker kafka, String in, String out, Path bundle, boolean withModel) throws Exception {
        JobConfig c = config(kafka, in, out, bundle, true, delivery, Map.of("time.maxOutOfOrderness", throughputOutOfOrderness));
        StreamExecutionEnvironment env = StreamcastJob.environment(c);
        build(env, c, withModel);
        List<long[]> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sampler = new Thread(() -> sampleOutput(kafka.bootstrapServers(), out, progress, done), "output-sampler");
        sampler.setDaemon(true);
        long start = System.nanoTime();
        sampler.start();
        env.execute(withModel ? "streamcast" : "pass-through");
        double secs = (System.nanoTime() - start) / 1e9;
        done.set(true);
        sampler.join();
        long outCount = count(kafka.bootstrapServers(), out);
        double steady = steadyRate(progress);
        System.out.printf("%s: %d outputs in %.1f s -> %.0f ev/s from submission; %s sustained (10 %% to 90 %% of the "
                + "output)%n", withModel ? "streamcast" : "pass-through", outCount, secs, events / secs, rate(steady));
        return steady;
    }

    /**
     * Every 250 ms, and once when the job is done: the output topic's end offsets as a
     * read_uncommitted reader sees them (written, not yet committed).
     */
    private static void sampleOutput(String bootstrap, String topic, List<long[]> progress,
            java.util.concurrent.atomic.AtomicBoolean done) {
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProps(bootstrap, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            boolean last = false;
            while (!last) {
                last = done.get();
                long n = c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
                progress.add(new long[] {System.nanoTime(), n});
                LockSupport.parkNanos(250_000_000L);
            }
        }
    }

    private static String rate(double eventsPerSecond) {
        return Double.isNaN(eventsPerSecond) ? "no sustained rate (too few --events: the output passed 10 % and 90 % "
                + "within one 250 ms sample)" : String.format("%.0f ev/s", eventsPerSecond);
    }

    private static String range(double[] values) {
        return String.format("%.0f-%.0f", Arrays.stream(values).min().getAsDouble(), Arrays.stream(values).max().getAsDouble());
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Events per second between the samples where the output passed 10 % and 90 % of the events:
     * start-up excluded. NaN when both fall in one sample (a run too short to have a sustained rate).
     */
    private double steadyRate(List<long[]> progress) {
        java.util.function.Supplier<IllegalStateException> missing = () -> new IllegalStateException(
                "output never reached 90 % of the events: " + progress.get(progress.size() - 1)[1] + " of " + events);
        long[] from = progress.stream().filter(p -> p[1] >= events / 10).findFirst().orElseThrow(missing);
        long[] to = progress.stream().filter(p -> p[1] >= events * 9 / 10).findFirst().orElseThrow(missing);
        return to == from ? Double.NaN : (to[1] - from[1]) / ((to[0] - from[0]) / 1e9);
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
        o.put("checkpoints.interval", checkpointInterval);
        o.put("checkpoints.stateBackend", stateBackend);
        o.put("checkpoints.directory", runDir.resolve("checkpoints").toAbsolutePath().toUri().toString());
        o.put("metrics.enabled", "false");
        o.put("time.maxFutureSkew", "3650d");
        o.put("parallelism", Integer.toString(parallelism));
        o.putAll(extra);
        o.putAll(settings);
        return new JobConfigLoader().load(null, o);
    }

    /**
     * Latency at a fixed rate (AT_LEAST_ONCE unless {@code --latency-delivery} says otherwise).
     * Both topics use {@code LogAppendTime}: a forecast's latency is its record timestamp (the
     * broker's append time) minus the append time of its input, which the producer's
     * acknowledgement reports (kept in primitive arrays, which the job's JVM does not have to trace;
     * the acknowledgement callback is the one object per event this measure adds).
     * Each event's timestamp is its creation time on the wall clock, so creation to forecast
     * appended (input batching included) is reported as well. The first {@code --latency-warmup}
     * seconds (JIT compilation, first fetches) are reported apart.
     */
    private void latency(KafkaBroker kafka, Path bundle, LatencyJob measured, int run) throws Exception {
        String in = "latency-in-" + run;
        String out = "latency-out-" + run;
        // The forecasts of the latency run carry the broker's append time, not the job's send time ...
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            // ... and so do the inputs, which the producer's acknowledgements report.
            admin.createTopics(List.of(out, in).stream()
                    .map(t -> new org.apache.kafka.clients.admin.NewTopic(t, partitions, (short) 1)
                            .configs(Map.of("message.timestamp.type", "LogAppendTime")))
                    .toList()).all().get();
        }
        JobConfig c = config(kafka, in, out, bundle, false, latencyDelivery,
                Map.of("time.maxOutOfOrderness", maxOutOfOrderness, "time.watermarkInterval", watermarkInterval,
                        // The latency job listens for model updates as a deployed one does (an empty topic of its own).
                        "time.bufferTimeout", bufferTimeout, "kafka.modelUpdateTopic", "model-updates"));
        StreamExecutionEnvironment env = StreamcastJob.environment(c);
        build(env, c, measured == LatencyJob.STREAMCAST);
        var job = env.executeAsync("latency " + measured);
        Thread.sleep(5000);
        long begin = System.currentTimeMillis();
        InputAppendTimes appended = new InputAppendTimes(keys, (int) (latencyRate * latencySeconds / keys * 1.2) + 16);
        Thread producer = new Thread(() -> {
            // No compression: lz4 allocates a 64 KB block per batch, garbage the job in this JVM would pay for in GC pauses.
            try (KafkaProducer<byte[], byte[]> p = producer(kafka.bootstrapServers(), latencyLinger, "none")) {
                long start = System.nanoTime();
                long end = start + latencySeconds * 1_000_000_000L;
                long rampEnd = start + latencyWarmup * 500_000_000L;
                long[] last = new long[keys];
                double next = start;
                for (long i = 0; next < end; i++) {
                    // The rate ramps up from a tenth over the first half of the warm-up: JIT compilation
                    // (of the broker too) would otherwise leave a backlog that spills into the measurement.
                    double ramp = Math.min(1, 0.1 + 0.9 * (next - start) / Math.max(1, rampEnd - start));
                    next += 1e9 / (latencyRate * ramp);
                    long wait = (long) next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // no spinning: the job needs the cores
                    }
                    int k = (int) (i % keys);
                    long ts = Math.max(System.currentTimeMillis(), last[k] + 1); // one event per key and millisecond
                    last[k] = ts;
                    String key = "k" + k;
                    p.send(new ProducerRecord<>(in, key.getBytes(StandardCharsets.UTF_8),
                            RecordJson.event(new InputEvent(key, ts, new String[] {"value"}, new double[] {Math.sin(i)}))),
                            (md, e) -> {
                                if (e == null) {
                                    appended.add(k, ts, md.timestamp());
                                }
                            });
                }
            }
        });
        producer.start();
        long warmupEnd = begin + latencyWarmup * 1000L;
        LatencyHistogram warm = new LatencyHistogram();
        LatencyHistogram steady = new LatencyHistogram();
        LatencyHistogram received = new LatencyHistogram();
        LatencyHistogram fromAppend = new LatencyHistogram();
        TailByInterval tails = new TailByInterval(warmupEnd, begin + latencySeconds * 1000L);
        OutputRate output = new OutputRate(begin, latencyWarmup, latencySeconds);
        boolean exactlyOnce = latencyDelivery.equals("EXACTLY_ONCE");
        boolean live = liveConsumer != null ? liveConsumer : exactlyOnce;
        if (!live) {
            producer.join(); // the forecasts carry their append time: reading them later measures the same
        }
        Properties props = consumerProps(kafka.bootstrapServers(), exactlyOnce ? "read_committed" : "read_uncommitted");
        try (KafkaConsumer<byte[], byte[]> c2 = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c2.subscribe(List.of(out));
            long end = begin + (latencySeconds + 15) * 1000L + (live ? 0 : 15_000);
            long lastRecord = System.currentTimeMillis();
            // Until the producer is done and nothing has come for 5 s (the job has caught up), or the limit.
            while (System.currentTimeMillis() < end && (producer.isAlive() || System.currentTimeMillis() - lastRecord < 5000)) {
                var records = c2.poll(Duration.ofMillis(200));
                long now = System.currentTimeMillis();
                if (!records.isEmpty()) {
                    lastRecord = now;
                }
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    output.add(r.timestamp());
                    long ts = eventTime(r.value());
                    (ts < warmupEnd ? warm : steady).add(r.timestamp() - ts);
                    long inputAppended = appended.find(keyIndex(r.key()), ts);
                    if (ts >= warmupEnd && inputAppended >= 0) {
                        fromAppend.add(r.timestamp() - inputAppended);
                        tails.add(ts, r.timestamp() - inputAppended);
                    }
                    if (live && ts >= warmupEnd) {
                        received.add(now - ts);
                    }
                }
            }
        }
        producer.join();
        job.cancel().get();
        System.out.printf("RESULT %s latency at %.0f ev/s (%s, maxOutOfOrderness %s, watermarkInterval %s, bufferTimeout %s, "
                + "checkpoints %s, producer linger %d ms), input appended to forecast appended, after the first %d s: %s "
                + "(no input append time known for %,d forecasts)%n", measured, latencyRate, latencyDelivery, maxOutOfOrderness,
                watermarkInterval, bufferTimeout, checkpointInterval, latencyLinger, latencyWarmup, fromAppend,
                steady.count() - fromAppend.count());
        System.out.printf("RESULT %s latency at %.0f ev/s (%s, maxOutOfOrderness %s, watermarkInterval %s, bufferTimeout %s, "
                + "checkpoints %s), event creation to forecast appended: first %d s %s; after that %s; after that, until a %s "
                + "consumer has it: %s%n", measured, latencyRate, latencyDelivery, maxOutOfOrderness, watermarkInterval, bufferTimeout,
                checkpointInterval, latencyWarmup, warm, steady, exactlyOnce ? "read_committed" : "read_uncommitted",
                live ? received : "not measured (read after the run; --latency-live-consumer measures it)");
        System.out.printf("RESULT %s latency p99 (input appended to forecast appended) per 10 s of the measured run: %s%n", measured, tails);
        System.out.printf("RESULT %s output rate: %s%n", measured, output);
    }

    /**
     * The p99 of each 10 s of the measured run (by event creation time, whole intervals only): on a
     * shared box one stalled stretch can set the whole run's p99, and this shows whether the tail
     * is everywhere or in a few stretches.
     */
    private static final class TailByInterval {
        private static final long INTERVAL_MILLIS = 10_000;
        private final long begin;
        private final int count;
        private final List<LatencyHistogram> intervals = new ArrayList<>();

        TailByInterval(long begin, long end) {
            this.begin = begin;
            this.count = (int) ((end - begin) / INTERVAL_MILLIS);
        }

        void add(long eventMillis, long latencyMillis) {
            int i = (int) ((eventMillis - begin) / INTERVAL_MILLIS);
            if (i < 0 || i >= count) {
                return;
            }
            while (intervals.size() <= i) {
                intervals.add(new LatencyHistogram());
            }
            intervals.get(i).add(latencyMillis);
        }

        @Override
        public String toString() {
            long[] p99 = intervals.stream().filter(h -> h.count() > 0).mapToLong(h -> h.percentile(0.99)).toArray();
            if (p99.length == 0) {
                return "no samples";
            }
            return String.format("%s ms (median %.0f ms)", Arrays.stream(p99).mapToObj(Long::toString)
                    .collect(Collectors.joining(" / ")), median(Arrays.stream(p99).asDoubleStream().toArray()));
        }
    }

    /**
     * Forecasts appended per second (of broker append time, counted in one-second buckets): the
     * median over the seconds after the warm-up while the producer ran. When the offered rate is
     * above what the job sustains, this is the job's maximum rate with this producer.
     */
    private static final class OutputRate {
        private final long[] perSecond = new long[3600];
        private final long begin;
        private final int from;
        private final int to;

        OutputRate(long begin, int from, int to) {
            this.begin = begin;
            this.from = from;
            this.to = to;
        }

        void add(long appendMillis) {
            perSecond[(int) Math.max(0, Math.min(perSecond.length - 1, (appendMillis - begin) / 1000))]++;
        }

        @Override
        public String toString() {
            long[] window = Arrays.copyOfRange(perSecond, from, Math.max(from + 1, to));
            Arrays.sort(window);
            return String.format("median %,d forecasts/s over seconds %d-%d of the run", window[window.length / 2], from, to);
        }
    }

    private static final byte[] TS_FIELD = "\"ts\":".getBytes(StandardCharsets.US_ASCII);

    /** The {@code "ts"} field of a forecast record, read in place (no garbage in the job's JVM). */
    private static long eventTime(byte[] json) {
        int i = 0;
        outer:
        for (; i <= json.length - TS_FIELD.length; i++) {
            for (int k = 0; k < TS_FIELD.length; k++) {
                if (json[i + k] != TS_FIELD[k]) {
                    continue outer;
                }
            }
            break;
        }
        long ts = 0;
        for (int j = i + TS_FIELD.length; j < json.length && json[j] >= '0' && json[j] <= '9'; j++) {
            ts = ts * 10 + json[j] - '0';
        }
        return ts;
    }

    /** The number in a key {@code k<number>}, read in place. */
    private static int keyIndex(byte[] key) {
        int k = 0;
        for (int i = 1; i < key.length; i++) {
            k = k * 10 + key[i] - '0';
        }
        return k;
    }

    /**
     * The broker's append time of every input event, per key in send order (the producer's
     * acknowledgements of one partition arrive in order), found again by the event's time, which
     * is unique and increasing per key. Written by the producer's I/O thread, read by the driver's
     * consumer: each key's count is published after its slot is written.
     */
    private static final class InputAppendTimes {
        private final long[][] eventTimes;
        private final long[][] appendTimes;
        private final java.util.concurrent.atomic.AtomicIntegerArray counts;
        private final int[] cursors;

        InputAppendTimes(int keys, int perKey) {
            eventTimes = new long[keys][perKey];
            appendTimes = new long[keys][perKey];
            counts = new java.util.concurrent.atomic.AtomicIntegerArray(keys);
            cursors = new int[keys];
        }

        void add(int key, long eventTime, long appendTime) {
            int n = counts.get(key);
            if (n < eventTimes[key].length) { // beyond the expected count: left unmatched, reported as such
                eventTimes[key][n] = eventTime;
                appendTimes[key][n] = appendTime;
                counts.set(key, n + 1);
            }
        }

        /** The append time of key's event at {@code eventTime}, or -1 if not (yet) known; forecasts come in event order. */
        long find(int key, long eventTime) {
            int n = counts.get(key);
            int i = cursors[key];
            while (i < n && eventTimes[key][i] < eventTime) {
                i++;
            }
            cursors[key] = i;
            return i < n && eventTimes[key][i] == eventTime ? appendTimes[key][i] : -1;
        }
    }

    /** Millisecond latencies in fixed buckets (up to a minute): percentiles without keeping samples. */
    private static final class LatencyHistogram {
        private final long[] counts = new long[60_001];
        private long n;

        void add(long millis) {
            counts[(int) Math.max(0, Math.min(counts.length - 1, millis))]++;
            n++;
        }

        long count() {
            return n;
        }

        long percentile(double q) {
            long rank = (long) Math.ceil(q * n);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank) {
                    return i;
                }
            }
            return counts.length - 1;
        }

        @Override
        public String toString() {
            return n == 0 ? "no samples" : String.format("p50 %d ms, p99 %d ms, p99.9 %d ms, max %d ms (%,d forecasts)",
                    percentile(0.5), percentile(0.99), percentile(0.999), percentile(1.0), n);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMillis, String compression) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("linger.ms", Integer.toString(lingerMillis));
        p.put("batch.size", "262144");
        p.put("compression.type", compression);
        return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void produce(String bootstrap, String topic, long n, int keys) {
        Random rnd = new Random(1);
        long ts0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
        try (KafkaProducer<byte[], byte[]> p = producer(bootstrap, 5, "lz4")) {
            for (long i = 0; i < n; i++) {
                String key = "k" + (i % keys);
                // one event per key and minute, spread over the minute: event time never goes back
                // (an earlier version added i % keys ms, which with 100,000 keys made a third late)
                long ts = ts0 + (i / keys) * 60_000 + (i % keys) * 60_000 / keys;
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
    static final class PassThrough extends KeyedProcessFunction<String, io.streamcast.job.SourcedEvent, io.streamcast.job.KafkaRecord> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        static void build(StreamExecutionEnvironment env, JobConfig c) {
            Pipeline.events(env, c).keyBy(io.streamcast.job.SourcedEvent::key).process(new PassThrough())
                    .uid("pass-through").name("Pass-through (ValueState, no model)")
                    .sinkTo(Pipeline.sink(c, c.kafka().forecastTopic(), "pass-through")).uid("pass-through-sink");
        }

        @Override
        public void open(OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(io.streamcast.job.SourcedEvent e, Context ctx, Collector<io.streamcast.job.KafkaRecord> out)
                throws Exception {
            Long n = count.value();
            count.update(n == null ? 1 : n + 1);
            out.collect(new io.streamcast.job.KafkaRecord(e.key(), RecordJson.event(e.event())));
        }
    }

}
