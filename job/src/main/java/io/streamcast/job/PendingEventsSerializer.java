package io.streamcast.job;

import io.streamcast.core.event.InputEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of {@link PendingEvents}: a format byte, the two times, then the events, each
 * with its partition and offset (format 2; format 1, without them, is still read: its events'
 * provenance is {@link SourcedEvent#UNKNOWN}).
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
        for (SourcedEvent se : events) {
            out.writeInt(se.partition());
            out.writeLong(se.offset());
            InputEvent e = se.event();
            out.writeUTF(e.key());
            out.writeLong(e.ts());
            out.writeInt(e.names().length);
            for (int i = 0; i < e.names().length; i++) {
                out.writeUTF(e.names()[i]);
                out.writeDouble(e.values()[i]);
            }
        }
    }

    @Override
    public PendingEvents deserialize(DataInputView in) throws IOException {
        byte format = in.readByte();
        if (format != FORMAT && format != FORMAT_WITHOUT_OFFSETS) {
            throw new IOException("unknown pending-events format " + format);
        }
        long newest = in.readLong();
        long expiryDue = in.readLong();
        SourcedEvent[] events = new SourcedEvent[in.readInt()];
        for (int k = 0; k < events.length; k++) {
            int partition = format == FORMAT ? in.readInt() : SourcedEvent.UNKNOWN;
            long offset = format == FORMAT ? in.readLong() : SourcedEvent.UNKNOWN;
            String key = in.readUTF();
            long ts = in.readLong();
            String[] names = new String[in.readInt()];
            double[] values = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                names[i] = in.readUTF();
                values[i] = in.readDouble();
            }
            events[k] = new SourcedEvent(new InputEvent(key, ts, names, values), partition, offset);
        }
        return new PendingEvents(newest, expiryDue, events);
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
