package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;

/**
 * Table {@code fsm} (v1): one row {@code [applied lsn u64][leader epoch u64][next outbox index u64]}.
 */
final class FsmTable implements TableCodec {
    @Override
    public String name() {
        return "fsm";
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
        out.u64(tables.appliedLsn());
        out.u64(tables.leaderEpoch());
        out.u64(tables.nextOutboxIndex());
        return 1;
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        if (rows != 1) {
            throw in.error("expected 1 row, found " + rows);
        }
        target.appliedLsn(in.u64());
        target.leaderEpoch(in.u64());
        target.nextOutboxIndex(in.u64());
    }
}
