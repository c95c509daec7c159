package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Table {@code dedup} (v1): one row per producer, sorted: {@code [producer str][last applied seq u64]}. */
final class DedupTable implements TableCodec {
    @Override
    public String name() {
        return "dedup";
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
        final TreeMap<String, Long> sorted = new TreeMap<>(tables.dedupTable());
        for (final Map.Entry<String, Long> entry : sorted.entrySet()) {
            out.str(entry.getKey());
            out.u64(entry.getValue());
        }
        return sorted.size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        for (long i = 0; i < rows; i++) {
            target.dedupSeq(in.str(), in.u64());
        }
    }
}
