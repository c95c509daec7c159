package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.OutboxMessage;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.wal.Command;
import java.io.IOException;
import java.util.Map;

/**
 * Table {@code outbox} (v1): one row per undelivered message, in index order:
 * {@code [index u64][target partition key u64][message Command]}.
 */
final class OutboxTable implements TableCodec {
    @Override
    public String name() {
        return "outbox";
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
        for (final Map.Entry<Long, OutboxMessage> entry : tables.outbox().entrySet()) {
            out.u64(entry.getKey());
            out.u64(entry.getValue().partitionKey());
            out.message(entry.getValue().command());
        }
        return tables.outbox().size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final long index = in.u64();
            final long partitionKey = in.u64();
            target.restoreOutbox(index, new OutboxMessage(partitionKey, in.message(Command.parser())));
        }
    }
}
