package io.streamcast.job;

import java.util.Properties;
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

    /** Reads a topic as raw records (payload plus topic, partition, offset) so that nothing is lost before validation. */
    static KafkaSource<RawEvent> source(JobConfig.Kafka k, String topic, String groupSuffix) {
        KafkaSourceBuilder<RawEvent> b = KafkaSource.<RawEvent>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setTopics(topic)
                .setGroupId(k.groupId() + groupSuffix)
                .setDeserializer(new RawDeserializer())
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
        Properties props = new Properties();
        if (k.properties() != null) {
            props.putAll(k.properties());
        }
        props.setProperty("transaction.timeout.ms", Long.toString(k.transactionTimeout().toMillis()));
        return KafkaSink.<KafkaRecord>builder()
                .setBootstrapServers(k.bootstrapServers())
                .setKafkaProducerConfig(props)
                .setDeliveryGuarantee(switch (k.delivery()) {
                    case EXACTLY_ONCE -> DeliveryGuarantee.EXACTLY_ONCE;
                    case AT_LEAST_ONCE -> DeliveryGuarantee.AT_LEAST_ONCE;
                    case NONE -> DeliveryGuarantee.NONE;
                })
                .setTransactionalIdPrefix(k.transactionalIdPrefix() + "-" + name)
                .setRecordSerializer(new RecordSerializer(topic))
                .build();
    }

    static final class RawDeserializer implements KafkaRecordDeserializationSchema<RawEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<RawEvent> out) {
            out.collect(new RawEvent(r.value(), r.topic(), r.partition(), r.offset(), r.timestamp()));
        }

        @Override
        public TypeInformation<RawEvent> getProducedType() {
            return TypeInformation.of(RawEvent.class);
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
            return new ProducerRecord<>(topic, null, timestamp,
                    r.key == null ? null : r.key.getBytes(java.nio.charset.StandardCharsets.UTF_8), r.value);
        }
    }
}
