package io.streamcast.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the job configuration: built-in defaults ({@code default-config.yaml}), then the user's
 * YAML file, then {@code path=value} overrides, merged in that order, then validated. Durations
 * are written {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 7d} or ISO-8601.
 */
public final class JobConfigLoader {
    private static final String CLIENT_PROPERTIES = "kafka.properties.";
    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final ObjectMapper yaml;

    public JobConfigLoader() {
        SimpleModule durations = new SimpleModule().addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
                String text = p.getValueAsString();
                Duration d = parseDuration(text);
                if (d == null) {
                    return (Duration) ctx.handleWeirdStringValue(Duration.class, text,
                            "not a duration (use e.g. 500ms, 5s, 10m, 24h, 7d or PT5S)");
                }
                return d;
            }
        });
        this.yaml = YAMLMapper.builder()
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
    }

    /** Loads {@code file} (may be null: defaults only) with overrides like {@code kafka.bootstrapServers=host:9092}. */
    public JobConfig load(Path file, Map<String, String> overrides) throws InvalidConfigException {
        JsonNode merged;
        try (InputStream defaults = JobConfigLoader.class.getResourceAsStream("/default-config.yaml")) {
            merged = yaml.readTree(defaults);
            if (file != null) {
                if (!Files.isRegularFile(file)) {
                    throw new InvalidConfigException("configuration file " + file + " does not exist");
                }
                merge((ObjectNode) merged, yaml.readTree(file.toFile()), "");
            }
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read configuration " + file + ": " + e.getMessage());
        }
        for (Map.Entry<String, String> o : overrides.entrySet()) {
            set((ObjectNode) merged, o.getKey(), o.getValue());
        }
        JobConfig config;
        try {
            config = yaml.treeToValue(merged, JobConfig.class);
        } catch (IOException e) {
            throw new InvalidConfigException("invalid configuration: " + e.getMessage().lines().findFirst().orElse(""));
        }
        validate(config);
        return config;
    }

    private static void merge(ObjectNode into, JsonNode from, String path) throws InvalidConfigException {
        if (from == null || from.isNull() || from.isMissingNode()) {
            return;
        }
        if (!from.isObject()) {
            throw new InvalidConfigException("configuration " + (path.isEmpty() ? "file" : path) + " must be a mapping");
        }
        for (Map.Entry<String, JsonNode> f : (Iterable<Map.Entry<String, JsonNode>>) from::fields) {
            JsonNode existing = into.get(f.getKey());
            if (existing != null && existing.isObject() && f.getValue().isObject()) {
                merge((ObjectNode) existing, f.getValue(), path + f.getKey() + ".");
            } else {
                into.set(f.getKey(), f.getValue());
            }
        }
    }

    private void set(ObjectNode root, String path, String value) throws InvalidConfigException {
        if (path.startsWith(CLIENT_PROPERTIES)) { // Kafka's own names have dots: the rest is one key
            ObjectNode kafka = (ObjectNode) root.get("kafka");
            ObjectNode props = kafka.get("properties") instanceof ObjectNode o ? o : kafka.putObject("properties");
            props.put(path.substring(CLIENT_PROPERTIES.length()), value);
            return;
        }
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = node.get(parts[i]);
            if (child == null || !child.isObject()) {
                throw new InvalidConfigException("unknown configuration setting '" + path + "'");
            }
            node = (ObjectNode) child;
        }
        try {
            node.set(parts[parts.length - 1], yaml.readTree(value.isEmpty() ? "null" : value));
        } catch (IOException e) {
            node.put(parts[parts.length - 1], value);
        }
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 10m}, {@code 24h}, {@code 7d} or ISO-8601; null if it is none of them. */
    public static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SIMPLE_DURATION.matcher(text.trim());
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** Every problem at once, each naming its setting. */
    static void validate(JobConfig c) throws InvalidConfigException {
        List<String> problems = new ArrayList<>();
        JobConfig.Kafka k = c.kafka();
        need(problems, k.bootstrapServers(), "kafka.bootstrapServers");
        need(problems, k.inputTopic(), "kafka.inputTopic");
        need(problems, k.forecastTopic(), "kafka.forecastTopic");
        need(problems, k.alertTopic(), "kafka.alertTopic");
        need(problems, k.deadLetterTopic(), "kafka.deadLetterTopic");
        need(problems, k.groupId(), "kafka.groupId");
        need(problems, k.transactionalIdPrefix(), "kafka.transactionalIdPrefix");
        if (k.delivery() == JobConfig.Delivery.EXACTLY_ONCE) {
            if (k.transactionTimeout() == null || k.transactionTimeout().compareTo(Duration.ofMinutes(15)) > 0) {
                problems.add("kafka.transactionTimeout must be at most 15m (the broker's default "
                        + "transaction.max.timeout.ms); a longer one makes every checkpoint fail");
            }
            if (c.checkpoints().interval() != null && k.transactionTimeout() != null
                    && k.transactionTimeout().compareTo(c.checkpoints().interval().multipliedBy(2)) < 0) {
                problems.add("kafka.transactionTimeout must be at least twice checkpoints.interval");
            }
        }
        if (k.startingOffsets() == null) {
            problems.add("kafka.startingOffsets must be one of COMMITTED, EARLIEST, LATEST");
        }
        if (k.delivery() == null) {
            problems.add("kafka.delivery must be one of EXACTLY_ONCE, AT_LEAST_ONCE, NONE");
        }
        need(problems, c.model().bundle(), "model.bundle");
        if (c.model().maxBundleBytes() <= 0) {
            problems.add("model.maxBundleBytes must be positive");
        }
        for (JobConfig.Route r : c.model().routes() == null ? List.<JobConfig.Route>of() : c.model().routes()) {
            if (r.keyPrefix() == null || r.keyPrefix().isEmpty() || r.bundle() == null || r.bundle().isBlank()) {
                problems.add("model.routes entries need a non-empty keyPrefix and bundle");
            }
        }
        c.scoring().problems().forEach(p -> problems.add("scoring." + p));
        positive(problems, c.time().maxOutOfOrderness(), "time.maxOutOfOrderness", true);
        positive(problems, c.time().idleness(), "time.idleness", false);
        positive(problems, c.time().keyTtl(), "time.keyTtl", false);
        positive(problems, c.time().maxFutureSkew(), "time.maxFutureSkew", true);
        positive(problems, c.time().watermarkInterval(), "time.watermarkInterval", false);
        positive(problems, c.time().bufferTimeout(), "time.bufferTimeout", true);
        positive(problems, c.checkpoints().interval(), "checkpoints.interval", false);
        need(problems, c.checkpoints().directory(), "checkpoints.directory");
        if (c.checkpoints().stateBackend() == null) {
            problems.add("checkpoints.stateBackend must be HASHMAP or ROCKSDB");
        }
        if (c.metrics().enabled() && (c.metrics().port() < 0 || c.metrics().port() > 65535)) {
            problems.add("metrics.port must be 0..65535");
        }
        if (c.parallelism() < 1) {
            problems.add("parallelism must be at least 1");
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException("invalid configuration:\n  - " + String.join("\n  - ", problems));
        }
    }

    private static void need(List<String> problems, String value, String name) {
        if (value == null || value.isBlank()) {
            problems.add(name + " is required");
        }
    }

    private static void positive(List<String> problems, Duration d, String name, boolean zeroAllowed) {
        if (d == null || d.isNegative() || (!zeroAllowed && d.isZero())) {
            problems.add(name + " must be a " + (zeroAllowed ? "non-negative" : "positive") + " duration");
        }
    }
}
