package io.streamcast.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.event.InputEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator's writer against a real broker: what the broker refuses is counted, not lost silently. */
class KafkaEventsTest {
    @Test
    void sendsTheBrokerRefusesAreCountedWithTheirReason(@TempDir Path dir) throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start(dir)) {
            kafka.createTopics(1, "accepted");
            try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", kafka.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("tiny", 1, (short) 1).configs(Map.of("max.message.bytes", "40"))))
                        .all().get(30, TimeUnit.SECONDS);
                KafkaBroker.awaitLeaders(admin, List.of("tiny"));
            }
            for (String topic : List.of("accepted", "tiny")) {
                try (KafkaEvents out = new KafkaEvents(kafka.bootstrapServers(), topic)) {
                    for (int i = 0; i < 10; i++) {
                        out.send(new InputEvent("pump-" + i, 1_795_687_200_000L + i, new String[] {"value"}, new double[] {i}));
                    }
                    out.flush();
                    if (topic.equals("accepted")) {
                        assertThat(out.undelivered()).isZero();
                        assertThat(out.firstError()).isNull();
                    } else {
                        assertThat(out.undelivered()).isEqualTo(10);
                        assertThat(out.firstError()).isInstanceOf(RecordTooLargeException.class);
                    }
                }
            }
        }
    }
}
