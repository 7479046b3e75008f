package io.streamcast.job;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.streamcast.core.scoring.ScoringConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The job's whole configuration: one typed object, read once from a YAML file (and flags), then
 * validated by {@link JobConfigLoader} before anything starts. Serializable because Flink ships
 * it to the task managers inside the operators.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record JobConfig(Kafka kafka, Model model, ScoringConfig scoring, Time time, Checkpoints checkpoints,
        Metrics metrics, int parallelism) implements Serializable {

    /** Kafka topics, client settings and the delivery guarantee of the sinks. */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            String inputTopic,
            String forecastTopic,
            String alertTopic,
            String deadLetterTopic,
            String modelUpdateTopic,
            StartingOffsets startingOffsets,
            boolean bounded,
            Delivery delivery,
            String transactionalIdPrefix,
            Duration transactionTimeout,
            Map<String, String> properties) implements Serializable {
    }

    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST
    }

    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE,
        NONE
    }

    /**
     * The model (path or Flink FileSystem URI of a bundle directory or zip) serving every key,
     * optional routes sending key prefixes to other models, and the bundle size limit.
     */
    public record Model(String bundle, List<Route> routes, long maxBundleBytes) implements Serializable {
    }

    /** Keys starting with {@code keyPrefix} are scored by {@code bundle}; the longest prefix wins. */
    public record Route(String keyPrefix, String bundle) implements Serializable {
    }

    /**
     * Event time: events may arrive up to {@code maxOutOfOrderness} late and are still scored in
     * order; a source partition silent for {@code idleness} stops holding back the watermark;
     * a key without events for {@code keyTtl} of event time is forgotten; an event dated more than
     * {@code maxFutureSkew} after the wall clock is refused. An event is scored once the watermark
     * passes it: its latency is at least {@code maxOutOfOrderness} plus up to one
     * {@code watermarkInterval} (how often watermarks are emitted); with {@code maxOutOfOrderness}
     * 0 it is scored on arrival (an event older than its key's newest is late). Records between
     * tasks wait in network buffers up to {@code bufferTimeout} (0: sent one by one, at a cost in
     * throughput).
     */
    public record Time(Duration maxOutOfOrderness, Duration idleness, Duration keyTtl, Duration maxFutureSkew,
            Duration watermarkInterval, Duration bufferTimeout) implements Serializable {
    }

    public record Checkpoints(Duration interval, String directory, StateBackend stateBackend) implements Serializable {
    }

    public enum StateBackend {
        HASHMAP,
        ROCKSDB
    }

    /**
     * The Prometheus endpoint each task manager serves. {@code watchKeys}: keys whose latest
     * actual and expected values and likelihood are exported as gauges (for a dashboard's
     * forecast-vs-actual panel; keep the list short, every key is a time series).
     */
    public record Metrics(boolean enabled, String bindAddress, int port, List<String> watchKeys) implements Serializable {
    }
}
