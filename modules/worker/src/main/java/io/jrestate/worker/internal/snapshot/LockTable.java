package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.ObjectKey;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Table {@code locks} (v1): one row per locked object, objects sorted:
 * {@code [service str][key str][holder invocation id bytes (24)]}.
 */
final class LockTable implements TableCodec {
    @Override
    public String name() {
        return "locks";
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
        final TreeMap<ObjectKey, InvocationKey> sorted = new TreeMap<>(tables.locks());
        for (final Map.Entry<ObjectKey, InvocationKey> lock : sorted.entrySet()) {
            out.str(lock.getKey().service());
            out.str(lock.getKey().key());
            out.bytes(lock.getValue().toByteString());
        }
        return sorted.size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final ObjectKey object = new ObjectKey(in.str(), in.str());
            target.lock(object, Ids.read(in, "lock holder of " + object));
        }
    }
}
