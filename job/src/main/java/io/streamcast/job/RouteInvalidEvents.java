package io.streamcast.job;

import io.streamcast.core.event.DeadLetter;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Passes parsed events on and sends refused records to the dead-letter side output with their reason. */
public class RouteInvalidEvents extends ProcessFunction<SourceRecord, SourcedEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<KafkaRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final JobConfig.Metrics metricsConfig;
    private transient JobMetrics metrics;

    public RouteInvalidEvents(JobConfig.Metrics metricsConfig) {
        this.metricsConfig = metricsConfig;
    }

    @Override
    public void open(OpenContext ctx) {
        metrics = new JobMetrics(MetricsEndpoint.acquire(metricsConfig));
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
    public void processElement(SourceRecord r, Context ctx, Collector<SourcedEvent> out) {
        metrics.eventsIn.increment();
        if (r.event != null) {
            out.collect(new SourcedEvent(r.event, r.partition, r.offset));
            return;
        }
        RejectReason reason = RejectReason.valueOf(r.rejectReason);
        metrics.rejected(reason);
        DeadLetter dl = DeadLetter.of(new Rejection(reason, r.rejectDetail), r.rejectedPayload, r.topic, r.partition,
                r.offset, null, ctx.timerService().currentProcessingTime());
        ctx.output(DEAD_LETTERS, new KafkaRecord(r.topic + "-" + r.partition, RecordJson.toBytes(dl)));
    }
}
