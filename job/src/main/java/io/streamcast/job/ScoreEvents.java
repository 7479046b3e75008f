package io.streamcast.job;

import io.streamcast.core.bundle.InvalidBundleException;
import io.streamcast.core.bundle.ModelBundle;
import io.streamcast.core.event.DeadLetter;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.Outcome;
import io.streamcast.core.scoring.ScoringConfig;
import io.streamcast.core.scoring.StreamScorer;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scoring operator: a thin adapter that moves each key's {@link KeyState} in and out of
 * Flink state around model-core's {@link StreamScorer}.
 *
 * <ul>
 *   <li>Event-time order: an event is buffered in keyed state and scored when the watermark passes
 *       it (a timer at the key's oldest buffered event releases everything due), so events up to
 *       {@code maxOutOfOrderness} late are scored in order. An event more than
 *       {@code maxOutOfOrderness} behind the newest event of its key, or already behind the
 *       watermark, goes to the dead letters as {@code LATE} (the first rule does not depend on when
 *       watermarks happen to be emitted, so replays give the same result); a second event with a
 *       buffered timestamp goes there as {@code DUPLICATE}.
 *   <li>With {@code maxOutOfOrderness} 0 no event of a key can come before one already seen without
 *       being late, so there is nothing to wait for: an event is released on arrival, as if the
 *       watermark had reached its time (same code path, same order of idle expiry and event), and
 *       its latency loses the wait for the next watermark and the timer.
 *   <li>Idle keys: a key without events for {@code keyTtl} of event time loses its state (one
 *       timer per key, re-armed lazily). Keys with state are counted per key group
 *       ({@link KeyCount}), so the {@code streamcast_keys} gauge is right after a restore or rescale.
 *   <li>Models: broadcast model updates are validated before use; a refused one leaves the
 *       current model serving and is reported (log, metric, dead-letter record). Applied updates
 *       are kept in broadcast state and re-applied after a restore.
 * </ul>
 */
public class ScoreEvents extends KeyedBroadcastProcessFunction<String, SourcedEvent, ModelUpdate, KafkaRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ScoreEvents.class);

    public static final OutputTag<KafkaRecord> ALERTS = new OutputTag<>("alerts") {
    };
    /** Applied model updates by model id: broadcast state, restored with checkpoints. */
    public static final MapStateDescriptor<String, ModelUpdate> MODEL_UPDATES =
            new MapStateDescriptor<>("model-updates", Types.STRING, TypeInformation.of(ModelUpdate.class));
    private static final ListStateDescriptor<long[]> KEY_COUNTS =
            new ListStateDescriptor<>("key-counts", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);

    private final JobConfig.Model modelConfig;
    private final ScoringConfig scoringConfig;
    private final JobConfig.Metrics metricsConfig;
    private final long keyTtlMillis;
    private final long maxOutOfOrdernessMillis;
    private final String inputTopic;
    private final Set<String> watchKeys;

    private transient ModelCatalog catalog;
    private transient boolean updatesRestored;
    private transient JobMetrics metrics;
    private transient KeyCount keyCount;
    private transient ListState<long[]> keyCounts;
    private transient ValueState<KeyState> keyState;
    private transient ValueState<PendingEvents> pending;

    public ScoreEvents(JobConfig config) {
        this.modelConfig = config.model();
        this.scoringConfig = config.scoring();
        this.metricsConfig = config.metrics();
        this.keyTtlMillis = config.time().keyTtl().toMillis();
        this.maxOutOfOrdernessMillis = config.time().maxOutOfOrderness().toMillis();
        this.inputTopic = config.kafka().inputTopic();
        this.watchKeys = config.metrics().watchKeys() == null ? Set.of() : Set.copyOf(config.metrics().watchKeys());
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        var task = getRuntimeContext().getTaskInfo();
        keyCount = new KeyCount(task.getMaxNumberOfParallelSubtasks());
        keyCounts = ctx.getOperatorStateStore().getUnionListState(KEY_COUNTS);
        if (ctx.isRestored()) {
            keyCount.restore(keyCounts.get(), KeyGroupRangeAssignment.computeKeyGroupRangeForOperatorIndex(
                    task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks(), task.getIndexOfThisSubtask()));
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        keyCounts.update(keyCount.snapshot());
    }

    @Override
    public void open(OpenContext ctx) throws Exception {
        keyState = getRuntimeContext().getState(new ValueStateDescriptor<>("key-state", KeyStateSerializer.INSTANCE));
        pending = getRuntimeContext().getState(new ValueStateDescriptor<>("pending", PendingEventsSerializer.INSTANCE));
        catalog = ModelCatalog.load(modelConfig, scoringConfig);
        metrics = new JobMetrics(MetricsEndpoint.acquire(metricsConfig));
        metrics.serving(catalog.labels());
        metrics.keys(keyCount.total());
        LOG.info("scoring with {}", catalog.labels());
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
            MetricsEndpoint.release();
            metrics = null;
        }
    }

    @Override
    public void processElement(SourcedEvent e, ReadOnlyContext ctx, Collector<KafkaRecord> out) throws Exception {
        if (!updatesRestored) {
            restoreModelUpdates(ctx.getBroadcastState(MODEL_UPDATES));
        }
        PendingEvents p = pending.value();
        if (p != null && p.newest() != PendingEvents.NONE && e.ts() < p.newest() - maxOutOfOrdernessMillis) {
            deadLetter(ctx, e, new Rejection(RejectReason.LATE, "event time " + e.ts() + " is more than "
                    + maxOutOfOrdernessMillis + " ms behind the newest event of key " + e.key() + " (" + p.newest() + ")"));
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        if (e.ts() <= watermark) {
            deadLetter(ctx, e, new Rejection(RejectReason.LATE, "event time " + e.ts()
                    + " is behind the watermark " + watermark + " (later than the allowed out-of-orderness)"));
            return;
        }
        if (p != null && p.holds(e.ts())) {
            deadLetter(ctx, e, new Rejection(RejectReason.DUPLICATE,
                    "key " + e.key() + " already has a pending event at ts " + e.ts()));
            return;
        }
        if (p == null) {
            p = new PendingEvents();
        }
        long earliest = p.earliest();
        p.add(e);
        if (maxOutOfOrdernessMillis == 0) {
            release(p, e.ts(), ctx, out); // every event of this key up to e.ts() is here already
        } else {
            pending.update(p);
            if (earliest == PendingEvents.NONE || e.ts() < earliest) {
                ctx.timerService().registerEventTimeTimer(e.ts()); // one timer per key: at its oldest pending event
            }
        }
    }

    @Override
    public void onTimer(long ts, OnTimerContext ctx, Collector<KafkaRecord> out) throws Exception {
        PendingEvents p = pending.value();
        if (p != null) { // else the key expired; nothing of it is due
            release(p, ctx.timerService().currentWatermark(), ctx, out);
        }
    }

    /**
     * Releases, in event-time order, everything of this key up to {@code watermark}: pending events
     * are scored and the idle timer is handled at its time (an event at the same time as the idle
     * timer comes first, so the key is not idle).
     */
    private void release(PendingEvents p, long watermark, ReadOnlyContext ctx, Collector<KafkaRecord> out) throws Exception {
        KeyState s = keyState.value();
        boolean scored = false; // an event left the pending window
        boolean changed = false; // the pending window or its idle timer changed
        boolean stateChanged = false; // the scoring state changed
        while (true) {
            long next = p.earliest();
            long due = p.expiryDue();
            boolean eventDue = next != PendingEvents.NONE && next <= watermark;
            if (due != PendingEvents.NONE && due <= watermark && (!eventDue || due < next)) {
                changed = true;
                if (due > ctx.timerService().currentWatermark()) {
                    ctx.timerService().deleteEventTimeTimer(due); // handled on arrival, before its timer fired
                }
                if (s == null || s.lastTs() + keyTtlMillis <= due) {
                    s = null;
                    stateChanged = true;
                    keyCount.expired(ctx.getCurrentKey());
                    metrics.keys(keyCount.total());
                    p.expiryDue(PendingEvents.NONE); // events newer than the expiry start the key afresh
                } else {
                    p.expiryDue(s.lastTs() + keyTtlMillis);
                    ctx.timerService().registerEventTimeTimer(p.expiryDue());
                }
            } else if (eventDue) {
                changed = scored = true;
                SourcedEvent e = p.pollEarliest();
                KeyState before = s;
                s = score(e, before, ctx, out);
                stateChanged |= s != null;
                if (before == null && s != null) {
                    p.expiryDue(e.ts() + keyTtlMillis);
                    ctx.timerService().registerEventTimeTimer(p.expiryDue());
                }
            } else {
                break;
            }
        }
        if (stateChanged) {
            if (s == null) {
                keyState.clear();
            } else {
                keyState.update(s);
            }
        }
        if (s == null && p.size() == 0) {
            pending.clear();
            return;
        }
        if (scored && p.size() > 0) {
            ctx.timerService().registerEventTimeTimer(p.earliest());
        }
        if (changed) {
            pending.update(p);
        }
    }

    /** Scores one event; returns the key's state afterwards (null if the key has none yet). */
    private KeyState score(SourcedEvent source, KeyState state, ReadOnlyContext ctx, Collector<KafkaRecord> out)
            throws Exception {
        InputEvent e = source.event();
        KeyState s = state != null ? state : new KeyState();
        StreamScorer scorer = catalog.scorerFor(e.key());
        long start = System.nanoTime();
        Outcome o = scorer.score(s, e);
        if (o.isRejected()) {
            deadLetter(ctx, source, o.rejection());
            return state;
        }
        out.collect(new KafkaRecord(e.key(), RecordJson.toBytes(o.forecast())));
        if (o.alert() != null) {
            ctx.output(ALERTS, new KafkaRecord(e.key(), RecordJson.toBytes(o.alert())));
            metrics.alert(o.alert().kind());
        }
        metrics.scored(System.nanoTime() - start);
        metrics.forecasts.increment();
        metrics.lag(e.ts());
        if (watchKeys.contains(e.key())) {
            metrics.watch(o.forecast());
        }
        if (o.gapReset()) {
            metrics.gapResets.increment();
        }
        if (o.rewarmed()) {
            metrics.rewarms.increment();
        }
        if (state == null) {
            keyCount.created(e.key());
            metrics.keys(keyCount.total());
        }
        return s;
    }

    @Override
    public void processBroadcastElement(ModelUpdate u, Context ctx, Collector<KafkaRecord> out) throws Exception {
        if (!updatesRestored) {
            restoreModelUpdates(ctx.getBroadcastState(MODEL_UPDATES));
        }
        try {
            apply(u);
            ctx.getBroadcastState(MODEL_UPDATES).put(u.modelId, u);
            metrics.modelUpdate(true);
            LOG.info("model update applied: {}; serving {}", u, catalog.labels());
        } catch (InvalidBundleException ex) {
            metrics.modelUpdate(false);
            LOG.error("model update refused, still serving {}: {}: {}", catalog.labels(), u, ex.getMessage());
            if (getRuntimeContext().getTaskInfo().getIndexOfThisSubtask() == 0) {
                DeadLetter dl = DeadLetter.of(new Rejection(RejectReason.MODEL_UPDATE_REJECTED, ex.getMessage()),
                        RecordJson.toBytes(u), null, null, null, u.modelId, ctx.currentProcessingTime());
                ctx.output(RouteInvalidEvents.DEAD_LETTERS, new KafkaRecord("model-updates", RecordJson.toBytes(dl)));
            }
        }
    }

    private void apply(ModelUpdate u) throws InvalidBundleException {
        ModelBundle b = BundleLoader.load(u.uri, u.sha256, modelConfig.maxBundleBytes());
        if (!b.manifest().modelId().equals(u.modelId) || !b.manifest().modelVersion().equals(u.version)) {
            throw new InvalidBundleException("update announces " + u.modelId + ":" + u.version + " but " + u.uri
                    + " holds " + b.label());
        }
        catalog.swap(b);
        metrics.serving(catalog.labels());
    }

    /** After a restore, re-applies the updates that were in force (once per operator instance). */
    private void restoreModelUpdates(ReadOnlyBroadcastState<String, ModelUpdate> applied) throws Exception {
        updatesRestored = true;
        for (Map.Entry<String, ModelUpdate> update : applied.immutableEntries()) {
            ModelUpdate u = update.getValue();
            if (u.version.equals(catalog.versionOf(u.modelId))) {
                continue;
            }
            try {
                apply(u);
                LOG.info("model update restored: {}", u);
            } catch (InvalidBundleException ex) {
                LOG.error("model update {} could not be restored, serving {}: {}", u, catalog.labels(), ex.getMessage());
            }
        }
    }

    /**
     * The event as parsed (its JSON re-written: the original bytes are not carried past the
     * source), with the input topic, partition and offset where the original can be read.
     */
    private void deadLetter(ReadOnlyContext ctx, SourcedEvent e, Rejection r) {
        metrics.rejected(r.reason());
        boolean known = e.partition() != SourcedEvent.UNKNOWN;
        DeadLetter dl = DeadLetter.of(r, RecordJson.event(e.event()), inputTopic, known ? e.partition() : null,
                known ? e.offset() : null, e.key(), ctx.currentProcessingTime());
        ctx.output(RouteInvalidEvents.DEAD_LETTERS, new KafkaRecord(e.key(), RecordJson.toBytes(dl)));
    }
}
