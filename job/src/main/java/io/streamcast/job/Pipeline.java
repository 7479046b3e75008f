package io.streamcast.job;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * The job's topology, and nothing else: Kafka events → parse/validate with per-partition
 * event-time watermarks → invalid ones to the dead letters → key by event key → score (with broadcast model updates) → Kafka forecasts, alerts and dead
 * letters. Every operator has a stable uid (state survives upgrades) and a name.
 */
public final class Pipeline {
    private Pipeline() {
    }

    /**
     * The control stream's watermark is always at the end of time: otherwise the scoring
     * operator's event time (the minimum over its two inputs) would never advance.
     */
    private static <T> WatermarkStrategy<T> neverHoldsBackTime() {
        return WatermarkStrategy.forGenerator(ctx -> new WatermarkGenerator<T>() {
            @Override
            public void onEvent(T event, long timestamp, WatermarkOutput out) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput out) {
                out.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        });
    }

    public static void build(StreamExecutionEnvironment env, JobConfig c) {
        JobConfig.Kafka k = c.kafka();
        SingleOutputStreamOperator<SourcedEvent> events = events(env, c);


        DataStream<ModelUpdate> updates;
        if (k.modelUpdateTopic() == null || k.modelUpdateTopic().isBlank()) {
            // No update topic: a stream that never emits (Flink's fromData cannot be empty).
            updates = events.flatMap((SourcedEvent e, Collector<ModelUpdate> out) -> { })
                    .returns(TypeInformation.of(ModelUpdate.class))
                    .uid("no-model-updates").name("No model updates");
        } else {
            updates = env.fromSource(KafkaConnectors.source(k, k.modelUpdateTopic(), "-model-updates",
                                    new KafkaConnectors.RawDeserializer()), neverHoldsBackTime(), "model-updates")
                    .uid("model-updates-source").name("Kafka: " + k.modelUpdateTopic())
                    .setParallelism(1)
                    .process(new ParseModelUpdates())
                    .uid("parse-model-updates").name("Parse model updates")
                    .setParallelism(1);
        }
        BroadcastStream<ModelUpdate> broadcast = updates.broadcast(ScoreEvents.MODEL_UPDATES);

        SingleOutputStreamOperator<KafkaRecord> forecasts = events
                .keyBy(SourcedEvent::key)
                .connect(broadcast)
                .process(new ScoreEvents(c))
                .uid("score").name("Score (LSTM/GRU step + anomaly likelihood)");

        forecasts.sinkTo(sink(c, k.forecastTopic(), "forecasts"))
                .uid("forecasts-sink").name("Kafka: " + k.forecastTopic());
        forecasts.getSideOutput(ScoreEvents.ALERTS)
                .sinkTo(sink(c, k.alertTopic(), "alerts"))
                .uid("alerts-sink").name("Kafka: " + k.alertTopic());
        DataStream<KafkaRecord> deadLetters = events.getSideOutput(RouteInvalidEvents.DEAD_LETTERS)
                .union(forecasts.getSideOutput(RouteInvalidEvents.DEAD_LETTERS));
        if (updates instanceof SingleOutputStreamOperator<ModelUpdate> parsedUpdates) {
            deadLetters = deadLetters.union(parsedUpdates.getSideOutput(RouteInvalidEvents.DEAD_LETTERS));
        }
        deadLetters.sinkTo(sink(c, k.deadLetterTopic(), "dead-letters"))
                .uid("dead-letters-sink").name("Kafka: " + k.deadLetterTopic());
    }

    /**
     * Input events, parsed in the Kafka source so that event-time watermarks are tracked per
     * partition, with refused records split off to {@link RouteInvalidEvents#DEAD_LETTERS}.
     */
    public static SingleOutputStreamOperator<SourcedEvent> events(StreamExecutionEnvironment env, JobConfig c) {
        JobConfig.Kafka k = c.kafka();
        WatermarkStrategy<SourceRecord> eventTime = WatermarkStrategy
                .<SourceRecord>forBoundedOutOfOrderness(c.time().maxOutOfOrderness())
                .withTimestampAssigner((r, previous) -> r.eventTime())
                .withIdleness(c.time().idleness());
        return env
                .fromSource(KafkaConnectors.source(k, k.inputTopic(), "",
                        new KafkaConnectors.EventDeserializer(c.time().maxFutureSkew())), eventTime, "events")
                .uid("events-source").name("Kafka: " + k.inputTopic() + " (parse, watermarks)")
                .process(new RouteInvalidEvents(c.metrics()))
                .uid("route-invalid").name("Route invalid events");
    }

    /** A Kafka sink of JSON records to {@code topic} with the configured delivery guarantee. */
    public static org.apache.flink.connector.kafka.sink.KafkaSink<KafkaRecord> sink(JobConfig c, String topic, String name) {
        return KafkaConnectors.sink(c.kafka(), topic, name);
    }
}
