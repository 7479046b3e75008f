package io.streamcast.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamcast.core.event.InputEvent;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class PendingEventsTest {
    private static SourcedEvent event(long ts) {
        return new SourcedEvent(new InputEvent("pump-\u00e9", ts, new String[] {"temp", "load"}, new double[] {ts / 10.0, -ts}),
                2, 1_000 + ts);
    }

    @Test
    void eventsStaySortedAndTheNewestArrivalIsRemembered() {
        PendingEvents p = new PendingEvents();
        p.add(event(30));
        p.add(event(10));
        p.add(event(20));
        assertThat(p.events()).extracting(SourcedEvent::ts).containsExactly(10L, 20L, 30L);
        assertThat(p.newest()).isEqualTo(30);
        assertThat(p.holds(20)).isTrue();
        assertThat(p.holds(25)).isFalse();
        assertThat(p.earliest()).isEqualTo(10);

        PendingEvents copy = p.copy();
        assertThat(p.pollEarliest()).isEqualTo(event(10));
        assertThat(p.events()).extracting(SourcedEvent::ts).containsExactly(20L, 30L);
        assertThat(p.earliest()).isEqualTo(20);
        assertThat(p.newest()).as("a scored event does not lower the newest arrival").isEqualTo(30);
        assertThat(copy.events()).as("a copy is independent").hasSize(3);
    }

    /** Mostly in order, some out of order, released oldest first: the same as a sorted map. */
    @Test
    void behavesLikeASortedMapUnderLongRuns() {
        Random rnd = new Random(5);
        PendingEvents p = new PendingEvents();
        TreeMap<Long, SourcedEvent> model = new TreeMap<>();
        long clock = 1_000;
        for (int i = 0; i < 20_000; i++) {
            if (rnd.nextInt(10) < 6 || model.isEmpty()) {
                long ts = clock + (rnd.nextInt(8) == 0 ? -rnd.nextInt(50) : rnd.nextInt(5));
                clock += 3;
                if (!model.containsKey(ts)) {
                    model.put(ts, event(ts));
                    p.add(event(ts));
                }
            } else {
                assertThat(p.pollEarliest()).isEqualTo(model.pollFirstEntry().getValue());
            }
            assertThat(p.size()).isEqualTo(model.size());
            assertThat(p.earliest()).isEqualTo(model.isEmpty() ? PendingEvents.NONE : model.firstKey());
        }
        assertThat(p.events()).containsExactly(model.values().toArray(new SourcedEvent[0]));
    }

    @Test
    void serializerRoundTripsEverything() throws Exception {
        PendingEvents full = new PendingEvents();
        full.add(event(7));
        full.add(event(3));
        full.add(new SourcedEvent(new InputEvent("pump-\u00e9", 5, new String[] {"temp"}, new double[] {0.5}), 1, 9));
        full.add(event(9));
        full.expiryDue(3_600_007);
        for (PendingEvents p : new PendingEvents[] {new PendingEvents(), full}) {
            DataOutputSerializer out = new DataOutputSerializer(64);
            PendingEventsSerializer.INSTANCE.serialize(p, out);
            PendingEvents back = PendingEventsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
            assertThat(back).isEqualTo(p);
        }
    }

    /** The key and unchanged feature names are written once: each further event costs its numbers only. */
    @Test
    void eachFurtherEventCostsItsOffsetTimeAndValues() throws Exception {
        PendingEvents one = new PendingEvents();
        PendingEvents hundred = new PendingEvents();
        for (int i = 0; i < 100; i++) {
            if (i == 0) {
                one.add(event(i));
            }
            hundred.add(event(i));
        }
        int perEvent = (size(hundred) - size(one)) / 99;
        assertThat(perEvent).as("partition, offset, time, same-names flag, two values").isEqualTo(4 + 8 + 8 + 1 + 2 * 8);
    }

    private static int size(PendingEvents p) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        PendingEventsSerializer.INSTANCE.serialize(p, out);
        return out.length();
    }

    /** State written before events kept their offsets (format 1) restores, with the provenance unknown. */
    @Test
    void serializerReadsTheFormatWithoutOffsets() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeByte(1);
        out.writeLong(7);
        out.writeLong(3_600_007);
        out.writeInt(1);
        out.writeUTF("pump-1");
        out.writeLong(7);
        out.writeInt(1);
        out.writeUTF("value");
        out.writeDouble(2.5);

        PendingEvents back = PendingEventsSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(back.newest()).isEqualTo(7);
        assertThat(back.expiryDue()).isEqualTo(3_600_007);
        assertThat(back.events()).containsExactly(new SourcedEvent(
                new InputEvent("pump-1", 7, new String[] {"value"}, new double[] {2.5}), SourcedEvent.UNKNOWN, SourcedEvent.UNKNOWN));
    }
}
