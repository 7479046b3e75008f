package io.streamcast.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the job's committed output (read_committed: only what the exactly-once sinks committed)
 * and shows it: alerts with their explanation as they arrive, a status line every few seconds.
 */
final class LiveView implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final List<String> topics;
    private final PrintStream out;
    private final AtomicBoolean running = new AtomicBoolean(true);
    final AtomicLong forecasts = new AtomicLong();
    final AtomicLong deadLetters = new AtomicLong();
    private final List<DetectionScore.AlertAt> alerts = new ArrayList<>();
    private final java.util.Set<String> keys = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.Map<String, AtomicLong> versions = new java.util.concurrent.ConcurrentHashMap<>();

    LiveView(String bootstrap, String forecastTopic, String alertTopic, String deadTopic, PrintStream out) {
        this.bootstrap = bootstrap;
        this.topics = List.of(forecastTopic, alertTopic, deadTopic);
        this.out = out;
    }

    @Override
    public void run() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("group.id", "streamcast-demo-view");
        p.put("isolation.level", "read_committed");
        p.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(topics);
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    handle(r);
                }
            }
        } catch (Exception e) {
            out.println("live view stopped: " + e);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) throws java.io.IOException {
        JsonNode n = JSON.readTree(r.value());
        if (r.topic().equals(topics.get(0))) {
            forecasts.incrementAndGet();
            keys.add(n.get("key").asText());
            versions.computeIfAbsent(n.get("model").asText() + ":" + n.get("modelVersion").asText(), v -> new AtomicLong())
                    .incrementAndGet();
        } else if (r.topic().equals(topics.get(1))) {
            synchronized (alerts) {
                alerts.add(new DetectionScore.AlertAt(n.get("key").asText(), n.get("ts").asLong()));
            }
            out.printf("  ALERT %-11s %s %-12s %-8s %s%n", n.get("key").asText(), Instant.ofEpochMilli(n.get("ts").asLong()),
                    n.get("kind").asText(), n.get("severity").asText(), n.path("explanation").path("message").asText());
        } else {
            deadLetters.incrementAndGet();
        }
    }

    List<DetectionScore.AlertAt> alerts() {
        synchronized (alerts) {
            return List.copyOf(alerts);
        }
    }

    int keys() {
        return keys.size();
    }

    String versions() {
        return versions.toString();
    }

    void stop() {
        running.set(false);
    }
}
