package io.streamcast.job;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.streamcast.core.event.Alert;
import io.streamcast.core.event.Forecast;
import io.streamcast.core.event.RejectReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The job's meters (Prometheus names in brackets). Counters are shared by all operator
 * instances of a task manager; Prometheus sums across task managers.
 */
final class JobMetrics implements AutoCloseable {
    /** Instances of this JVM; gauges aggregate over them, so a closed instance stops counting. */
    private static final Set<JobMetrics> LIVE = new CopyOnWriteArraySet<>();
    /** Latest values of watched keys (few by design), by key and target. */
    private static final Map<String, double[]> WATCHED = new ConcurrentHashMap<>();

    private final MeterRegistry registry;
    /** streamcast_events_in_total: events read from the input topic. */
    final Counter eventsIn;
    /** streamcast_forecasts_total */
    final Counter forecasts;
    /** streamcast_gap_resets_total: keys reset after a gap. */
    final Counter gapResets;
    /** streamcast_rewarms_total: key states rebuilt for a new model architecture. */
    final Counter rewarms;
    /** streamcast_inference_seconds: one scoring step (network step + likelihood + records). */
    final Timer inference;
    private final Map<RejectReason, Counter> rejected = new EnumMap<>(RejectReason.class);
    private final Map<Alert.Kind, Counter> alerts = new EnumMap<>(Alert.Kind.class);
    private final Counter modelUpdatesApplied;
    private final Counter modelUpdatesRejected;
    private final AtomicLong keys = new AtomicLong();
    private final AtomicLong lagMillis = new AtomicLong();
    private volatile Set<String> serving = Set.of();

    JobMetrics(MeterRegistry registry) {
        this.registry = registry;
        eventsIn = Counter.builder("streamcast.events.in").description("events read").register(registry);
        forecasts = Counter.builder("streamcast.forecasts").description("forecasts published").register(registry);
        gapResets = Counter.builder("streamcast.gap.resets").description("keys reset after a gap").register(registry);
        rewarms = Counter.builder("streamcast.rewarms").description("key states rebuilt for a new model").register(registry);
        inference = Timer.builder("streamcast.inference").description("time to score one event")
                .publishPercentileHistogram() // buckets: quantiles aggregate across task managers in Prometheus
                .minimumExpectedValue(java.time.Duration.ofNanos(500)).maximumExpectedValue(java.time.Duration.ofMillis(50))
                .register(registry);
        for (RejectReason r : RejectReason.values()) {
            rejected.put(r, Counter.builder("streamcast.events.rejected").tag("reason", r.name())
                    .description("events sent to the dead-letter topic").register(registry));
        }
        for (Alert.Kind k : Alert.Kind.values()) {
            alerts.put(k, Counter.builder("streamcast.alerts").tag("kind", k.name()).description("alerts raised")
                    .register(registry));
        }
        modelUpdatesApplied = Counter.builder("streamcast.model.updates").tag("result", "applied").register(registry);
        modelUpdatesRejected = Counter.builder("streamcast.model.updates").tag("result", "rejected").register(registry);
        // Both operators of a task manager share these two gauges over every live instance; the
        // second registration would be ignored with a warning from Micrometer.
        synchronized (LIVE) {
            if (registry.find("streamcast.keys").gauge() == null) {
                Gauge.builder("streamcast.keys", LIVE, live -> live.stream().mapToLong(m -> m.keys.get()).sum())
                        .description("keys with scoring state").register(registry);
                Gauge.builder("streamcast.event.time.lag", LIVE,
                                live -> live.stream().mapToLong(m -> m.lagMillis.get()).max().orElse(0) / 1000.0)
                        .baseUnit("seconds").description("processing time minus event time of the last scored event")
                        .register(registry);
            }
            LIVE.add(this);
        }
    }

    @Override
    public void close() {
        LIVE.remove(this);
    }

    void rejected(RejectReason reason) {
        rejected.get(reason).increment();
    }

    void alert(Alert.Kind kind) {
        alerts.get(kind).increment();
    }

    /** streamcast_keys: this instance's share (kept by the operator, restored with its state). */
    void keys(long n) {
        keys.set(n);
    }

    void lag(long eventTs) {
        lagMillis.set(System.currentTimeMillis() - eventTs);
    }

    void scored(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** streamcast_watch_{actual,expected,likelihood}{key, target}: the latest scored values of a watched key. */
    void watch(Forecast f) {
        if (f.actual() == null) {
            return;
        }
        f.actual().forEach((target, actual) -> {
            double[] v = WATCHED.computeIfAbsent(f.key() + "\u0000" + target, id -> {
                double[] cell = new double[3];
                Gauge.builder("streamcast.watch.actual", cell, c -> c[0]).tag("key", f.key()).tag("target", target)
                        .register(registry);
                Gauge.builder("streamcast.watch.expected", cell, c -> c[1]).tag("key", f.key()).tag("target", target)
                        .register(registry);
                Gauge.builder("streamcast.watch.likelihood", cell, c -> c[2]).tag("key", f.key()).tag("target", target)
                        .register(registry);
                return cell;
            });
            v[0] = actual;
            v[1] = f.expected().get(target);
            v[2] = f.likelihood();
        });
    }

    void modelUpdate(boolean applied) {
        (applied ? modelUpdatesApplied : modelUpdatesRejected).increment();
    }

    /** streamcast_model_info{model, version}: 1 while some instance serves that model version, else 0. */
    void serving(Set<String> labels) {
        serving = Set.copyOf(labels);
        for (String label : labels) {
            String[] idVersion = label.split(":", 2);
            Gauge.builder("streamcast.model.info", LIVE, live -> live.stream().anyMatch(m -> m.serving.contains(label)) ? 1.0 : 0.0)
                    .tag("model", idVersion[0]).tag("version", idVersion.length > 1 ? idVersion[1] : "")
                    .description("model versions served").register(registry);
        }
    }
}
