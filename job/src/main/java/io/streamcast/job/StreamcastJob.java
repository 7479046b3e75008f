package io.streamcast.job;

import io.streamcast.core.bundle.InvalidBundleException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast job}: runs the scorer on a Flink cluster, or locally in one JVM. */
@Command(name = "streamcast job", mixinStandardHelpOptions = true,
        description = "Run the streamcast scorer: Kafka events in; forecasts, alerts and dead letters out.")
public final class StreamcastJob implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(StreamcastJob.class);

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (defaults: see default-config.yaml)")
    Path config;

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "override a setting, e.g. kafka.bootstrapServers=host:9092")
    Map<String, String> overrides = new LinkedHashMap<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new StreamcastJob()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        JobConfig c;
        try {
            c = new JobConfigLoader().load(config, overrides);
            checkModels(c);
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        StreamExecutionEnvironment env = environment(c);
        Pipeline.build(env, c);
        env.execute("streamcast " + c.kafka().inputTopic());
        return 0;
    }

    /**
     * Loads the configured bundles as the scoring operator will, so that a missing or broken one
     * is reported at start (rather than by a failing task, or not at all while Kafka is unreachable). main()
     * runs locally or, in application mode, on the JobManager, which reads the same storage as the
     * TaskManagers.
     */
    static void checkModels(JobConfig c) throws InvalidConfigException {
        try {
            ModelCatalog.load(c.model(), c.scoring());
        } catch (InvalidBundleException | IllegalArgumentException e) {
            if (e.getCause() instanceof UnsupportedFileSystemSchemeException) {
                // A client submitting to a session cluster may lack the cluster's file system plugins.
                LOG.warn("bundles not checked before submission (the tasks will): {}", e.getMessage());
                return;
            }
            throw new InvalidConfigException("invalid model: " + e.getMessage());
        }
    }

    /**
     * RocksDB settings measured with a million keys (docs/BENCHMARKS.md): with Flink's defaults the
     * job fell to a few thousand events/s once state outgrew the block cache.
     */
    private static void rocksDb(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        // Two event-time timers per key (ordering and TTL) change on every event: keep them on the heap
        // (checkpointed with the state) rather than in RocksDB, and snapshot RocksDB incrementally.
        conf.setString("state.backend.rocksdb.timer-service.factory", "HEAP");
        conf.setString("execution.checkpointing.incremental", "true");
        // Most reads of a new or idle key miss: bloom filters spare RocksDB a search of every level, and
        // partitioned index/filter blocks keep them from thrashing a small block cache.
        conf.setString("state.backend.rocksdb.use-bloom-filter", "true");
        conf.setString("state.backend.rocksdb.memory.partitioned-index-filters", "true");
        // The block cache comes from managed memory; the local cluster's default (128 MB) sends reads to
        // disk once state outgrows it. A Flink cluster sizes this in its own configuration.
        conf.setString("taskmanager.memory.managed.size", "1g");
    }

    /** The execution environment with checkpointing, state backend and parallelism from the configuration. */
    public static StreamExecutionEnvironment environment(JobConfig c) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpoints().directory());
        if (c.checkpoints().stateBackend() == JobConfig.StateBackend.ROCKSDB) {
            rocksDb(conf);
        } else {
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has a real serializer; no Kryo surprises
        // Chained operators hand records over without a serializer copy: every function here emits new
        // objects and none keeps or changes a record it was handed (the scorer buffers events that
        // arrive over the network, which are always fresh objects).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Barrier alignment is only needed when output must be exactly once.
        env.enableCheckpointing(c.checkpoints().interval().toMillis(), c.kafka().delivery() == JobConfig.Delivery.EXACTLY_ONCE
                ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        env.setParallelism(c.parallelism());
        env.getConfig().setAutoWatermarkInterval(c.time().watermarkInterval().toMillis());
        env.setBufferTimeout(c.time().bufferTimeout().toMillis());
        return env;
    }
}
