package io.jrestate.worker.internal.snapshot;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.ObjectKey;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Table {@code state} (v1): one row per object with state, objects sorted:
 * {@code [service str][key str][entries u32] ([state key bytes][value bytes])*} with entries sorted by key bytes.
 */
final class StateTable implements TableCodec {
    @Override
    public String name() {
        return "state";
    }

    @Override
    public boolean readsCapture() {
        return true;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public long write(final SnapshotTables tables, final RowOutput out) throws IOException {
        final TreeMap<ObjectKey, NavigableMap<ByteString, ByteString>> sorted = new TreeMap<>(tables.allState());
        for (final Map.Entry<ObjectKey, NavigableMap<ByteString, ByteString>> object : sorted.entrySet()) {
            out.str(object.getKey().service());
            out.str(object.getKey().key());
            out.u32(object.getValue().size());
            for (final Map.Entry<ByteString, ByteString> entry : object.getValue().entrySet()) {
                out.bytes(entry.getKey());
                out.bytes(entry.getValue());
            }
        }
        return sorted.size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final ObjectKey object = new ObjectKey(in.str(), in.str());
            final int entries = in.u32();
            if (entries < 0) {
                throw in.error("object " + object + " has a negative entry count " + entries);
            }
            for (int e = 0; e < entries; e++) {
                target.putState(object, in.bytes(), in.bytes());
            }
        }
    }
}
