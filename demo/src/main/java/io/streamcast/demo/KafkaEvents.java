package io.streamcast.demo;

import io.streamcast.core.event.InputEvent;
import io.streamcast.core.event.RecordJson;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes events to a topic as producers in the field would: JSON, keyed by the event key. Sends
 * the broker never acknowledged (after the producer's retries) are counted, not lost silently.
 */
public final class KafkaEvents implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong undelivered = new AtomicLong();
    private volatile Exception firstError;
    private final Callback delivery = (metadata, error) -> {
        if (error != null && undelivered.getAndIncrement() == 0) {
            firstError = error;
        }
    };

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
        producer.send(new ProducerRecord<>(topic, e.key().getBytes(StandardCharsets.UTF_8), RecordJson.event(e)), delivery);
    }

    public void sendRaw(String key, byte[] payload) {
        producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), payload), delivery);
    }

    /** Waits for every send so far to be acknowledged or to fail. */
    public void flush() {
        producer.flush();
    }

    /** Sends that failed so far; complete after {@link #flush()}. */
    public long undelivered() {
        return undelivered.get();
    }

    /** Why the first failed send failed, or null. */
    public Exception firstError() {
        return firstError;
    }

    @Override
    public void close() {
        producer.close();
    }
}
