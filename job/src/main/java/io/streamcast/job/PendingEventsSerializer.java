package io.streamcast.job;

import io.streamcast.core.event.InputEvent;
import java.io.IOException;
import java.util.Arrays;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link PendingEvents} (format 2): a format byte, the two times, the number of
 * events, the key once, then per event its partition, offset, time, feature names only when they
 * differ from the previous event's, and values. Format 1 (each event with its key and names, no
 * partition or offset) is still read; its events' provenance is {@link SourcedEvent#UNKNOWN}.
 */
public final class PendingEventsSerializer extends TypeSerializerSingleton<PendingEvents> {
    private static final long serialVersionUID = 1L;
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_OFFSETS = 1;
    public static final PendingEventsSerializer INSTANCE = new PendingEventsSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PendingEvents createInstance() {
        return new PendingEvents();
    }

    /** Events are immutable; the window around them is copied. */
    @Override
    public PendingEvents copy(PendingEvents from) {
        return from.copy();
    }

    @Override
    public PendingEvents copy(PendingEvents from, PendingEvents reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PendingEvents p, DataOutputView out) throws IOException {
        out.writeByte(FORMAT);
        out.writeLong(p.newest());
        out.writeLong(p.expiryDue());
        SourcedEvent[] events = p.events();
        out.writeInt(events.length);
        if (events.length == 0) {
            return;
        }
        out.writeUTF(events[0].key()); // keyed state: every event has the key's key
        String[] previousNames = null;
        for (SourcedEvent se : events) {
            InputEvent e = se.event();
            out.writeInt(se.partition());
            out.writeLong(se.offset());
            out.writeLong(e.ts());
            boolean sameNames = Arrays.equals(e.names(), previousNames);
            out.writeBoolean(sameNames);
            if (!sameNames) {
                out.writeInt(e.names().length);
                for (String name : e.names()) {
                    out.writeUTF(name);
                }
                previousNames = e.names();
            }
            for (double v : e.values()) {
                out.writeDouble(v);
            }
        }
    }

    @Override
    public PendingEvents deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        long newest = in.readLong();
        long expiryDue = in.readLong();
        SourcedEvent[] events = new SourcedEvent[in.readInt()];
        if (format == FORMAT_WITHOUT_OFFSETS) {
            readFormat1(in, events);
        } else if (format == FORMAT) {
            String key = events.length == 0 ? null : in.readUTF();
            String[] names = null;
            for (int k = 0; k < events.length; k++) {
                int partition = in.readInt();
                long offset = in.readLong();
                long ts = in.readLong();
                if (!in.readBoolean()) {
                    names = new String[in.readInt()];
                    for (int i = 0; i < names.length; i++) {
                        names[i] = in.readUTF();
                    }
                }
                double[] values = new double[names.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = in.readDouble();
                }
                events[k] = new SourcedEvent(new InputEvent(key, ts, names, values), partition, offset);
            }
        } else {
            throw new IOException("unknown pending-events format " + format);
        }
        return new PendingEvents(newest, expiryDue, events);
    }

    /** Format 1: each event with its key and feature names, without partition and offset. */
    private static void readFormat1(DataInputView in, SourcedEvent[] events) throws IOException {
        for (int k = 0; k < events.length; k++) {
            String key = in.readUTF();
            long ts = in.readLong();
            String[] names = new String[in.readInt()];
            double[] values = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = in.readUTF();
                values[i] = in.readDouble();
            }
            events[k] = new SourcedEvent(new InputEvent(key, ts, names, values), SourcedEvent.UNKNOWN, SourcedEvent.UNKNOWN);
        }
    }

    @Override
    public PendingEvents deserialize(PendingEvents reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<PendingEvents> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format compatibility is the format byte's. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PendingEvents> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
