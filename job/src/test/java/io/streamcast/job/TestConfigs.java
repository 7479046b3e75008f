package io.streamcast.job;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/**
 * Job configurations for tests (defaults plus overrides, metrics endpoint off unless asked) and
 * the MiniCluster the integration tests share the shape of.
 */
final class TestConfigs {
    private TestConfigs() {
    }

    static JobConfig config(Path bundle, String... overrides) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("model.bundle", bundle.toString());
        o.put("metrics.enabled", "false");
        for (String kv : overrides) {
            String[] p = kv.split("=", 2);
            o.put(p[0], p[1]);
        }
        try {
            return new JobConfigLoader().load(null, o);
        } catch (InvalidConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Flink configuration binding every endpoint to the loopback interface. */
    static Configuration loopback() {
        Configuration c = new Configuration();
        c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        return c;
    }

    /** One task manager with {@code slots} slots. */
    static MiniClusterExtension miniCluster(Configuration c, int slots) {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
                .setConfiguration(c).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(slots).build());
    }
}
