package io.jrestate.worker.internal.retained;

import io.jrestate.worker.internal.fsm.RetainedStorage;
import io.jrestate.worker.internal.fsm.RetainedTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One partition's {@link DiskRetainedStore} folder: opened empty when the partition replays its whole log,
 * restored to the {@link RetainedCheckpoint} a partition snapshot embeds otherwise. Owns the store it opened last
 * (closing an earlier one, e.g. after a snapshot that failed half-way through its restore).
 */
public final class DiskRetainedStorage implements RetainedStorage, AutoCloseable {
    private final Path dir;
    private final long bucketWidthMs;
    private DiskRetainedStore current;

    /**
     * Storage in a folder.
     *
     * @param dir the store's folder
     * @param bucketWidthMs the expiry bucket width for an empty store (a restored one keeps its checkpoint's)
     */
    public DiskRetainedStorage(final Path dir, final long bucketWidthMs) {
        this.dir = dir;
        this.bucketWidthMs = bucketWidthMs;
    }

    @Override
    public synchronized RetainedTable openEmpty() {
        close();
        try {
            current = DiskRetainedStore.openEmpty(dir, bucketWidthMs);
        } catch (final IOException e) {
            throw new UncheckedIOException("retained store " + dir + ": cannot open: " + e.getMessage(), e);
        }
        return current;
    }

    @Override
    public synchronized RetainedTable restore(final List<byte[]> snapshotRows) throws IOException {
        if (snapshotRows.size() != 1) {
            throw new IllegalArgumentException("expected one retained checkpoint row, found " + snapshotRows.size());
        }
        final RetainedCheckpoint checkpoint = RetainedCheckpoint.fromBytes(snapshotRows.getFirst());
        close();
        current = DiskRetainedStore.restore(dir, checkpoint);
        return current;
    }

    /**
     * How many invocations the open store retains.
     *
     * @return the count, 0 when no store is open
     */
    public synchronized long size() {
        return current == null ? 0 : current.size();
    }

    /** Closes the store opened last, if any. */
    @Override
    public synchronized void close() {
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
