package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.event.InputEvent;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    private static InputEvent event(long ts) {
        return new InputEvent("pump-\u00e9", ts, new String[] {"temp", "load"}, new double[] {ts / 10.0, -ts});
    }

    @Test
    void eventsStaySortedAndTheNewestArrivalIsRemembered() {
        PendingEvents p = PendingEvents.EMPTY.with(event(30)).with(event(10)).with(event(20));
        assertThat(p.events()).extracting(InputEvent::ts).containsExactly(10L, 20L, 30L);
        assertThat(p.newest()).isEqualTo(30);
        assertThat(p.holds(20)).isTrue();
        assertThat(p.holds(25)).isFalse();
        assertThat(p.at(10)).isEqualTo(event(10));

        PendingEvents q = p.without(20).without(99);
        assertThat(q.events()).extracting(InputEvent::ts).containsExactly(10L, 30L);
        assertThat(q.newest()).as("a scored event does not lower the newest arrival").isEqualTo(30);
        assertThat(p.events()).as("instances are never changed").hasSize(3);
        assertThat(q.without(10).without(30).withExpiryDue(500)).isEqualTo(new PendingEvents(30, 500, new InputEvent[0]));
    }

    @Test
    void serializerRoundTripsEverything() throws Exception {
        for (PendingEvents p : new PendingEvents[] {PendingEvents.EMPTY,
                PendingEvents.EMPTY.with(event(7)).with(event(3)).withExpiryDue(3_600_007)}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            PendingEventsSerializer.INSTANCE.serialize(p, out);
            PendingEvents back = PendingEventsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(p);
        }
    }
}
