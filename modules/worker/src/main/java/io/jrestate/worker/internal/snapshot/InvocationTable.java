package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.InvocationRows;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.snapshot.rows.InvocationRow;
import java.io.IOException;

/**
 * Table {@code invocations} (v1): one row per invocation, in id order: {@code [message InvocationRow]}
 * ({@code snapshot.proto}: status, journal, sinks, retry counters, result).
 */
final class InvocationTable implements TableCodec {
    @Override
    public String name() {
        return "invocations";
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
        long rows = 0;
        for (final InvocationStatus status : tables.invocations()) {
            out.message(InvocationRows.toRow(status));
            rows++;
        }
        return rows;
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final InvocationRow row = in.message(InvocationRow.parser());
            try {
                target.putInvocation(InvocationRows.fromRow(row));
            } catch (final IllegalArgumentException e) {
                throw in.error("row " + i + ": " + e.getMessage());
            }
        }
    }
}
