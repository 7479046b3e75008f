package io.streamcast.job;

import io.streamcast.core.scoring.KeyState;
import io.streamcast.core.scoring.KeyStateCodec;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink serializer of a key's scoring state: a length-prefixed {@link KeyStateCodec} blob. With
 * the HashMap backend state objects stay on the heap and this runs only for checkpoints; with
 * RocksDB it runs on every access.
 */
public final class KeyStateSerializer extends TypeSerializerSingleton<KeyState> {
    private static final long serialVersionUID = 1L;
    public static final KeyStateSerializer INSTANCE = new KeyStateSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public KeyState createInstance() {
        return new KeyState();
    }

    @Override
    public KeyState copy(KeyState from) {
        return from.copy();
    }

    @Override
    public KeyState copy(KeyState from, KeyState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(KeyState record, DataOutputView target) throws IOException {
        byte[] bytes = KeyStateCodec.encode(record);
        target.writeInt(bytes.length);
        target.write(bytes);
    }

    @Override
    public KeyState deserialize(DataInputView source) throws IOException {
        byte[] bytes = new byte[source.readInt()];
        source.readFully(bytes);
        try {
            return KeyStateCodec.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IOException("corrupt key state: " + e.getMessage(), e);
        }
    }

    @Override
    public KeyState deserialize(KeyState reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public TypeSerializerSnapshot<KeyState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Format compatibility is the codec's own (it carries a format byte). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<KeyState> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
