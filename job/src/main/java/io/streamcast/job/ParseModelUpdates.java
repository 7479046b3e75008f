package io.streamcast.job;

import io.streamcast.core.event.DeadLetter;
import io.streamcast.core.event.RecordJson;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import java.io.UncheckedIOException;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Reads control messages of the model-updates topic; malformed ones go to the dead-letter output. */
public class ParseModelUpdates extends ProcessFunction<RawRecord, ModelUpdate> {
    private static final long serialVersionUID = 1L;

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<ModelUpdate> out) {
        String problem;
        try {
            ModelUpdate u = RecordJson.read(raw.payload, ModelUpdate.class);
            problem = u.modelId == null || u.version == null || u.uri == null
                    ? "a model update needs modelId, version and uri" : null;
            if (problem == null) {
                out.collect(u);
                return;
            }
        } catch (UncheckedIOException e) {
            problem = e.getMessage();
        }
        DeadLetter dl = DeadLetter.of(new Rejection(RejectReason.MODEL_UPDATE_REJECTED, problem), raw.payload, raw.topic,
                raw.partition, raw.offset, null, ctx.timerService().currentProcessingTime());
        ctx.output(RouteInvalidEvents.DEAD_LETTERS, new KafkaRecord("model-updates", RecordJson.toBytes(dl)));
    }
}
