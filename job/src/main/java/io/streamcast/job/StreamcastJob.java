package io.streamcast.job;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code streamcast job}: runs the scorer on a Flink cluster, or locally in one JVM. */
@Command(name = "job", mixinStandardHelpOptions = true,
        description = "Run the streamcast scorer: Kafka events in; forecasts, alerts and dead letters out.")
public final class StreamcastJob implements Callable<Integer> {
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
        } catch (InvalidConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        StreamExecutionEnvironment env = environment(c);
        Pipeline.build(env, c);
        env.execute("streamcast " + c.kafka().inputTopic());
        return 0;
    }

    /** The execution environment with checkpointing, state backend and parallelism from the configuration. */
    public static StreamExecutionEnvironment environment(JobConfig c) {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, c.checkpoints().stateBackend() == JobConfig.StateBackend.ROCKSDB
                ? "rocksdb" : "hashmap");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, c.checkpoints().directory());
        conf.set(PipelineOptions.GENERIC_TYPES, false); // every type has a real serializer; no Kryo surprises
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        // Barrier alignment is only needed when output must be exactly once.
        env.enableCheckpointing(c.checkpoints().interval().toMillis(), c.kafka().delivery() == JobConfig.Delivery.EXACTLY_ONCE
                ? CheckpointingMode.EXACTLY_ONCE : CheckpointingMode.AT_LEAST_ONCE);
        env.setParallelism(c.parallelism());
        env.getConfig().setAutoWatermarkInterval(c.time().watermarkInterval().toMillis());
        return env;
    }
}
