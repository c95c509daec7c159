package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import java.io.IOException;

/**
 * Writes and reads one partition table in a snapshot. Each table has its own codec, name and version, so a table
 * added later (workflow promises, ...) is one more codec in {@link SnapshotBody#TABLES}, and a table's format
 * can change on its own: a new version, with {@link #read} still accepting the older ones.
 */
public interface TableCodec {
    /**
     * The table's name in the snapshot (stable, never reused).
     *
     * @return e.g. {@code invocations}
     */
    String name();

    /**
     * The version of the rows this codec writes.
     *
     * @return the version, from 1
     */
    int version();

    /**
     * Whether {@link #write} reads only what {@link SnapshotTables#capture()} freezes, so it may run on the
     * snapshot writer thread over a capture. A codec answering false (the default, safe for a new table) is written
     * on the partition thread at capture time from the live tables, which costs its whole encoding there.
     *
     * @return true when the codec may write from a capture on another thread
     */
    default boolean readsCapture() {
        return false;
    }

    /**
     * Writes every row of the table, in a deterministic order.
     *
     * @param tables the partition tables: live ones on the partition's thread, or a capture on any thread (only
     *     when {@link #readsCapture()})
     * @param out where the rows go
     * @return the number of rows written
     * @throws IOException on failure
     */
    long write(SnapshotTables tables, RowOutput out) throws IOException;

    /**
     * Reads {@code rows} rows into empty tables.
     *
     * @param version the version the rows were written with (at most {@link #version()})
     * @param rows the number of rows
     * @param in the rows
     * @param target the tables to fill
     * @throws IOException on failure; {@link SnapshotFormatException} for rows that do not decode
     */
    void read(int version, long rows, RowInput in, SnapshotTables target) throws IOException;
}
