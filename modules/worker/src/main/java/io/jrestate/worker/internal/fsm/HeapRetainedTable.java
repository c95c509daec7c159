package io.jrestate.worker.internal.fsm;

import io.jrestate.common.Verify;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Retained invocations in the heap, encoded as the on-disk store encodes them (so both answer the same bytes).
 * For tests and tools; the server uses the on-disk store.
 */
public final class HeapRetainedTable implements RetainedTable {
    private final long bucketWidthMs;
    private final Map<InvocationKey, byte[]> rows = new HashMap<>();
    private final Map<InvocationKey, Long> bucketOf = new HashMap<>();
    private final TreeMap<Long, List<InvocationKey>> buckets = new TreeMap<>();

    /** Creates an empty table with the default bucket width. */
    public HeapRetainedTable() {
        this(DEFAULT_BUCKET_WIDTH_MS);
    }

    /**
     * Creates an empty table.
     *
     * @param bucketWidthMs the expiry bucket width, &gt; 0
     */
    public HeapRetainedTable(final long bucketWidthMs) {
        Verify.argument(bucketWidthMs > 0, "retention bucket width must be > 0 ms, got " + bucketWidthMs);
        this.bucketWidthMs = bucketWidthMs;
    }

    @Override
    public long bucketEndMs(final long expiresAtMs) {
        return RetainedCodec.bucketEndMs(expiresAtMs, bucketWidthMs);
    }

    @Override
    public void retain(final InvocationStatus completed, final long expiresAtMs) {
        final long bucket = bucketEndMs(expiresAtMs);
        Verify.that(rows.put(completed.id, RetainedCodec.encode(completed, expiresAtMs).toByteArray()) == null,
                "invocation " + completed.id + " is retained twice");
        bucketOf.put(completed.id, bucket);
        buckets.computeIfAbsent(bucket, b -> new ArrayList<>()).add(completed.id);
    }

    @Override
    public InvocationStatus get(final InvocationKey id) {
        final byte[] row = rows.get(id);
        return row == null ? null : RetainedCodec.decode(row, 0, row.length);
    }

    @Override
    public boolean remove(final InvocationKey id) {
        if (rows.remove(id) == null) {
            return false;
        }
        buckets.get(bucketOf.remove(id)).remove(id);
        return true;
    }

    @Override
    public long expireBuckets(final long bucketEndMs) {
        long removed = 0;
        final var expired = buckets.headMap(bucketEndMs, true);
        for (final List<InvocationKey> ids : expired.values()) {
            for (final InvocationKey id : ids) {
                rows.remove(id);
                bucketOf.remove(id);
                removed++;
            }
        }
        expired.clear();
        return removed;
    }

    @Override
    public long size() {
        return rows.size();
    }

    @Override
    public List<byte[]> snapshotRows(final long appliedLsn) {
        final List<byte[]> out = new ArrayList<>();
        for (final List<InvocationKey> ids : buckets.values()) {
            for (final InvocationKey id : ids) {
                out.add(rows.get(id).clone());
            }
        }
        return out;
    }

    /**
     * Loads the rows of {@link #snapshotRows} into this empty table.
     *
     * @param snapshotRows the rows
     * @throws IllegalStateException when the table is not empty or a row does not decode
     */
    void restoreRows(final List<byte[]> snapshotRows) {
        Verify.that(rows.isEmpty(), "a retained table is restored only when empty");
        for (final byte[] row : snapshotRows) {
            final InvocationStatus status = RetainedCodec.decode(row, 0, row.length);
            retain(status, RetainedCodec.expiresAtMs(row));
        }
    }
}
