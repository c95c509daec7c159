package io.jrestate.worker.internal.fsm;

/**
 * The table of retained completed invocations: what the state machine keeps after an invocation completed, for
 * attach/output, idempotent re-submission and workflow output, until its retention ends.
 *
 * <p>Rows are grouped in expiry buckets of a fixed width: a row whose retention ends at {@code expiresAtMs} lives
 * in the bucket ending at {@link #bucketEndMs(long)} and is removed with the whole bucket when the state machine
 * applies the bucket's {@code TIMER_RETENTION_EXPIRY} timer. Removal is thus log-driven and deterministic; a
 * row may outlive its retention by up to one bucket width (like the reference's {@code cleanup-interval}).
 *
 * <p>Implementations: {@link HeapRetainedTable} (tests, tools) and the on-disk store of
 * {@code internal.retained} (the server). Both must answer every call from what was applied before it, so
 * replicas and replays see the same rows.
 */
public interface RetainedTable {
    /** Default bucket width: the reference's default {@code worker.cleanup-interval} (1 h). */
    long DEFAULT_BUCKET_WIDTH_MS = 3_600_000L;

    /**
     * The end of the bucket a row expiring at {@code expiresAtMs} belongs to.
     *
     * @param expiresAtMs when the retention ends, ms since the Unix epoch
     * @return the bucket end, {@code >= expiresAtMs}
     */
    long bucketEndMs(long expiresAtMs);

    /**
     * Retains a completed invocation (its row must not be retained already).
     *
     * @param completed the completed row (phase {@code COMPLETED}, result set)
     * @param expiresAtMs when the retention ends
     */
    void retain(InvocationStatus completed, long expiresAtMs);

    /**
     * Looks up a retained invocation.
     *
     * @param id the id
     * @return a fresh copy of the row (phase {@code COMPLETED}), or null; changing the copy changes nothing in
     *     the table (remove and retain again to replace a row)
     */
    InvocationStatus get(InvocationKey id);

    /**
     * Removes one retained invocation (purge, or a per-invocation cleanup timer of older logs).
     *
     * @param id the id
     * @return true when it was retained
     */
    boolean remove(InvocationKey id);

    /**
     * Removes every row of every bucket ending at or before {@code bucketEndMs}.
     *
     * @param bucketEndMs the bucket end
     * @return the number of rows removed
     */
    long expireBuckets(long bucketEndMs);

    /**
     * Number of retained rows.
     *
     * @return the count
     */
    long size();

    /**
     * The table's part of a partition snapshot at {@code appliedLsn}, for {@link RetainedStorage#restore}.
     * Called on the partition's thread. The on-disk store checkpoints (fsync) and returns the checkpoint; the heap
     * table returns its rows.
     *
     * @param appliedLsn the partition's applied LSN
     * @return the rows, in a deterministic order
     */
    java.util.List<byte[]> snapshotRows(long appliedLsn);
}
