package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.bundle.Sha256;
import io.streamcast.core.bundle.TestBundles;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import io.streamcast.core.nn.CellType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scoring operator in Flink's keyed broadcast harness: state, timers, event time, TTL, model swaps. */
class ScoreEventsHarnessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path bundle;
    private JobConfig config;
    private KeyedBroadcastOperatorTestHarness<String, SourcedEvent, ModelUpdate, KafkaRecord> harness;
    private static final int PARTITION = 3;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        bundle = dir.resolve("m1.zip");
        TestBundles.forecaster("m", "1", CellType.LSTM, List.of("value"), 8, 1).writeZip(bundle);
        config = TestConfigs.config(bundle, "time.keyTtl=1h");
        harness = open(config, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private static KeyedBroadcastOperatorTestHarness<String, SourcedEvent, ModelUpdate, KafkaRecord> open(JobConfig c,
            OperatorSubtaskState restore) throws Exception {
        return open(c, restore, 1, 0);
    }

    private static KeyedBroadcastOperatorTestHarness<String, SourcedEvent, ModelUpdate, KafkaRecord> open(JobConfig c,
            OperatorSubtaskState restore, int parallelism, int subtask) throws Exception {
        var h = new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(new ScoreEvents(c), List.of(ScoreEvents.MODEL_UPDATES)),
                SourcedEvent::key, Types.STRING, 128, parallelism, subtask);
        h.setup();
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static InputEvent event(String key, long ts, double value) {
        return new InputEvent(key, ts, new String[] {"value"}, new double[] {value});
    }

    /** Sends an event as read from partition {@link #PARTITION} at the next offset (0, 1, 2, …). */
    private void send(InputEvent e) throws Exception {
        harness.processElement(new SourcedEvent(e, PARTITION, offset++), e.ts());
    }

    private List<String> outputs() {
        return harness.extractOutputValues().stream().map(r -> new String(r.value)).toList();
    }

    /**
     * Output records by key, in their order: the operator keeps each key's order (and Kafka each
     * partition's); how keys interleave depends on when timers fire.
     */
    private static java.util.SortedMap<String, List<String>> byKey(List<String> records) throws Exception {
        java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
        for (String r : records) {
            out.computeIfAbsent(JSON.readTree(r).get("key").asText(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    private java.util.Map<String, List<Long>> timesByKey() throws Exception {
        java.util.Map<String, List<Long>> out = new java.util.HashMap<>();
        for (JsonNode f : forecasts()) {
            out.computeIfAbsent(f.get("key").asText(), k -> new ArrayList<>()).add(f.get("ts").asLong());
        }
        return out;
    }

    private List<JsonNode> forecasts() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (KafkaRecord r : harness.extractOutputValues()) {
            out.add(JSON.readTree(r.value));
        }
        return out;
    }

    private List<JsonNode> deadLetters() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        var side = harness.getSideOutput(RouteInvalidEvents.DEAD_LETTERS);
        for (StreamRecord<KafkaRecord> r : side == null ? List.<StreamRecord<KafkaRecord>>of() : side) {
            out.add(JSON.readTree(r.getValue().value));
        }
        return out;
    }

    @Test
    void outOfOrderEventsWithinTheBoundAreScoredInEventTimeOrder() throws Exception {
        send(event("a", 3000, 3));
        send(event("a", 1000, 1));
        send(event("b", 1500, 7));
        send(event("a", 2000, 2));
        assertThat(harness.extractOutputValues()).isEmpty(); // nothing before the watermark passes
        harness.watermark(2500);
        assertThat(timesByKey()).isEqualTo(java.util.Map.of("a", List.of(1000L, 2000L), "b", List.of(1500L)));
        harness.watermark(3000);
        assertThat(timesByKey()).isEqualTo(java.util.Map.of("a", List.of(1000L, 2000L, 3000L), "b", List.of(1500L)));
    }

    @Test
    void aKeyHoldsOneTimerForItsPendingEventsAndOneForIdleness() throws Exception {
        for (int i = 0; i < 50; i++) {
            send(event("a", 1000L * i, i));
        }
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.watermark(10_000);
        assertThat(forecasts()).hasSize(11);
        assertThat(harness.numEventTimeTimers()).as("the next pending event and the idle timer").isEqualTo(2);
        for (int round = 0; round < 20; round++) { // keys in step, like the throughput driver
            for (String key : List.of("b", "c", "d")) {
                send(event(key, 100_000L + 60_000L * round, round));
            }
            harness.watermark(100_000L + 60_000L * round - 5_000);
        }
        assertThat(harness.numEventTimeTimers()).as("a: idle; b, c, d: pending + idle").isEqualTo(7);
        harness.watermark(Long.MAX_VALUE);
        assertThat(forecasts()).hasSize(50 + 60);
    }

    @Test
    void eventsBehindTheWatermarkAndDuplicatesAreDeadLettered() throws Exception {
        send(event("a", 1000, 1));
        send(event("a", 1000, 9)); // duplicate while pending
        harness.watermark(5000);
        send(event("a", 4000, 2)); // behind the watermark: late
        send(event("a", 1000, 1)); // already scored
        assertThat(deadLetters()).extracting(d -> d.get("reason").asText())
                .containsExactly("DUPLICATE", "LATE", "LATE");
        assertThat(deadLetters().get(1).get("payload").asText()).contains("\"ts\":4000");
        assertThat(deadLetters().get(1).get("key").asText()).isEqualTo("a");
        assertThat(deadLetters()).as("where each refused event can be read again").allSatisfy(d -> {
            assertThat(d.get("topic").asText()).isEqualTo("events");
            assertThat(d.get("partition").asInt()).isEqualTo(PARTITION);
        }).extracting(d -> d.get("offset").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(forecasts()).hasSize(1);
    }

    @Test
    void withNoOutOfOrdernessEventsAreScoredOnArrivalInTheSameWayAsAfterTheWatermark() throws Exception {
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            events.add(event("k" + (i % 2), 60_000L * i, Math.sin(i / 4.0)));
        }
        events.add(event("k0", 60_000L * 119 + 3_700_000L, 1)); // after more than the TTL: starts afresh
        for (InputEvent e : events) {
            send(e);
        }
        harness.watermark(Long.MAX_VALUE);
        List<String> afterWatermark = outputs();
        harness.close();

        harness = open(TestConfigs.config(bundle, "time.keyTtl=1h", "time.maxOutOfOrderness=0s"), null);
        for (InputEvent e : events) {
            send(e);
        }
        assertThat(byKey(outputs())).as("no watermark needed").isEqualTo(byKey(afterWatermark));
        assertThat(forecasts().get(forecasts().size() - 1).get("warmingUp").asBoolean()).isTrue();
        assertThat(harness.numEventTimeTimers()).as("only the idle timers").isEqualTo(2);

        send(event("k1", 60_000L * 117, 5)); // older than the key's newest: late
        send(event("k1", 60_000L * 119, 5)); // the key's newest again: duplicate
        assertThat(deadLetters()).extracting(d -> d.get("reason").asText()).containsExactly("LATE", "DUPLICATE");
        assertThat(outputs()).hasSize(afterWatermark.size());
        harness.watermark(60_000L * 119 + 3_700_000L + 3_600_000L);
        assertThat(keysWithState()).isEmpty();
    }

    @Test
    void outputEqualsModelCoreReplayOfTheSameEvents() throws Exception {
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            events.add(event("k" + (i % 3), 1000L * i, Math.sin(i / 5.0) + (i == 250 ? 8 : 0)));
        }
        for (InputEvent e : events) {
            send(e);
        }
        harness.watermark(Long.MAX_VALUE);

        StreamScorer scorer = new StreamScorer(ModelBundle.load(bundle), config.scoring(), l -> null);
        java.util.Map<String, KeyState> states = new java.util.HashMap<>();
        List<String> expected = new ArrayList<>();
        for (InputEvent e : events) {
            Outcome o = scorer.score(states.computeIfAbsent(e.key(), k -> new KeyState()), e);
            expected.add(new String(io.streamcast.core.event.RecordJson.toBytes(o.forecast())));
        }
        assertThat(byKey(outputs())).isEqualTo(byKey(expected));
    }

    @Test
    void stateSurvivesSnapshotAndRestoreExactly() throws Exception {
        List<InputEvent> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("k" + (i % 2), 1000L * i, Math.cos(i / 7.0)));
        }
        for (InputEvent e : events) {
            send(e);
        }
        harness.watermark(Long.MAX_VALUE);
        List<String> uninterrupted = harness.extractOutputValues().stream().map(r -> new String(r.value)).toList();
        harness.close();

        harness = open(config, null);
        for (InputEvent e : events.subList(0, 120)) {
            send(e);
        }
        harness.watermark(100_000); // some scored, some still pending in state
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        List<String> before = harness.extractOutputValues().stream().map(r -> new String(r.value)).toList();
        harness.close();

        harness = open(config, snapshot);
        for (InputEvent e : events.subList(120, 200)) {
            send(e);
        }
        harness.watermark(Long.MAX_VALUE);
        List<String> after = harness.extractOutputValues().stream().map(r -> new String(r.value)).toList();
        List<String> all = new ArrayList<>(before);
        all.addAll(after);
        assertThat(byKey(all)).isEqualTo(byKey(uninterrupted));
    }

    @Test
    void idleKeysAreForgottenAfterTheirTtl() throws Exception {
        for (int i = 0; i < 30; i++) {
            send(event("a", 60_000L * i, i % 2));
        }
        harness.watermark(60_000L * 30);
        assertThat(forecasts().get(29).get("warmingUp").asBoolean()).isFalse();
        assertThat(keysWithState()).containsExactly("a");
        harness.watermark(60_000L * 29 + 3_600_000L); // one hour of event time after the last event
        assertThat(keysWithState()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
        send(event("a", 60_000L * 29 + 3_700_000L, 1));
        harness.watermark(Long.MAX_VALUE);
        List<JsonNode> f = forecasts();
        assertThat(f.get(f.size() - 1).get("warmingUp").asBoolean()).isTrue();
    }

    @Test
    void theKeyCountSurvivesARestoreAtAnotherParallelism() throws Exception {
        for (int i = 0; i < 40; i++) {
            send(event("k" + i, 1000L * i, i));
        }
        harness.watermark(30_000); // 31 scored, 9 still pending: those have no scoring state yet
        assertThat(keysGauge()).isEqualTo(31);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();

        // two subtasks each restore their share of the key groups, and together have all keys
        double total = 0;
        for (int subtask = 0; subtask < 2; subtask++) {
            OperatorSubtaskState part = AbstractStreamOperatorTestHarness.repartitionOperatorState(
                    snapshot, 128, 1, 2, subtask);
            harness = open(config, part, 2, subtask);
            total += keysGauge();
            harness.close();
        }
        harness = open(config, null);
        assertThat(total).isEqualTo(31);
    }

    private double keysGauge() {
        var registry = MetricsEndpoint.acquire(config.metrics());
        try {
            return registry.get("streamcast.keys").gauge().value();
        } finally {
            MetricsEndpoint.release();
        }
    }

    @SuppressWarnings("unchecked")
    private List<String> keysWithState() throws Exception {
        var op = (org.apache.flink.streaming.api.operators.AbstractStreamOperator<KafkaRecord>) harness.getTwoInputOperator();
        try (var keys = op.getKeyedStateBackend().getKeys("key-state",
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return keys.map(Object::toString).toList();
        }
    }

    @Test
    void modelUpdatesAreValidatedBeforeUseAndGoodOnesSwapWithoutRestart() throws Exception {
        for (int i = 0; i < 20; i++) {
            send(event("a", 1000L * i, i));
        }
        harness.watermark(20_000);
        Path v2 = dir.resolve("m2.zip");
        TestBundles.forecaster("m", "2", CellType.LSTM, List.of("value"), 8, 2).writeZip(v2);
        Path otherFeatures = dir.resolve("m3.zip");
        TestBundles.forecaster("m", "3", CellType.LSTM, List.of("temp"), 8, 3).writeZip(otherFeatures);

        harness.processBroadcastElement(new ModelUpdate("m", "2", v2.toString(), "00" + Sha256.of(v2).substring(2)), 1);
        harness.processBroadcastElement(new ModelUpdate("m", "3", otherFeatures.toString(), Sha256.of(otherFeatures)), 2);
        harness.processBroadcastElement(new ModelUpdate("m", "2", dir.resolve("absent.zip").toString(), null), 3);
        harness.processBroadcastElement(new ModelUpdate("other", "1", v2.toString(), null), 4);
        send(event("a", 20_500, 1));
        harness.watermark(20_500);
        assertThat(forecasts().get(20).get("modelVersion").asText()).isEqualTo("1");
        List<JsonNode> refused = deadLetters();
        assertThat(refused).extracting(d -> d.get("reason").asText()).containsOnly("MODEL_UPDATE_REJECTED");
        assertThat(refused).extracting(d -> d.get("detail").asText()).satisfiesExactly(
                d -> assertThat(d).contains("SHA-256 mismatch"),
                d -> assertThat(d).contains("feature schema mismatch"),
                d -> assertThat(d).contains("no such bundle"),
                d -> assertThat(d).contains("announces other:1 but"));

        harness.processBroadcastElement(new ModelUpdate("m", "2", v2.toString(), Sha256.of(v2)), 5);
        send(event("a", 21_500, 2));
        harness.watermark(21_500);
        assertThat(forecasts().get(21).get("modelVersion").asText()).isEqualTo("2");
        assertThat(forecasts().get(21).get("warmingUp").asBoolean()).isFalse(); // compatible: state kept

        // the applied update is in broadcast state: a restored operator serves version 2
        OperatorSubtaskState snapshot = harness.snapshot(2, 2);
        harness.close();
        harness = open(config, snapshot);
        send(event("a", 22_500, 3));
        harness.watermark(22_500);
        assertThat(forecasts().get(0).get("modelVersion").asText()).isEqualTo("2");
    }

    @Test
    void aGapLongerThanTheKeysCadenceRestartsItsWarmUp() throws Exception {
        for (int i = 0; i < 40; i++) {
            send(event("a", 60_000L * i, Math.sin(i)));
        }
        send(event("a", 60_000L * 39 + 86_400_000L, 0.5)); // a day of silence, then one event
        harness.watermark(Long.MAX_VALUE);
        List<JsonNode> f = forecasts();
        assertThat(f.get(39).get("warmingUp").asBoolean()).isFalse();
        JsonNode afterGap = f.get(40);
        assertThat(afterGap.get("warmingUp").asBoolean()).isTrue();
        assertThat(afterGap.has("expected")).as("no residual against a forecast made a day earlier").isFalse();
    }

    @Test
    void directoryBundlesAreCheckedByTheirManifestHash() throws Exception {
        Path v2 = dir.resolve("m2");
        TestBundles.forecaster("m", "2", CellType.GRU, List.of("value"), 12, 2).writeDirectory(v2);
        harness.processBroadcastElement(new ModelUpdate("m", "2", v2.toString(),
                Sha256.of(Files.readAllBytes(v2.resolve("manifest.json")))), 1);
        for (int i = 0; i < 5; i++) {
            send(event("a", 1000L * i, i));
        }
        harness.watermark(Long.MAX_VALUE);
        assertThat(forecasts()).extracting(f -> f.get("modelVersion").asText()).containsOnly("2");
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void scoringConfigComesFromTheJobConfig() {
        ScoringConfig sc = TestConfigs.config(bundle, "scoring.quietEvents=7", "scoring.alertThreshold=0.99")
                .scoring();
        assertThat(sc.quietEvents()).isEqualTo(7);
        assertThat(sc.alertThreshold()).isEqualTo(0.99);
    }
}
