package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Preallocated, zero-filled, fsynced spare segment files ({@code spare-N.spare}) waiting to become journal
 * segments. Zero-filling in advance keeps block allocation and journal commits out of the append path (an
 * fdatasync on a file whose extents do not change flushes only data) and turns a full disk into a clean error
 * when a spare is created, never in the middle of a write. Thread-safe.
 */
public final class SparePool {
    private static final int ZERO_CHUNK_BYTES = 1 << 20;
    private final StorageIo io;
    private final Path dir;
    private final long segmentBytes;
    private final Deque<Path> ready = new ArrayDeque<>();
    private long nextNumber;

    /**
     * Creates the pool for a journal directory.
     *
     * @param io the storage
     * @param dir the journal directory
     * @param segmentBytes the length of every spare
     */
    public SparePool(final StorageIo io, final Path dir, final long segmentBytes) {
        this.io = io;
        this.dir = dir;
        this.segmentBytes = segmentBytes;
    }

    /**
     * Adopts the spares found at startup (deletes unfinished or wrongly sized ones).
     *
     * @throws IOException on failure
     */
    public synchronized void recover() throws IOException {
        boolean deleted = false;
        for (Path p : io.list(dir)) {
            final String name = p.getFileName().toString();
            if (!name.startsWith("spare-")) {
                continue;
            }
            nextNumber = Math.max(nextNumber, number(name) + 1);
            boolean keep = false;
            if (name.endsWith(".spare")) {
                try (StorageFile f = io.open(p, StorageIo.OpenMode.READ)) {
                    keep = f.size() == segmentBytes;
                }
            }
            if (keep) {
                ready.add(p);
            } else {
                io.delete(p);
                deleted = true;
            }
        }
        if (deleted) {
            io.fsyncDirectory(dir);
        }
    }

    private static long number(final String name) {
        final int dot = name.indexOf('.');
        try {
            return Long.parseLong(name.substring("spare-".length(), dot < 0 ? name.length() : dot));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * Takes a ready spare.
     *
     * @return its path, or null when none is ready
     */
    public synchronized Path take() {
        return ready.poll();
    }

    /**
     * Spares ready.
     *
     * @return count
     */
    public synchronized int size() {
        return ready.size();
    }

    /**
     * Creates one spare: zero-fill a temporary file, fsync it, rename it, fsync the directory.
     * On failure (a full disk) the temporary file is removed and nothing is added.
     *
     * @throws IOException on failure; {@link StorageIo#isNoSpace} tells a full disk
     */
    public void create() throws IOException {
        final long number;
        synchronized (this) {
            number = nextNumber++;
        }
        final Path tmp = dir.resolve("spare-" + number + ".tmp");
        final Path done = dir.resolve("spare-" + number + ".spare");
        try {
            try (StorageFile f = io.open(tmp, StorageIo.OpenMode.CREATE_NEW)) {
                final ByteBuffer zeros = ByteBuffer.allocateDirect(ZERO_CHUNK_BYTES);
                for (long at = 0; at < segmentBytes; at += ZERO_CHUNK_BYTES) {
                    zeros.clear().limit((int) Math.min(ZERO_CHUNK_BYTES, segmentBytes - at));
                    f.writeFully(zeros, at);
                }
                f.force(true);
            }
            io.rename(tmp, done);
            io.fsyncDirectory(dir);
        } catch (IOException e) {
            try {
                io.delete(tmp);
                io.delete(done);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        synchronized (this) {
            ready.add(done);
        }
    }
}
