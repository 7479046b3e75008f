package io.streamcast.job;

import io.streamcast.core.event.DeadLetter;
import io.streamcast.core.event.EventParser;
import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.ParseResult;
import io.streamcast.core.event.RecordJson;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Parses and validates raw input records; refused ones go to the dead-letter side output with their reason. */
public class ParseEvents extends ProcessFunction<RawEvent, InputEvent> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<KafkaRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {
    };

    private final JobConfig.Metrics metricsConfig;
    private transient EventParser parser;
    private transient JobMetrics metrics;

    public ParseEvents(JobConfig.Metrics metricsConfig) {
        this.metricsConfig = metricsConfig;
    }

    @Override
    public void open(OpenContext ctx) {
        parser = new EventParser();
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
    public void processElement(RawEvent raw, Context ctx, Collector<InputEvent> out) {
        metrics.eventsIn.increment();
        ParseResult r = parser.parse(raw.payload);
        if (r instanceof ParseResult.Parsed p) {
            out.collect(p.event());
        } else {
            ParseResult.Rejected rej = (ParseResult.Rejected) r;
            metrics.rejected(rej.rejection().reason());
            DeadLetter dl = DeadLetter.of(rej.rejection(), raw.payload, raw.topic, raw.partition, raw.offset, null,
                    ctx.timerService().currentProcessingTime());
            ctx.output(DEAD_LETTERS, new KafkaRecord(raw.topic + "-" + raw.partition, RecordJson.toBytes(dl)));
        }
    }
}
