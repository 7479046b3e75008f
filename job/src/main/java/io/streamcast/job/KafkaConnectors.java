package io.streamcast.job;

import java.util.Properties;
import io.streamcast.core.event.EventParser;
import io.streamcast.core.event.ParseResult;
import io.streamcast.core.event.RejectReason;
import io.streamcast.core.event.Rejection;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Kafka sources and sinks built from the configuration. */
final class KafkaConnectors {
    private KafkaConnectors() {
    }

    /**
     * Reads a topic, parsing each record in the source: parsing there lets event-time watermarks
     * be tracked per Kafka partition (Flink's per-split watermarks), so one partition read ahead
     * of another does not make the other's events late. Refused records travel on with their
     * payload, reason and offset; nothing is dropped.
     */
    static <T> KafkaSource<T> source(JobConfig.Kafka k, String topic, String groupSuffix,
            KafkaRecordDeserializationSchema<T> parser) {
        KafkaSourceBuilder<T> b = KafkaSource.<T>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(topic)
                .setGroupId(k.groupId() + groupSuffix)
                .setDeserializer(parser)
                .setStartingOffsets(switch (k.startingOffsets()) {
                    case COMMITTED -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                    case EARLIEST -> OffsetsInitializer.earliest();
                    case LATEST -> OffsetsInitializer.latest();
                })
                .setProperty("isolation.level", "read_committed")
                .setProperty("commit.offsets.on.checkpoint", "true");
        if (k.properties() != null) {
            k.properties().forEach(b::setProperty);
        }
        if (k.bounded()) {
            b.setBounded(OffsetsInitializer.latest());
        }
        return b.build();
    }

    /** A sink of JSON records to one topic, keyed by the event key, with the configured delivery guarantee. */
    static KafkaSink<KafkaRecord> sink(JobConfig.Kafka k, String topic, String name) {
        return KafkaSink.<KafkaRecord>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(producerProperties(k))
                .setDeliveryGuarantee(switch (k.delivery()) {
                    case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
                    case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
                    case NONE -> DeliveryGuarantee.NONE;
                })
                .setTransactionalIdPrefix(k.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(new RecordSerializer(topic))
                .build();
    }

    /**
     * The sinks' producer settings: {@code kafka.properties} over our defaults, and the transaction
     * timeout. With EXACTLY_ONCE, {@code batch.size} defaults to 256 KB instead of Kafka's 16 KB: a
     * forecast is a few hundred bytes, so 16 KB batches split the output into many produce
     * requests, and the broker's work per request competes with the job for the cores (100,000
     * keys, 2 cores: median 71.5k → 91.7k events/s; docs/BENCHMARKS.md). Batches that no longer
     * fill early wait for {@code linger.ms} (5 ms), which transactional output does not notice (it
     * is visible at the checkpoint's commit) but at-least-once output would: there Kafka's default
     * stays. A producer holds up to one open batch per partition in its {@code buffer.memory}
     * (32 MB): for output topics of more than ~100 partitions raise that or lower the batch size.
     * 64 KB and 128 KB measured 92k and 89k events/s against 256 KB's 111k (medians of three).
     */
    static Properties producerProperties(JobConfig.Kafka k) {
        Properties props = new Properties();
        if (k.delivery() == JobConfig.Delivery.EXACTLY_ONCE) {
            props.setProperty("batch.size", Integer.toString(256 * 1024));
        }
        if (k.properties() != null) {
            props.putAll(k.properties());
        }
        props.setProperty("transaction.timeout.ms", Long.toString(k.transactionTimeout().toMillis()));
        return props;
    }

    /**
     * Input events: parsed and validated by model-core's {@link EventParser}; an event dated more
     * than {@code maxFutureSkew} after the wall clock is refused, since it would drag its
     * partition's watermark ahead and make every following event late.
     */
    static final class EventDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {
        private static final long serialVersionUID = 1L;
        private final long maxFutureSkewMillis;
        private transient EventParser parser;

        EventDeserializer(java.time.Duration maxFutureSkew) {
            this.maxFutureSkewMillis = maxFutureSkew.toMillis();
        }

        @Override
        public void open(DeserializationSchema.InitializationContext context) {
            parser = new EventParser();
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<SourceRecord> out) {
            ParseResult result = parser.parse(r.value());
            if (result instanceof ParseResult.Parsed p) {
                long ahead = p.event().ts() - System.currentTimeMillis();
                out.collect(ahead <= maxFutureSkewMillis
                        ? SourceRecord.parsed(p.event(), r.topic(), r.partition(), r.offset())
                        : SourceRecord.rejected(r.value(), new Rejection(RejectReason.INVALID_TS, "ts " + p.event().ts()
                                + " is " + ahead + " ms in the future (time.maxFutureSkew is " + maxFutureSkewMillis
                                + " ms)"), r.topic(), r.partition(), r.offset()));
            } else {
                out.collect(SourceRecord.rejected(r.value(), ((ParseResult.Rejected) result).rejection(), r.topic(),
                        r.partition(), r.offset()));
            }
        }

        @Override
        public TypeInformation<SourceRecord> getProducedType() {
            return TypeInformation.of(SourceRecord.class);
        }
    }

    /** Model-update control messages: kept raw here, read by {@link ParseModelUpdates}. */
    static final class RawDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawRecord> out) {
            out.collect(new RawRecord(r.value(), r.topic(), r.partition(), r.offset()));
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }

    static final class RecordSerializer implements KafkaRecordSerializationSchema<KafkaRecord> {
        private static final long serialVersionUID = 1L;
        private final String topic;

        RecordSerializer(String topic) {
            this.topic = topic;
        }

        @Override
        public ProducerRecord<byte[], byte[]> serialize(KafkaRecord r, KafkaSinkContext ctx, Long timestamp) {
            // No timestamp: the broker would refuse event times outside its accepted range
            // (message.timestamp.*.max.ms) and fail the job; the event time is in the JSON.
            return new ProducerRecord<>(topic, null, null,
                    r.key == null ? null : r.key.getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value);
        }
    }
}
