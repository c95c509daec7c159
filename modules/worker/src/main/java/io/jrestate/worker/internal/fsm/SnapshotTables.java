package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The partition tables as a snapshot sees them: {@link PartitionState} plus whole-table views for writing a
 * snapshot and the few setters a restore needs that applying records never does. A table added to
 * {@link PartitionState} adds its view here and a codec in {@code internal.snapshot}.
 *
 * <p>Views are live and read-only; read them only on the partition's thread. To encode on another thread,
 * {@link #capture()} the tables on the partition's thread first (cheap), encode the capture elsewhere, then
 * {@link #release} it on the partition's thread. A table added here must be frozen by {@code capture()} as well
 * (or its codec must encode on the partition thread, see {@code TableCodec#readsCapture()}).
 */
public interface SnapshotTables extends PartitionState {
    /**
     * The index the next outbox message will get.
     *
     * @return the index
     */
    long nextOutboxIndex();

    /**
     * Sets the index the next outbox message will get (restore only).
     *
     * @param index the index, greater than every index in the outbox
     */
    void nextOutboxIndex(long index);

    /**
     * Puts an outbox message at a given index (restore only; does not move {@link #nextOutboxIndex()}).
     *
     * @param index the index
     * @param message the message
     */
    void restoreOutbox(long index, OutboxMessage message);

    /**
     * Every object's state, objects in no particular order, each object's entries sorted by key bytes.
     *
     * @return a read-only view
     */
    Map<ObjectKey, ? extends NavigableMap<ByteString, ByteString>> allState();

    /**
     * Every held lock.
     *
     * @return a read-only view
     */
    Map<ObjectKey, InvocationKey> locks();

    /**
     * Every non-empty inbox, each in FIFO order.
     *
     * @return a read-only view
     */
    Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes();

    /**
     * The dedup table: producer to last applied sequence number.
     *
     * @return a read-only view
     */
    Map<String, Long> dedupTable();

    /**
     * Freezes every table as it is now (at {@link #appliedLsn()}) into a read-only view that later applies never
     * change and that another thread may read once handed over (through an executor). Runs on the partition's
     * thread and is cheap: see the implementation for how each table is frozen.
     *
     * @return the frozen tables
     */
    SnapshotTables capture();

    /**
     * Declares a view from {@link #capture()} no longer read (its encoding finished or failed), so writes stop
     * copying what it shared. Call once per capture, on the partition's thread; a capture never released only
     * costs copies.
     *
     * @param captured the view
     */
    void release(SnapshotTables captured);

    /**
     * The retained table's part of a snapshot at {@link #appliedLsn()} ({@link RetainedTable#snapshotRows}).
     *
     * @return the rows
     */
    java.util.List<byte[]> retainedSnapshotRows();

    /**
     * Restores the retained table from a snapshot's rows (restore only, before any other use of the table).
     *
     * @param snapshotRows the rows {@link #retainedSnapshotRows()} gave
     * @throws java.io.IOException when the table's files do not match (the message names the file)
     */
    void restoreRetained(java.util.List<byte[]> snapshotRows) throws java.io.IOException;
}
