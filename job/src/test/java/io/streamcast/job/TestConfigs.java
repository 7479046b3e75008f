package io.streamcast.job;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Job configurations for tests: defaults plus overrides, metrics endpoint off unless asked. */
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
}
