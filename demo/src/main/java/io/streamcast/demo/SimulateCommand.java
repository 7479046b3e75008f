package io.streamcast.demo;

import java.io.PrintWriter;
import io.streamcast.job.JobConfigLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast simulate}: a device fleet or a price feed into any Kafka, with ground truth written to a file. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Produce simulated events (device fleet or price feed) to Kafka; injected incidents go to a CSV file.")
public final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka to write to, e.g. localhost:9092")
    String bootstrap;

    @Option(names = "--topic", defaultValue = "events", description = "input topic of the job (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(names = "--kind", defaultValue = "fleet", description = "fleet or prices (default: ${DEFAULT-VALUE})")
    String kind;

    @Option(names = "--keys", defaultValue = "20", description = "devices or symbols (default: ${DEFAULT-VALUE})")
    int keys;

    @Option(names = "--rate", defaultValue = "200", description = "events per second (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", description = "e.g. 60s, 10m (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--interval", defaultValue = "60s", description = "event-time spacing of one key's events (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--incident-rate", defaultValue = "0.001", description = "probability per event of starting an incident")
    double incidentRate;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the simulation: the same seed, the same events (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--truth", defaultValue = "truth.csv", description = "ground-truth file (default: ${DEFAULT-VALUE})")
    Path truth;

    @Override
    public Integer call() throws Exception {
        checkLoad("--keys", keys, rate, incidentRate);
        Duration d = duration(duration, "--duration");
        long step = duration(interval, "--interval").toMillis();
        long total = (long) (rate * d.toSeconds());
        EventSource source = source(kind, keys, step, total, seed, incidentRate);
        try (KafkaEvents out = new KafkaEvents(bootstrap, topic)) {
            Pacer pacer = new Pacer(rate);
            for (long i = 0; i < total; i++) {
                pacer.await();
                out.send(source.next());
            }
            out.flush();
            if (out.undelivered() > 0) {
                throw new IllegalStateException(String.format("%d of %d events were not delivered to %s at %s: %s",
                        out.undelivered(), total, topic, bootstrap, out.firstError()));
            }
        }
        writeTruth(truth, source);
        System.out.printf("sent %d events of %d %s keys to %s; %d incidents written to %s%n", total, keys, kind, topic,
                source.truth().size(), truth);
        return 0;
    }

    /** The simulated load's numbers, refused when they cannot make a stream. */
    static void checkLoad(String keysOption, int keys, double rate, double incidentRate) {
        if (keys < 1) {
            throw new IllegalArgumentException(keysOption + " must be at least 1, is " + keys);
        }
        if (!(rate > 0 && Double.isFinite(rate))) {
            throw new IllegalArgumentException("--rate must be a positive number of events per second, is " + rate);
        }
        if (!(incidentRate >= 0 && incidentRate <= 1)) {
            throw new IllegalArgumentException("--incident-rate is a probability per event, in [0, 1], is " + incidentRate);
        }
    }

    /** A duration option: {@code 30s}, {@code 10m}, {@code 2h} or ISO-8601; a bare number is seconds. */
    static Duration duration(String text, String option) {
        Duration d = JobConfigLoader.parseDuration(text.trim().matches("\\d+") ? text.trim() + "s" : text);
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(option + ": not a positive duration: '" + text + "' (use e.g. 30s, 10m, 2h)");
        }
        return d;
    }

    /** A source whose event times end about now, so a job with a future-skew guard accepts them. */
    static EventSource source(String kind, int keys, long stepMs, long totalEvents, long seed, double incidentRate) {
        long start = System.currentTimeMillis() - (totalEvents / keys + 1) * stepMs;
        return switch (kind) {
            case "fleet" -> new FleetSimulator(keys, start, stepMs, seed, incidentRate);
            case "prices" -> new PriceSimulator(keys, start, stepMs, seed, incidentRate);
            default -> throw new IllegalArgumentException("--kind must be fleet or prices, is " + kind);
        };
    }

    static void writeTruth(Path file, EventSource source) throws java.io.IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("key,kind,start_ts,end_ts");
            for (Incident i : source.truth()) {
                w.printf("%s,%s,%d,%d%n", i.key(), i.kind(), i.start(), i.end());
            }
        }
    }

}
