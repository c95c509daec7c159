package io.jrestate.worker.internal.fsm;

import java.io.IOException;
import java.util.List;

/**
 * Where a partition's {@link RetainedTable} comes from: opened empty (the whole log is replayed) or restored from
 * the rows a partition snapshot carries ({@link RetainedTable#snapshotRows}). {@link InMemoryPartitionState} asks
 * for the table only when first used, so a restore never finds the files already wiped by an empty open.
 *
 * <pre>
 *  start --&gt; snapshot restored with a "retained" section --&gt; restore(rows)   (disk: cut files to the checkpoint)
 *        \--&gt; no snapshot, or an older one without it  ----&gt; openEmpty()     (then replay)
 * </pre>
 */
public interface RetainedStorage {
    /**
     * Opens the table empty, dropping whatever an earlier run left.
     *
     * @return the table
     */
    RetainedTable openEmpty();

    /**
     * Opens the table as a snapshot recorded it.
     *
     * @param snapshotRows the rows {@link RetainedTable#snapshotRows} gave when the snapshot was taken
     * @return the table
     * @throws IOException when the table's files do not match the rows (the message names the file)
     */
    RetainedTable restore(List<byte[]> snapshotRows) throws IOException;

    /**
     * Storage over one heap table (tests, tools): restores copy the snapshot's rows into it.
     *
     * @param table the table, empty
     * @return the storage
     */
    static RetainedStorage heap(final HeapRetainedTable table) {
        return new RetainedStorage() {
            @Override
            public RetainedTable openEmpty() {
                return table;
            }

            @Override
            public RetainedTable restore(final List<byte[]> snapshotRows) {
                table.restoreRows(snapshotRows);
                return table;
            }
        };
    }

    /**
     * Storage in the heap (tests, tools): every open or restore makes a new {@link HeapRetainedTable}, so a
     * restore that failed half-way leaves nothing behind.
     *
     * @return the storage
     */
    static RetainedStorage heap() {
        return new RetainedStorage() {
            @Override
            public RetainedTable openEmpty() {
                return new HeapRetainedTable();
            }

            @Override
            public RetainedTable restore(final List<byte[]> snapshotRows) {
                final HeapRetainedTable table = new HeapRetainedTable();
                table.restoreRows(snapshotRows);
                return table;
            }
        };
    }
}
