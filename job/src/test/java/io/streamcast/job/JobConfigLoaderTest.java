package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamcast.core.scoring.ScoringConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobConfigLoaderTest {
    private final JobConfigLoader loader = new JobConfigLoader();

    @TempDir
    Path dir;

    @Test
    void fileAndOverridesAreMergedOverTheDefaults() throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, """
                kafka:
                  bootstrapServers: broker:9092
                  delivery: at_least_once
                model:
                  bundle: /models/pumps.zip
                  routes:
                    - {keyPrefix: "fan-", bundle: /models/fans.zip}
                time:
                  maxOutOfOrderness: 2s
                """);
        JobConfig c = loader.load(file, Map.of("scoring.quietEvents", "9", "time.keyTtl", "PT2H"));
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker:9092");
        assertThat(c.kafka().delivery()).isEqualTo(JobConfig.Delivery.AT_LEAST_ONCE);
        assertThat(c.kafka().inputTopic()).isEqualTo("events");
        assertThat(c.model().routes()).containsExactly(new JobConfig.Route("fan-", "/models/fans.zip"));
        assertThat(c.time().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.time().keyTtl()).isEqualTo(Duration.ofHours(2));
        assertThat(c.scoring().quietEvents()).isEqualTo(9);
        assertThat(c.checkpoints().stateBackend()).isEqualTo(JobConfig.StateBackend.HASHMAP);
    }

    @Test
    void theShippedScoringDefaultsAreModelCoresDefaults() throws Exception {
        JobConfig c = loader.load(null, Map.of("model.bundle", "/models/any.zip"));
        assertThat(c.scoring()).isEqualTo(ScoringConfig.defaults());
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsSetting() {
        assertThatThrownBy(() -> loader.load(null, Map.of(
                "kafka.transactionTimeout", "1h",
                "scoring.minExceedances", "5",
                "scoring.gapFactor", "0.5",
                "scoring.seasonEvents", "1",
                "scoring.seasonDrift", "-1",
                "scoring.stuckEvents", "1",
                "scoring.averagingWindow", "0",
                "parallelism", "0")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model.bundle is required")
                .hasMessageContaining("kafka.transactionTimeout must be at most 15m")
                .hasMessageContaining("minExceedances <= exceedanceWindow")
                .hasMessageContaining("scoring.gapFactor must be 0 (off) or greater than 1")
                .hasMessageContaining("scoring.seasonEvents must be null (off) or between 2 and 100000 events, is 1")
                .hasMessageContaining("scoring.seasonDrift must be 0 (exact) or a number of events below seasonEvents")
                .hasMessageContaining("scoring.stuckEvents must be null (off) or at least 2 events, is 1")
                .hasMessageContaining("scoring.averagingWindow must be null (the bundle's) or at least 1 event, is 0")
                .hasMessageContaining("parallelism must be at least 1");
    }

    @Test
    void unknownSettingsAndBadValuesAreRefused() throws Exception {
        assertThatThrownBy(() -> loader.load(null, Map.of("kafka.bootstrapServer", "x", "model.bundle", "m")))
                .hasMessageContaining("bootstrapServer");
        assertThatThrownBy(() -> loader.load(null, Map.of("nosuch.setting", "x")))
                .hasMessage("unknown configuration setting 'nosuch.setting'");
        assertThatThrownBy(() -> loader.load(null, Map.of("time.idleness", "soon", "model.bundle", "m")))
                .hasMessageContaining("not a duration");
        assertThatThrownBy(() -> loader.load(dir.resolve("absent.yaml"), Map.of()))
                .hasMessageContaining("does not exist");
    }

    @Test
    void durationsInShortAndIsoForms() {
        assertThat(JobConfigLoader.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(JobConfigLoader.parseDuration("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(JobConfigLoader.parseDuration("PT5S")).isEqualTo(Duration.ofSeconds(5));
        assertThat(JobConfigLoader.parseDuration("5 parsecs")).isNull();
    }

    @Test
    void exactlyOnceSinksBatchMoreThanKafkasDefaultUnlessTheClientPropertiesSayOtherwise() throws Exception {
        JobConfig defaults = loader.load(null, Map.of("model.bundle", "/models/m.zip"));
        assertThat(KafkaConnectors.producerProperties(defaults.kafka()))
                .containsEntry("batch.size", "262144")
                .containsEntry("transaction.timeout.ms", "600000");
        JobConfig atLeastOnce = loader.load(null, Map.of("model.bundle", "/models/m.zip", "kafka.delivery", "AT_LEAST_ONCE"));
        assertThat(KafkaConnectors.producerProperties(atLeastOnce.kafka())).doesNotContainKey("batch.size");

        JobConfig set = loader.load(null, Map.of("model.bundle", "/models/m.zip",
                "kafka.properties.batch.size", "65536", "kafka.properties.compression.type", "lz4"));
        assertThat(set.kafka().properties()).containsEntry("batch.size", "65536").containsEntry("compression.type", "lz4");
        assertThat(KafkaConnectors.producerProperties(set.kafka()))
                .containsEntry("batch.size", "65536")
                .containsEntry("compression.type", "lz4");
    }
}
