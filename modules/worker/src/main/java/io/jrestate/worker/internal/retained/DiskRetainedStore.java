package io.jrestate.worker.internal.retained;

import io.jrestate.common.Verify;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.RetainedCodec;
import io.jrestate.worker.internal.fsm.RetainedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Retained completed invocations on disk behind a compact in-heap index (see {@code package-info} for the
 * files, the formats and the crash-safety argument).
 *
 * <p>Touched only on the partition's thread, like every table. An I/O failure throws
 * {@link UncheckedIOException}, which stops the partition (nothing is acknowledged from a failed apply).
 */
public final class DiskRetainedStore implements RetainedTable, AutoCloseable {
    private static final int OFFSET_BITS = 40;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
    private static final int SEGMENT_ID_MAX = (1 << 23) - 1;
    private final RetainedFiles files;
    private final long bucketWidthMs;
    private final RetainedIndex index = new RetainedIndex();
    private final TreeMap<Long, RetainedSegment> byBucket = new TreeMap<>();
    private final Map<Integer, RetainedSegment> byId = new HashMap<>();
    private final List<Path> expiredFiles = new ArrayList<>();
    private Set<Integer> protectedIds = new HashSet<>();
    private Set<Integer> lastCheckpointIds = Set.of();
    private int nextSegmentId;

    private DiskRetainedStore(final RetainedFiles files, final long bucketWidthMs, final int nextSegmentId) {
        Verify.argument(bucketWidthMs > 0, "retention bucket width must be > 0 ms, got " + bucketWidthMs);
        this.files = files;
        this.bucketWidthMs = bucketWidthMs;
        this.nextSegmentId = nextSegmentId;
    }

    /**
     * Opens an empty store in {@code dir}, deleting whatever an earlier run left there (for a partition whose
     * state is rebuilt by replaying its log from the start).
     *
     * @param dir the store's folder (created if missing)
     * @param bucketWidthMs the expiry bucket width
     * @return the store
     * @throws IOException when the folder cannot be prepared
     */
    public static DiskRetainedStore openEmpty(final Path dir, final long bucketWidthMs) throws IOException {
        return new DiskRetainedStore(RetainedFiles.openEmpty(dir), bucketWidthMs, 0);
    }

    /**
     * Reopens a store exactly as it was at a checkpoint: later appends are cut off, later segments deleted,
     * the index rebuilt from the segment files and the removals. Must be one of the two latest checkpoints.
     *
     * @param dir the store's folder
     * @param checkpoint the checkpoint (from {@link #readCheckpoint} or a partition snapshot)
     * @return the store
     * @throws IOException when a file is missing, short or corrupt (the message names it)
     */
    public static DiskRetainedStore restore(final Path dir, final RetainedCheckpoint checkpoint) throws IOException {
        final RetainedFiles files = RetainedFiles.openAt(dir, checkpoint);
        final DiskRetainedStore store = new DiskRetainedStore(files, checkpoint.bucketWidthMs(),
                checkpoint.nextSegmentId());
        try {
            for (final RetainedCheckpoint.Segment s : checkpoint.segments()) {
                final RetainedSegment segment = RetainedSegment.openAt(dir, s.id(), s.bucketEndMs(), s.lengthBytes());
                store.addSegment(segment);
                segment.scan((offset, body) -> {
                    final ByteBuffer key = ByteBuffer.wrap(body);
                    store.index.put(RetainedIndex.hash(key.getLong(), key.getLong(), key.getLong()),
                            position(segment.id, offset));
                });
            }
            files.forEachRemoval(store.index::remove);
            if (!checkpoint.equals(RetainedFiles.readCheckpoint(dir))) {
                files.writeCheckpoint(checkpoint);
            }
        } catch (final IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        store.lastCheckpointIds = ids(checkpoint);
        store.protectedIds = new HashSet<>(store.lastCheckpointIds);
        return store;
    }

    /**
     * The latest checkpoint the store committed in its folder.
     *
     * @param dir the store's folder
     * @return the checkpoint, or null when none was written
     * @throws IOException when the file cannot be read or is corrupt
     */
    public static RetainedCheckpoint readCheckpoint(final Path dir) throws IOException {
        return RetainedFiles.readCheckpoint(dir);
    }

    @Override
    public long bucketEndMs(final long expiresAtMs) {
        return RetainedCodec.bucketEndMs(expiresAtMs, bucketWidthMs);
    }

    @Override
    public void retain(final InvocationStatus completed, final long expiresAtMs) {
        final long bucketEnd = bucketEndMs(expiresAtMs);
        RetainedSegment segment = byBucket.get(bucketEnd);
        if (segment == null) {
            Verify.that(nextSegmentId <= SEGMENT_ID_MAX, "retained store " + files.dir() + ": segment ids exhausted");
            try {
                segment = RetainedSegment.create(files.dir(), nextSegmentId++, bucketEnd);
            } catch (final IOException e) {
                throw new UncheckedIOException("retained store " + files.dir() + ": cannot create a segment", e);
            }
            addSegment(segment);
        }
        final InvocationKey id = completed.id();
        final long offset = segment.append(id, RetainedCodec.encode(completed, expiresAtMs).toByteArray());
        Verify.that(offset <= OFFSET_MASK, "retained segment " + segment.path + " exceeds 1 TiB");
        index.put(RetainedIndex.hash(id.partitionKey(), id.uuidHigh(), id.uuidLow()), position(segment.id, offset));
    }

    @Override
    public InvocationStatus get(final InvocationKey id) {
        final int slot = find(id);
        if (slot < 0) {
            return null;
        }
        final byte[] body = bodyAt(index.positionAt(slot));
        return RetainedCodec.decode(body, RetainedSegment.KEY_BYTES, body.length - RetainedSegment.KEY_BYTES);
    }

    @Override
    public boolean remove(final InvocationKey id) {
        final int slot = find(id);
        if (slot < 0) {
            return false;
        }
        files.appendRemoval(index.hashAt(slot), index.positionAt(slot));
        index.removeSlot(slot);
        return true;
    }

    @Override
    public long expireBuckets(final long bucketEndMs) {
        final var expired = byBucket.headMap(bucketEndMs, true);
        if (expired.isEmpty()) {
            return 0;
        }
        final Set<Integer> expiredIds = new HashSet<>();
        for (final RetainedSegment segment : expired.values()) {
            expiredIds.add(segment.id);
        }
        final long removed = index.removeIf(position -> expiredIds.contains(segmentIdOf(position)));
        for (final RetainedSegment segment : List.copyOf(expired.values())) {
            byId.remove(segment.id);
            closeQuietly(segment);
            if (protectedIds.contains(segment.id)) {
                expiredFiles.add(segment.path);
            } else {
                files.delete(segment.path);
            }
        }
        expired.clear();
        return removed;
    }

    @Override
    public long size() {
        return index.size();
    }

    /**
     * Fsyncs every file and records the store's position at {@code appliedLsn} (the LSN of the last record
     * applied to the partition state that owns this store) in the store's checkpoint file. Files expired since
     * the checkpoint before the previous one are deleted now.
     *
     * @param appliedLsn the partition's applied LSN
     * @return the checkpoint (partition snapshots embed it)
     */
    public RetainedCheckpoint checkpoint(final long appliedLsn) {
        final List<RetainedCheckpoint.Segment> segments = new ArrayList<>();
        try {
            for (final RetainedSegment segment : byBucket.values()) {
                segment.force();
                segments.add(new RetainedCheckpoint.Segment(segment.id, segment.bucketEndMs, segment.lengthBytes()));
            }
            final RetainedCheckpoint checkpoint = new RetainedCheckpoint(appliedLsn, bucketWidthMs, nextSegmentId,
                    files.forceRemovals(), segments);
            files.writeCheckpoint(checkpoint);
            final Set<Integer> now = ids(checkpoint);
            protectedIds = new HashSet<>(now);
            protectedIds.addAll(lastCheckpointIds);
            lastCheckpointIds = now;
            for (final Path path : List.copyOf(expiredFiles)) {
                if (!protectedIds.contains(segmentIdOf(path))) {
                    files.delete(path);
                    expiredFiles.remove(path);
                }
            }
            return checkpoint;
        } catch (final IOException e) {
            throw new UncheckedIOException("retained store " + files.dir() + ": checkpoint failed", e);
        }
    }

    @Override
    public List<byte[]> snapshotRows(final long appliedLsn) {
        return List.of(checkpoint(appliedLsn).toBytes());
    }

    /**
     * Bytes in live segment files.
     *
     * @return the total
     */
    public long diskBytes() {
        long total = 0;
        for (final RetainedSegment segment : byBucket.values()) {
            total += segment.lengthBytes();
        }
        return total;
    }

    /**
     * Number of live segment files.
     *
     * @return the count
     */
    public int segmentCount() {
        return byBucket.size();
    }

    @Override
    public void close() {
        for (final RetainedSegment segment : byBucket.values()) {
            closeQuietly(segment);
        }
        files.close();
    }

    private int find(final InvocationKey id) {
        final long hash = RetainedIndex.hash(id.partitionKey(), id.uuidHigh(), id.uuidLow());
        for (int slot = index.firstSlot(hash); !index.isEmpty(slot); slot = index.next(slot)) {
            if (index.hashAt(slot) == hash && sameId(bodyAt(index.positionAt(slot)), id)) {
                return slot;
            }
        }
        return -1;
    }

    private byte[] bodyAt(final long position) {
        final RetainedSegment segment = byId.get(segmentIdOf(position));
        Verify.that(segment != null, "retained index points at a missing segment " + segmentIdOf(position));
        return segment.readBody(position & OFFSET_MASK);
    }

    private static boolean sameId(final byte[] body, final InvocationKey id) {
        final ByteBuffer key = ByteBuffer.wrap(body);
        return key.getLong() == id.partitionKey() && key.getLong() == id.uuidHigh() && key.getLong() == id.uuidLow();
    }

    private void addSegment(final RetainedSegment segment) {
        byBucket.put(segment.bucketEndMs, segment);
        byId.put(segment.id, segment);
    }

    private static long position(final int segmentId, final long offset) {
        return (long) segmentId << OFFSET_BITS | offset;
    }

    private static int segmentIdOf(final long position) {
        return (int) (position >>> OFFSET_BITS);
    }

    private static int segmentIdOf(final Path path) {
        final String name = path.getFileName().toString();
        return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1, name.length() - ".seg".length()));
    }

    private static Set<Integer> ids(final RetainedCheckpoint checkpoint) {
        final Set<Integer> ids = new HashSet<>();
        for (final RetainedCheckpoint.Segment s : checkpoint.segments()) {
            ids.add(s.id());
        }
        return ids;
    }

    private static void closeQuietly(final RetainedSegment segment) {
        try {
            segment.close();
        } catch (final IOException e) {
            System.getLogger(DiskRetainedStore.class.getName()).log(System.Logger.Level.WARNING,
                    "retained segment " + segment.path + ": close failed", e);
        }
    }
}
