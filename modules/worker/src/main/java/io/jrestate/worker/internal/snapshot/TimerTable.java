package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.fsm.Timer;
import io.jrestate.worker.internal.wal.TimerKey;
import java.io.IOException;

/** Table {@code timers} (v1): one row per timer, in fire order: {@code [message TimerKey]}. */
final class TimerTable implements TableCodec {
    @Override
    public String name() {
        return "timers";
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
        for (final Timer timer : tables.timers()) {
            out.message(timer.toProto());
        }
        return tables.timers().size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            final TimerKey key = in.message(TimerKey.parser());
            try {
                target.addTimer(Timer.fromProto(key));
            } catch (final IllegalArgumentException e) {
                throw in.error("row " + i + ": " + e.getMessage());
            }
        }
    }
}
