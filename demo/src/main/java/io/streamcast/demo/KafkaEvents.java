package io.streamcast.demo;

import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes events to a topic as producers in the field would: JSON, keyed by the event key. */
public final class KafkaEvents implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    public KafkaEvents(String bootstrapServers, String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrapServers);
        p.put("linger.ms", "5");
        p.put("acks", "all");
        // Idempotent, one request in flight: a batch resent after NOT_LEADER_OR_FOLLOWER (a broker
        // restart or leader move) cannot leave later batches out of sequence behind it.
        p.put("max.in.flight.requests.per.connection", "1");
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    public void send(InputEvent e) {
        producer.send(new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), RecordJson.event(e)));
    }

    public void sendRaw(String key, byte[] payload) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), payload));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }
}
