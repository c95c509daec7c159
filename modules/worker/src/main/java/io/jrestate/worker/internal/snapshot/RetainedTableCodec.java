package io.jrestate.worker.internal.snapshot;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Table {@code retained} (v1): the retained completed invocations, as {@code RetainedTable.snapshotRows} gives
 * them, each {@code [bytes]}. The server's on-disk store writes one row, its {@code RetainedCheckpoint} (the
 * segment files stay in the store's folder and are cut back to it on restore); the heap table writes one
 * {@code RetainedInvocation} per row.
 *
 * <p>A snapshot without this section (written before retention moved to disk) kept completed invocations in its
 * {@code invocations} table, so restoring it with an empty retained table loses nothing. When the store's files
 * do not match the checkpoint the snapshot is refused like a corrupt one (never restored with rows missing).
 */
final class RetainedTableCodec implements TableCodec {
    @Override
    public String name() {
        return SnapshotBody.RETAINED_TABLE;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public long write(final SnapshotTables tables, final RowOutput out) throws IOException {
        final List<byte[]> rows = tables.retainedSnapshotRows();
        for (final byte[] row : rows) {
            out.bytes(ByteString.copyFrom(row));
        }
        return rows.size();
    }

    @Override
    public void read(final int version, final long rows, final RowInput in, final SnapshotTables target)
            throws IOException {
        final List<byte[]> snapshotRows = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            snapshotRows.add(in.bytes().toByteArray());
        }
        try {
            target.restoreRetained(snapshotRows);
        } catch (final IllegalArgumentException | IllegalStateException e) {
            throw in.error("retained rows do not decode: " + e.getMessage());
        } catch (final IOException e) {
            // The store's files are missing or short (e.g. a node restored from a backup, which does not copy
            // them): this snapshot is unusable; an older one, or a full replay of an untrimmed log, may still be.
            throw in.error("the retained store does not match the snapshot's checkpoint: " + e.getMessage());
        }
    }
}
