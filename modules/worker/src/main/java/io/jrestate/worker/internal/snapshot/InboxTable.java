package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.ObjectKey;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Table {@code inbox} (v1): one row per object with waiting invocations, objects sorted:
 * {@code [service str][key str][count u32] ([invocation id bytes (24)])*} in FIFO order.
 */
final class InboxTable implements TableCodec {
    @Override
    public String name() {
        return "inbox";
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
        final TreeMap<ObjectKey, Collection<InvocationKey>> sorted = new TreeMap<>(tables.inboxes());
        for (final Map.Entry<ObjectKey, Collection<InvocationKey>> inbox : sorted.entrySet()) {
            out.str(inbox.getKey().service());
            out.str(inbox.getKey().key());
            out.u32(inbox.getValue().size());
            for (final InvocationKey id : inbox.getValue()) {
                out.bytes(id.toByteString());
            }
        }
        return sorted.size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final ObjectKey object = new ObjectKey(in.str(), in.str());
            final int count = in.u32();
            if (count < 0) {
                throw in.error("inbox of " + object + " has a negative count " + count);
            }
            for (int e = 0; e < count; e++) {
                target.enqueueInbox(object, Ids.read(in, "inbox of " + object));
            }
        }
    }
}
