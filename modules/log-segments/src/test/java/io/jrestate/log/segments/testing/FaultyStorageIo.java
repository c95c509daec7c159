package io.jrestate.log.segments.testing;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;

/**
 * An in-memory {@link StorageIo} that models what a crash does to a Linux file system and injects faults: the
 * in-process version of LazyFS plus the fault list of the reliability test plan.
 *
 * <p>Model: every file has a <em>cached</em> image (what reads see) and a <em>durable</em> image (what survives
 * a power loss). {@code force} copies cached to durable; writes mark 4 KiB pages dirty. Names are durable only
 * after {@link #fsyncDirectory}. {@link #crash(CrashMode)} rebuilds the file system from the durable names and
 * images, keeping all, none or a seeded random subset of the dirty pages (not just a suffix), and invalidates every
 * open handle (later calls on them throw, so a store that "died" cannot write into its successor's files).
 *
 * <p>Faults, each armed by hand: failing fsyncs (once or from then on; a failed fsync marks the pages clean
 * without persisting them, as Linux does, so a later fsync "succeeds" without the data), short writes,
 * misdirected writes, a capacity limit that makes growing writes fail with "No space left on device", a bit flip
 * on a later {@code read}, and at-rest corruption of any byte. Thread-safe: every operation locks this object.
 *
 * <p>Used by this module's tests and shipped in its test jar for other modules (the Raft storage tests).
 */
public final class FaultyStorageIo implements StorageIo {
    /** Page size of the dirty-page model. */
    public static final int PAGE_BYTES = 4096;

    /** What a crash keeps of the pages written since their file's last successful fsync. */
    public enum CrashMode {
        /** Power loss with nothing lucky: every unsynced page is lost. */
        LOSE_UNSYNCED,
        /** Power loss with a seeded random subset of unsynced pages reaching the disk, in any order. */
        KEEP_RANDOM_PAGES,
        /** Process kill (kill -9): the page cache survives, so every write survives; names need no fsync. */
        KEEP_ALL
    }

    private final RandomGenerator random;
    private final Map<Path, Inode> files = new TreeMap<>();
    private final Map<Path, Inode> durableNames = new TreeMap<>();
    private final Set<Path> directories = new HashSet<>();
    private int generation;
    private long capacityBytes = Long.MAX_VALUE;
    private int forceFailuresPending;
    private boolean forceFailsAlways;
    private int shortWritesPending;
    private long misdirectDeltaBytes;
    private Path flipPath;
    private long flipPosition;
    private long forceCount;
    private volatile long forceDelayNs;
    private long crashAtForce = -1;
    private CrashMode crashAtForceMode;
    private long writeCount;

    /**
     * Creates an empty file system.
     *
     * @param random the source of every random choice (seed it from the test's seed)
     */
    public FaultyStorageIo(final RandomGenerator random) {
        this.random = random;
    }

    /** Makes the next {@code force} fail (once). */
    public synchronized void failNextForce() {
        forceFailuresPending++;
    }

    /**
     * Makes every {@code force} fail from now on, or stops doing so.
     *
     * @param fail true to fail
     */
    public synchronized void failAllForces(final boolean fail) {
        forceFailsAlways = fail;
    }

    /**
     * Crashes (power loss) when the {@code n}-th {@code force} from now is called, instead of syncing: the
     * call throws, and the data written since the last fsync is kept or lost per {@code mode}. This is the
     * "power fails during a commit" fault.
     *
     * @param n 1 for the next force
     * @param mode what survives
     */
    public synchronized void crashAtForce(final long n, final CrashMode mode) {
        crashAtForce = forceCount + n;
        crashAtForceMode = mode;
    }

    /**
     * Makes every file {@code force} take at least this long (outside the lock), like a real device flush.
     *
     * @param delayNs nanoseconds
     */
    public void forceDelayNs(final long delayNs) {
        forceDelayNs = delayNs;
    }

    /** Disarms pending {@link #failNextForce} failures (not {@link #failAllForces}). */
    public synchronized void cancelForceFailures() {
        forceFailuresPending = 0;
    }

    /** Disarms a pending {@link #crashAtForce}. */
    public synchronized void cancelCrashAtForce() {
        crashAtForce = -1;
    }

    /** Makes the next write transfer only part of its bytes. */
    public synchronized void shortWriteNext() {
        shortWritesPending++;
    }

    /**
     * Makes the next write land {@code deltaBytes} away from where it was aimed (a misdirected write).
     *
     * @param deltaBytes the displacement
     */
    public synchronized void misdirectNextWrite(final long deltaBytes) {
        misdirectDeltaBytes = deltaBytes;
    }

    /**
     * Limits the total length of all files; a write or file growth past it fails with ENOSPC.
     *
     * @param bytes the capacity ({@link Long#MAX_VALUE} for no limit)
     */
    public synchronized void capacityBytes(final long bytes) {
        capacityBytes = bytes;
    }

    /**
     * Flips the lowest bit of the byte at {@code position} in the result of the next {@code read} that covers it.
     *
     * @param path the file
     * @param position the byte
     */
    public synchronized void flipBitOnRead(final Path path, final long position) {
        flipPath = path;
        flipPosition = position;
    }

    /**
     * Corrupts a byte at rest (both images), as media corruption would.
     *
     * @param path the file
     * @param position the byte
     * @param xorMask bits to flip
     * @throws NoSuchFileException when the file does not exist
     */
    public synchronized void corrupt(final Path path, final long position, final int xorMask)
        throws NoSuchFileException {
        final Inode inode = existing(path);
        inode.data[(int) position] ^= (byte) xorMask;
        if (position < inode.durableSize) {
            inode.durable[(int) position] ^= (byte) xorMask;
        }
    }

    /**
     * Cuts a file at rest to a length (both images), as an offline mutator would.
     *
     * @param path the file
     * @param lengthBytes the new length
     * @throws NoSuchFileException when the file does not exist
     */
    public synchronized void truncateAtRest(final Path path, final long lengthBytes) throws NoSuchFileException {
        final Inode inode = existing(path);
        inode.size = Math.min(inode.size, lengthBytes);
        inode.durableSize = Math.min(inode.durableSize, lengthBytes);
        Arrays.fill(inode.data, (int) inode.size, inode.data.length, (byte) 0);
    }

    /**
     * Simulates a crash: rebuilds the durable state, invalidates open handles.
     *
     * @param mode what survives of unsynced writes
     */
    public synchronized void crash(final CrashMode mode) {
        generation++;
        final Map<Path, Inode> source = new TreeMap<>(mode == CrashMode.KEEP_ALL ? files : durableNames);
        final Map<Inode, Inode> rebuilt = new java.util.IdentityHashMap<>();
        files.clear();
        durableNames.clear();
        for (Map.Entry<Path, Inode> e : source.entrySet()) {
            final Inode after = rebuilt.computeIfAbsent(e.getValue(), old -> survivor(old, mode));
            files.put(e.getKey(), after);
            durableNames.put(e.getKey(), after);
        }
    }

    /**
     * A copy of a file's cached content (what reads see).
     *
     * @param path the file
     * @return its bytes
     * @throws NoSuchFileException when the file does not exist
     */
    public synchronized byte[] contents(final Path path) throws NoSuchFileException {
        final Inode inode = existing(path);
        return Arrays.copyOf(inode.data, (int) inode.size);
    }

    /**
     * Replaces a file's content at rest (both images, durable name), as an offline tool would.
     *
     * @param path the file
     * @param bytes the new content
     */
    public synchronized void replaceAtRest(final Path path, final byte[] bytes) {
        final Inode inode = new Inode();
        inode.ensureCapacity(bytes.length);
        System.arraycopy(bytes, 0, inode.data, 0, bytes.length);
        inode.size = bytes.length;
        inode.durable = Arrays.copyOf(bytes, bytes.length);
        inode.durableSize = bytes.length;
        files.put(path, inode);
        durableNames.put(path, inode);
    }

    /**
     * How many {@code force} calls succeeded or failed so far.
     *
     * @return the count
     */
    public synchronized long forceCount() {
        return forceCount;
    }

    /**
     * How many {@code write} calls were made so far.
     *
     * @return the count
     */
    public synchronized long writeCount() {
        return writeCount;
    }

    /**
     * A copy of this file system's durable state (names and durable images) in a fresh instance, for offline
     * mutation tests that start many times from one state.
     *
     * @param seed the copy's random seed
     * @return the copy
     */
    public synchronized FaultyStorageIo durableCopy(final long seed) {
        final FaultyStorageIo copy = new FaultyStorageIo(new java.util.SplittableRandom(seed));
        copy.directories.addAll(directories);
        for (Map.Entry<Path, Inode> e : durableNames.entrySet()) {
            copy.replaceAtRest(e.getKey(), Arrays.copyOf(e.getValue().durable, (int) e.getValue().durableSize));
        }
        return copy;
    }

    @Override
    public synchronized StorageFile open(final Path path, final OpenMode mode) throws IOException {
        Inode inode = files.get(path);
        if (mode == OpenMode.CREATE_NEW) {
            if (inode != null) {
                throw new java.nio.file.FileAlreadyExistsException(path.toString());
            }
            requireDirectory(path.getParent());
            inode = new Inode();
            files.put(path, inode);
        } else if (inode == null) {
            throw new NoSuchFileException(path.toString());
        }
        return new Handle(path, inode, generation, mode != OpenMode.READ);
    }

    @Override
    public synchronized void createDirectories(final Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            directories.add(p);
        }
    }

    @Override
    public synchronized List<Path> list(final Path dir) throws IOException {
        requireDirectory(dir);
        final List<Path> result = new ArrayList<>();
        for (Path p : files.keySet()) {
            if (dir.equals(p.getParent())) {
                result.add(p);
            }
        }
        return result;
    }

    @Override
    public synchronized boolean exists(final Path path) {
        return files.containsKey(path) || directories.contains(path);
    }

    @Override
    public synchronized void delete(final Path path) {
        files.remove(path);
    }

    @Override
    public synchronized void rename(final Path from, final Path to) throws IOException {
        final Inode inode = existing(from);
        requireDirectory(to.getParent());
        files.remove(from);
        files.put(to, inode);
    }

    @Override
    public synchronized void fsyncDirectory(final Path dir) throws IOException {
        requireDirectory(dir);
        forceCount++;
        if (forceCount == crashAtForce) {
            crash(crashAtForceMode);
            throw new IOException(dir + ": simulated power loss during directory fsync");
        }
        if (forceFails()) {
            throw new IOException(dir + ": Input/output error (injected directory fsync failure)");
        }
        durableNames.keySet().removeIf(p -> dir.equals(p.getParent()) && !files.containsKey(p));
        for (Map.Entry<Path, Inode> e : files.entrySet()) {
            if (dir.equals(e.getKey().getParent())) {
                durableNames.put(e.getKey(), e.getValue());
            }
        }
    }

    private boolean forceFails() {
        if (forceFailsAlways) {
            return true;
        }
        if (forceFailuresPending > 0) {
            forceFailuresPending--;
            return true;
        }
        return false;
    }

    private Inode survivor(final Inode old, final CrashMode mode) {
        final Inode fresh = new Inode();
        if (mode == CrashMode.KEEP_ALL) {
            fresh.ensureCapacity(old.size);
            System.arraycopy(old.data, 0, fresh.data, 0, (int) old.size);
            fresh.size = old.size;
        } else {
            fresh.ensureCapacity(Math.max(old.durableSize, old.size));
            System.arraycopy(old.durable, 0, fresh.data, 0, (int) old.durableSize);
            fresh.size = old.durableSize;
            if (mode == CrashMode.KEEP_RANDOM_PAGES) {
                keepRandomPages(old, fresh);
            }
        }
        fresh.durable = Arrays.copyOf(fresh.data, (int) fresh.size);
        fresh.durableSize = fresh.size;
        return fresh;
    }

    private void keepRandomPages(final Inode old, final Inode fresh) {
        for (int page = old.dirtyPages.nextSetBit(0); page >= 0; page = old.dirtyPages.nextSetBit(page + 1)) {
            final long start = (long) page * PAGE_BYTES;
            if (start >= old.size || !random.nextBoolean()) {
                continue;
            }
            final long end = Math.min(start + PAGE_BYTES, old.size);
            System.arraycopy(old.data, (int) start, fresh.data, (int) start, (int) (end - start));
            fresh.size = Math.max(fresh.size, end);
        }
    }

    private Inode existing(final Path path) throws NoSuchFileException {
        final Inode inode = files.get(path);
        if (inode == null) {
            throw new NoSuchFileException(path.toString());
        }
        return inode;
    }

    private void requireDirectory(final Path dir) throws NoSuchFileException {
        if (dir == null || !directories.contains(dir)) {
            throw new NoSuchFileException(String.valueOf(dir), null, "no such directory");
        }
    }

    private long usedBytes() {
        long used = 0;
        for (Inode inode : new java.util.HashSet<>(files.values())) {
            used += inode.size;
        }
        return used;
    }

    /** One file's two images and its dirty pages. */
    private static final class Inode {
        byte[] data = new byte[0];
        long size;
        byte[] durable = new byte[0];
        long durableSize;
        final BitSet dirtyPages = new BitSet();
        boolean mapped;

        /** Copies only the dirty pages to the durable image: pages "cleaned" by a failed fsync stay lost. */
        void persistDirtyPages() {
            final byte[] next = Arrays.copyOf(durable, (int) size);
            for (int page = dirtyPages.nextSetBit(0); page >= 0; page = dirtyPages.nextSetBit(page + 1)) {
                final long start = (long) page * PAGE_BYTES;
                if (start < size) {
                    final long end = Math.min(start + PAGE_BYTES, size);
                    System.arraycopy(data, (int) start, next, (int) start, (int) (end - start));
                }
            }
            durable = next;
            durableSize = size;
            dirtyPages.clear();
        }

        void ensureCapacity(final long needed) {
            if (needed > data.length) {
                if (mapped) {
                    throw new IllegalStateException("test file system: cannot grow a mapped file past "
                        + data.length + " bytes");
                }
                data = Arrays.copyOf(data, (int) Math.max(needed, Math.min(Integer.MAX_VALUE - 8, 2L * data.length)));
            }
        }
    }

    /** An open handle; dead after a crash. */
    private final class Handle implements StorageFile {
        private final Path path;
        private final Inode inode;
        private final int handleGeneration;
        private final boolean writable;
        private boolean closed;

        Handle(final Path path, final Inode inode, final int generation, final boolean writable) {
            this.path = path;
            this.inode = inode;
            this.handleGeneration = generation;
            this.writable = writable;
        }

        private void check() throws IOException {
            if (closed) {
                throw new java.nio.channels.ClosedChannelException();
            }
            if (handleGeneration != generation) {
                throw new IOException(path + ": file handle from before a simulated crash");
            }
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            synchronized (FaultyStorageIo.this) {
                check();
                if (position >= inode.size) {
                    return dst.hasRemaining() ? -1 : 0;
                }
                final int count = (int) Math.min(dst.remaining(), inode.size - position);
                final int start = dst.position();
                dst.put(inode.data, (int) position, count);
                if (path.equals(flipPath) && flipPosition >= position && flipPosition < position + count) {
                    final int at = start + (int) (flipPosition - position);
                    dst.put(at, (byte) (dst.get(at) ^ 1));
                    flipPath = null;
                }
                return count;
            }
        }

        @Override
        public int write(final ByteBuffer src, final long aimedPosition) throws IOException {
            synchronized (FaultyStorageIo.this) {
                check();
                if (!writable) {
                    throw new java.nio.channels.NonWritableChannelException();
                }
                writeCount++;
                final long position = aimedPosition + misdirectDeltaBytes;
                misdirectDeltaBytes = 0;
                int count = src.remaining();
                if (shortWritesPending > 0 && count > 1) {
                    shortWritesPending--;
                    count = count / 2;
                }
                final long end = position + count;
                if (end > inode.size && usedBytes() + (end - inode.size) > capacityBytes) {
                    throw new IOException(path + ": No space left on device");
                }
                inode.ensureCapacity(end);
                src.get(inode.data, (int) position, count);
                if (end > inode.size) {
                    inode.size = end;
                }
                if (count > 0) {
                    inode.dirtyPages.set((int) (position / PAGE_BYTES), (int) ((end - 1) / PAGE_BYTES) + 1);
                }
                return count;
            }
        }

        @Override
        public void force(final boolean metadata) throws IOException {
            if (forceDelayNs > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(forceDelayNs);
            }
            synchronized (FaultyStorageIo.this) {
                check();
                forceCount++;
                if (forceCount == crashAtForce) {
                    crash(crashAtForceMode);
                    throw new IOException(path + ": simulated power loss during fsync");
                }
                if (forceFails()) {
                    // Linux marks the pages clean after a writeback error: the data stays cached, not durable.
                    inode.dirtyPages.clear();
                    throw new IOException(path + ": Input/output error (injected fsync failure)");
                }
                inode.persistDirtyPages();
            }
        }

        @Override
        public long size() throws IOException {
            synchronized (FaultyStorageIo.this) {
                check();
                return inode.size;
            }
        }

        @Override
        public void truncate(final long lengthBytes) throws IOException {
            synchronized (FaultyStorageIo.this) {
                check();
                if (lengthBytes < inode.size) {
                    Arrays.fill(inode.data, (int) lengthBytes, (int) inode.size, (byte) 0);
                    inode.size = lengthBytes;
                }
            }
        }

        @Override
        public ByteBuffer mapReadOnly(final long position, final long lengthBytes) throws IOException {
            synchronized (FaultyStorageIo.this) {
                check();
                if (position + lengthBytes > inode.size) {
                    throw new IOException(path + ": cannot map past the end of the file");
                }
                inode.mapped = true;
                return ByteBuffer.wrap(inode.data, (int) position, (int) lengthBytes).slice().asReadOnlyBuffer();
            }
        }

        @Override
        public void close() {
            synchronized (FaultyStorageIo.this) {
                closed = true;
            }
        }
    }
}
