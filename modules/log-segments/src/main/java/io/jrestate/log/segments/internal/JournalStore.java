package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.CorruptRange;
import io.jrestate.log.segments.LogClosedException;
import io.jrestate.log.segments.LogFencedException;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SegmentLog;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.log.segments.StoreCut;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/** The {@link LogStore} implementation: wiring, request intake, metadata changes, fencing and shutdown. */
public final class JournalStore implements LogStore {
    private static final System.Logger LOG = System.getLogger(JournalStore.class.getName());
    private final Path dir;
    private final Path journalDir;
    private final LogStoreOptions options;
    private final long storeId;
    private final MetadataFile metadataFile;
    private final Segments segments = new Segments();
    private final SparePool spares;
    private final ConcurrentMap<Long, JournalLog> logs = new ConcurrentHashMap<>();
    private final BlockingQueue<Request> queue;
    private final Committer committer;
    private final Object spareSignal = new Object();
    private final ReentrantLock commitLock = new ReentrantLock();
    private long firstSegmentSeq = 1;
    private volatile LogStoreException down;
    private volatile boolean closing;
    private volatile boolean writerParkedUntilWork;
    private Thread writerThread;
    private Thread preallocatorThread;

    private JournalStore(final Path dir, final LogStoreOptions options, final long storeId, final MetadataFile meta) {
        this.dir = dir;
        this.journalDir = dir.resolve("journal");
        this.options = options;
        this.storeId = storeId;
        this.metadataFile = meta;
        this.spares = new SparePool(options.io(), journalDir, options.segmentBytes());
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.committer = new Committer(this);
    }

    /**
     * Opens or creates a store and recovers it (see {@link LogStore#open}).
     *
     * @param dir the directory
     * @param options the options
     * @return the store
     * @throws IOException on I/O failure
     */
    public static JournalStore open(final Path dir, final LogStoreOptions options) throws IOException {
        final StorageIo io = options.io();
        final Path journal = dir.resolve("journal");
        io.createDirectories(journal);
        final List<Path> segmentFiles = new ArrayList<>();
        for (Path p : io.list(journal)) {
            if (p.getFileName().toString().endsWith(".seg")) {
                segmentFiles.add(p);
            }
        }
        final long storeId = StoreMarker.readOrCreate(io, dir, options.random().nextLong(), segmentFiles.isEmpty());
        final MetadataFile.Loaded loaded = MetadataFile.load(io, dir, storeId);
        final JournalStore store = new JournalStore(dir, options, storeId, loaded.file());
        for (LogMeta m : loaded.logs()) {
            store.logs.put(m.logId(), new JournalLog(store, m));
        }
        try {
            new Recovery(store).run(segmentFiles);
            store.spares.recover();
            if (store.segments.active() == null) {
                store.committer.roll();
            }
        } catch (IOException | RuntimeException e) {
            store.closeFiles();
            throw e;
        }
        store.start();
        return store;
    }

    private void start() {
        if (options.threading() != LogStoreOptions.Threading.DEDICATED) {
            return;
        }
        writerThread = Thread.ofPlatform().name("log-store-writer-" + dir.getFileName()).daemon(true)
            .unstarted(this::writerLoop);
        writerThread.start();
        if (options.spareSegments() > 0) {
            preallocatorThread = Thread.ofPlatform().name("log-store-prealloc-" + dir.getFileName()).daemon(true)
                .unstarted(this::preallocatorLoop);
            preallocatorThread.start();
        }
    }

    // ---- request intake ----

    void submit(final Request request) {
        if (down != null) {
            request.fail(down);
            return;
        }
        if (closing) {
            request.fail(new LogClosedException("log store " + dir + " is closed"));
            return;
        }
        if (options.threading() == LogStoreOptions.Threading.INVOKER) {
            if (!queue.offer(request)) {
                request.fail(new LogStoreException("log store " + dir + ": request queue full ("
                    + options.queueCapacity() + "); run doWork()"));
            }
            return;
        }
        if (commitLock.isHeldByCurrentThread()) {
            // A completion callback appending from inside a commit: queue it for the next batch, never nest.
            if (!queue.offer(request)) {
                request.fail(new LogStoreException("log store " + dir + ": request queue full while appending from"
                    + " a completion callback; use the *Async callback methods"));
            }
            return;
        }
        if (options.inlineCommit() && !(request instanceof Request.Hold) && commitLock.tryLock()) {
            commitInline(request);
            return;
        }
        try {
            queue.put(request);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request.fail(new LogStoreException("interrupted while queueing a request for log store " + dir, e));
            return;
        }
        LockSupport.unpark(writerThread);
        if (closing && queue.remove(request)) {
            request.fail(new LogClosedException("log store " + dir + " is closed"));
        }
    }

    /**
     * Leader commit: no commit is running, so the calling thread commits the queue itself, its own request last
     * (requests never leave the queue outside the commit lock, so every thread's requests keep their order).
     * This saves the two thread hand-offs of the writer thread when appends are not concurrent.
     */
    private void commitInline(final Request request) {
        try {
            if (closing || down != null) {
                request.fail(down != null ? down : new LogClosedException("log store " + dir + " is closed"));
                return;
            }
            while (!queue.offer(request)) {
                committer.process(drain(null));
            }
            for (int round = 0; round <= options.queueCapacity() && !request.isDone(); round++) {
                committer.process(drain(null));
            }
        } finally {
            commitLock.unlock();
        }
        segments.closeUnused(false);
        if (!queue.isEmpty() || writerParkedUntilWork) {
            // Queued work, or a marker that now lags while the writer sleeps without a timeout.
            LockSupport.unpark(writerThread);
        }
    }

    @Override
    public int doWork() {
        if (options.threading() != LogStoreOptions.Threading.INVOKER) {
            throw new IllegalStateException("doWork() is for INVOKER threading; this store has a writer thread");
        }
        final List<Request> batch = drain(null);
        if (batch.isEmpty()) {
            committer.idle();
        } else {
            committer.process(batch);
        }
        segments.closeUnused(false);
        return batch.size();
    }

    private List<Request> drain(final Request first) {
        final List<Request> batch = new ArrayList<>();
        long bytes = 0;
        Request next = first != null ? first : queue.poll();
        while (next != null) {
            batch.add(next);
            if (next instanceof Request.Append a) {
                bytes += a.payloadBytes;
            }
            if (batch.size() >= options.batchRecordsMax() || bytes >= options.batchBytesMax()) {
                break;
            }
            next = queue.poll();
        }
        return batch;
    }

    private void writerLoop() {
        try {
            while (!closing || !queue.isEmpty()) {
                final boolean worked;
                boolean markerLags = false;
                commitLock.lock();
                try {
                    if (!queue.isEmpty() && options.batchDelayNs() > 0) {
                        waitForBatch();
                    }
                    final List<Request> batch = drain(null);
                    worked = !batch.isEmpty();
                    if (worked) {
                        committer.process(batch);
                    } else {
                        committer.idle();
                        markerLags = committer.markerLags();
                    }
                } finally {
                    commitLock.unlock();
                }
                segments.closeUnused(false);
                if (!worked && queue.isEmpty() && !closing) {
                    if (markerLags) {
                        LockSupport.parkNanos(this, options.markerIdleNs());
                    } else {
                        writerParkedUntilWork = true;
                        if (queue.isEmpty() && !closing) {
                            LockSupport.park(this);
                        }
                        writerParkedUntilWork = false;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            fence("log store writer crashed", e);
        }
    }

    private void waitForBatch() throws InterruptedException {
        final long deadline = options.nanoClock().getAsLong() + options.batchDelayNs();
        while (queue.size() + 1 < options.batchRecordsMax()) {
            final long left = deadline - options.nanoClock().getAsLong();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, 100_000));
        }
    }

    private void preallocatorLoop() {
        int failures = 0;
        while (!closing) {
            try {
                synchronized (spareSignal) {
                    if (spares.size() >= options.spareSegments()) {
                        spareSignal.wait();
                        continue;
                    }
                }
                spares.create();
                failures = 0;
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                failures++;
                LOG.log(System.Logger.Level.WARNING, "cannot preallocate a spare journal segment in " + journalDir
                    + " (attempt " + failures + "): " + e.getMessage());
                try {
                    Thread.sleep(Math.min(10_000, 100L << Math.min(failures, 7)));
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    void sparesWanted() {
        synchronized (spareSignal) {
            spareSignal.notifyAll();
        }
    }

    // ---- backup cuts (writer thread) ----

    @Override
    public CompletableFuture<StoreCut> holdForBackup(final Duration maxHold) {
        final long maxHoldNs = maxHold.toNanos();
        if (maxHoldNs <= 0) {
            throw new IllegalArgumentException("maxHold must be positive, got " + maxHold);
        }
        final CompletableFuture<StoreCut> future = new CompletableFuture<>();
        submit(new Request.Hold(maxHoldNs, future));
        return future;
    }

    /**
     * Captures a cut after every earlier request was committed, hands it out, then (with a writer thread) holds
     * the writer, and so every later append, until the cut is released or its hold limit passed.
     */
    void hold(final Request.Hold request) {
        final Segment[] all = segments.snapshot();
        final TreeMap<Long, Long> lsns = new TreeMap<>();
        for (JournalLog log : logs.values()) {
            if (!log.meta().isEmpty() || log.lastDurableLsn() > 0) {
                lsns.put(log.logId(), log.lastDurableLsn());
            }
        }
        final byte[] meta = toArray(MetadataCodec.encode(new MetadataCodec.Contents(metadataFile.sequence(), storeId,
            allMeta(null))));
        final JournalCut cut = new JournalCut(segments, all, StoreMarker.encode(storeId), meta, lsns);
        if (!request.future.complete(cut)) {
            cut.close();
            return;
        }
        if (options.threading() == LogStoreOptions.Threading.DEDICATED) {
            cut.awaitRelease(request.maxHoldNs, dir);
        }
    }

    private static byte[] toArray(final java.nio.ByteBuffer buffer) {
        final byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    // ---- metadata changes (writer thread) ----

    void control(final Request.Control c) {
        final JournalLog log = c.log();
        final LogMeta m = log.meta();
        try {
            switch (c.kind) {
                case TRIM -> trim(log, m, c.value);
                case TRUNCATE -> truncate(log, m, c.value);
                case SEAL -> writeMeta(log, new LogMeta(m.logId(), m.trimPointLsn(), true, m.sequencer(),
                    m.truncations()));
                case BIND -> writeMeta(log, new LogMeta(m.logId(), m.trimPointLsn(), m.sealed(), c.value,
                    m.truncations()));
            }
            c.future.complete(null);
        } catch (IOException e) {
            fence("log " + log.logId() + ": metadata " + c.kind + " failed", e);
            c.fail(down);
        } catch (RuntimeException e) {
            c.fail(e);
        }
    }

    private void trim(final JournalLog log, final LogMeta m, final long lsn) throws IOException {
        final long point = Math.min(lsn, log.lastAssignedLsn());
        if (point <= m.trimPointLsn()) {
            return;
        }
        writeMeta(log, new LogMeta(m.logId(), point, m.sealed(), m.sequencer(), m.truncations()));
        deleteTrimmedSegments();
    }

    private void truncate(final JournalLog log, final LogMeta m, final long afterLsn) throws IOException {
        final boolean liftsRefusal = log.corruptRanges().stream().anyMatch(r -> r.toLsn() > afterLsn);
        if (afterLsn >= log.lastAssignedLsn() && !liftsRefusal) {
            return;
        }
        if (afterLsn < m.trimPointLsn()) {
            throw new IllegalArgumentException("log " + log.logId() + ": cannot truncate after " + afterLsn
                + ", below the trim point " + m.trimPointLsn());
        }
        final Segment active = segments.active();
        final LogMeta.Truncation t = new LogMeta.Truncation(afterLsn, active.seq(), active.writePosition());
        final List<LogMeta.Truncation> list = new ArrayList<>(m.truncations());
        list.add(t);
        final LogMeta next = new LogMeta(m.logId(), m.trimPointLsn(), m.sealed(), m.sequencer(), list);
        metadataFile.write(storeId, allMeta(next));
        log.applyTruncation(next, afterLsn);
    }

    private void writeMeta(final JournalLog log, final LogMeta next) throws IOException {
        metadataFile.write(storeId, allMeta(next));
        log.applyMeta(next);
    }

    /** Every log's metadata with one replaced (none when null); drops truncations older than the oldest segment. */
    private List<LogMeta> allMeta(final LogMeta replaced) {
        final Segment[] all = segments.snapshot();
        final long oldest = all.length == 0 ? 0 : all[0].seq();
        final List<LogMeta> result = new ArrayList<>();
        for (JournalLog l : logs.values()) {
            final LogMeta m = replaced != null && l.logId() == replaced.logId() ? replaced : l.meta();
            final List<LogMeta.Truncation> kept = m.truncations().stream().filter(t -> t.segmentSeq() >= oldest)
                .toList();
            final LogMeta pruned = new LogMeta(m.logId(), m.trimPointLsn(), m.sealed(), m.sequencer(), kept);
            if (!pruned.isEmpty()) {
                result.add(pruned);
            }
        }
        result.sort((a, b) -> Long.compare(a.logId(), b.logId()));
        return result;
    }

    /** Deletes the oldest segments while every record in them is trimmed (never the active one). */
    private void deleteTrimmedSegments() {
        boolean deleted = false;
        Segment[] all = segments.snapshot();
        while (all.length > 1 && fullyTrimmed(all[0])) {
            final Segment oldest = segments.removeOldest();
            try {
                options.io().delete(oldest.path());
                deleted = true;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot delete trimmed segment " + oldest.path(), e);
            }
            all = segments.snapshot();
        }
        if (deleted) {
            try {
                options.io().fsyncDirectory(journalDir);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot fsync " + journalDir + " after deleting segments", e);
            }
        }
    }

    private boolean fullyTrimmed(final Segment segment) {
        for (var e : segment.maxLsnByLog().entrySet()) {
            final JournalLog log = logs.get(e.getKey());
            if (log == null || e.getValue() > log.meta().trimPointLsn()) {
                return false;
            }
        }
        return true;
    }

    // ---- failure and shutdown ----

    /**
     * Fences the store after an I/O error: nothing more is acknowledged; every queued request and waiter fails.
     *
     * @param what what failed
     * @param cause the error
     */
    void fence(final String what, final Throwable cause) {
        synchronized (this) {
            if (down == null) {
                down = new LogFencedException("log store " + dir + " fenced: " + what, cause);
                LOG.log(System.Logger.Level.ERROR, down.getMessage(), cause);
            }
        }
        failEverything(down);
    }

    private void failEverything(final LogStoreException error) {
        final List<Request> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(r -> r.fail(error));
        logs.values().forEach(l -> l.failWaiters(error));
    }

    LogStoreException downReason() {
        return down;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        if (writerThread != null) {
            LockSupport.unpark(writerThread);
            joinQuietly(writerThread);
        } else if (down == null) {
            committer.process(drain(null));
        }
        commitLock.lock();
        commitLock.unlock();
        if (preallocatorThread != null) {
            preallocatorThread.interrupt();
            joinQuietly(preallocatorThread);
        }
        final LogClosedException closed = new LogClosedException("log store " + dir + " is closed");
        failEverything(closed);
        if (down == null) {
            final Segment active = segments.active();
            try {
                if (active != null && active.markerEnd() < active.durableEnd()) {
                    active.writeMarker(active.durableEnd(), 0);
                    active.file().force(false);
                }
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot write the final marker of " + active.path(), e);
            }
        }
        closeFiles();
    }

    private static void joinQuietly(final Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeFiles() {
        for (Segment s : segments.snapshot()) {
            try {
                s.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "cannot close " + s.path(), e);
            }
        }
        segments.closeUnused(true);
    }

    // ---- accessors ----

    @Override
    public SegmentLog log(final long logId) {
        return logOf(logId);
    }

    JournalLog logOf(final long logId) {
        return logs.computeIfAbsent(logId, id -> new JournalLog(this, LogMeta.empty(id)));
    }

    @Override
    public List<Long> logIds() {
        return logs.keySet().stream().sorted().toList();
    }

    @Override
    public long storeId() {
        return storeId;
    }

    @Override
    public List<CorruptRange> corruptRanges() {
        final List<CorruptRange> all = new ArrayList<>();
        for (Long id : logIds()) {
            all.addAll(logs.get(id).corruptRanges());
        }
        return all;
    }

    LogStoreOptions options() {
        return options;
    }

    Segments segments() {
        return segments;
    }

    SparePool spares() {
        return spares;
    }

    Path journalDir() {
        return journalDir;
    }

    long firstSegmentSeq() {
        return firstSegmentSeq;
    }

    void firstSegmentSeq(final long seq) {
        firstSegmentSeq = seq;
    }

    ConcurrentMap<Long, JournalLog> logs() {
        return logs;
    }
}
