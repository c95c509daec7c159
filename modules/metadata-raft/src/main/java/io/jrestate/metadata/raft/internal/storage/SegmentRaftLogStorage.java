package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.common.Verify;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SegmentLog;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The Raft log on {@code log-segments}: one {@link SegmentLog} (id {@value #RAFT_LOG_ID}) in a {@link LogStore} of
 * its own, so partition traffic never shares its fsyncs. The Raft index is the LSN. Each record's payload
 * (little-endian):
 *
 * <pre>
 *   +-------------+-----------+----------------+
 *   | term int64  | type int8 | data (the rest)|
 *   +-------------+-----------+----------------+
 * </pre>
 * The journal's record header already carries length, LSN and a CRC32C (see the log-segments OVERVIEW).
 *
 * <p>Writes are queued to the store's writer and become durable, in call order, by the time {@link #sync()}
 * returns (it waits for every future since the previous sync, so a batch costs one group commit). Mapping of the
 * operations:
 * <pre>
 *   append        appendBatch (appendAt for the first entry after a reset left a gap in the LSNs)
 *   truncateAfter truncateAfter(index): durable (after-LSN, journal position); stale records are hidden
 *   trimPrefix    trimPrefix(index)
 *   reset(i)      truncateAfter(i) if entries above i exist, then trimPrefix of every stored record; the next
 *                 append is appendAt(i + 1). Refused when i is below the store's trim point.
 * </pre>
 *
 * <p>Recovery ({@link #open}): the log-segments recovery table applies (torn tail cut, damage before the durable
 * marker refused, truncations replayed). On top of it:
 * <pre>
 *   store state                        || result
 *   no records, trim point T           || empty log: firstIndex T + 1, lastIndex T (the snapshot decides the rest)
 *   records F..L above trim point T    || entries F..L (F may exceed T + 1 after a reset: the gap is no entry)
 *   a refused (corrupt) range          || refuse to open: IOException naming the directory and the range
 * </pre>
 */
public final class SegmentRaftLogStorage implements RaftLogStorage, AutoCloseable {
    /** The log id of the Raft log inside its store. */
    public static final long RAFT_LOG_ID = 1;
    /** The directory name of the store inside the member's directory. */
    public static final String DIRECTORY = "raft-log-segments";
    /**
     * Journal segment length of the production store: small, as the log is compacted every few thousand entries;
     * it bounds an entry to about half of it (more than {@code MetadataCommand.VALUE_LENGTH_MAX_BYTES}).
     */
    public static final long SEGMENT_BYTES = 16L << 20;
    private static final int HEADER_BYTES = 9;
    private static final int READ_BATCH = 256;
    private static final int INVOKER_ROUNDS_MAX = 1000;

    private final Path dir;
    private final LogStore store;
    private final SegmentLog log;
    private final boolean invoker;
    private final List<CompletableFuture<?>> unsynced = new ArrayList<>();
    private long firstIndex;
    private long lastIndex;
    /** The last LSN given to the store (equals lastIndex except after a reset, which leaves a gap). */
    private long storeLast;
    /** The store's trim point as requested so far. */
    private long storeTrim;

    private SegmentRaftLogStorage(final Path dir, final LogStore store, final boolean invoker) {
        this.dir = dir;
        this.store = store;
        this.log = store.log(RAFT_LOG_ID);
        this.invoker = invoker;
    }

    /**
     * Opens the production log in {@code <memberDir>/}{@value #DIRECTORY} (dedicated writer thread).
     *
     * @param memberDir the member's directory
     * @return the log
     * @throws IOException when the store cannot be opened or is damaged
     */
    public static SegmentRaftLogStorage open(final Path memberDir) throws IOException {
        return open(memberDir.resolve(DIRECTORY), LogStoreOptions.builder().segmentBytes(SEGMENT_BYTES)
            .spareSegments(0).build());
    }

    /**
     * Opens (or creates) the log in a store directory with the given options (tests pass a faulty storage and the
     * INVOKER threading, in which {@link #sync()} runs the writer itself).
     *
     * @param storeDir the store's directory
     * @param options the store options
     * @return the log
     * @throws IOException when the store cannot be opened, or recovery refused a damaged range of the Raft log
     */
    public static SegmentRaftLogStorage open(final Path storeDir, final LogStoreOptions options) throws IOException {
        final LogStore store = LogStore.open(storeDir, options);
        final SegmentRaftLogStorage storage = new SegmentRaftLogStorage(storeDir, store,
            options.threading() == LogStoreOptions.Threading.INVOKER);
        try {
            storage.recover();
        } catch (final IOException | RuntimeException e) {
            store.close();
            throw e;
        }
        return storage;
    }

    private void recover() throws IOException {
        if (!log.corruptRanges().isEmpty()) {
            throw new IOException("raft log in " + dir + " is damaged in " + log.corruptRanges()
                + "; refusing to start on a log that may have lost acknowledged entries (restore a backup)");
        }
        storeTrim = log.metadata().trimPointLsn();
        storeLast = log.lastDurableLsn();
        lastIndex = storeLast;
        final long[] first = {lastIndex + 1};
        log.read(log.firstLsn(), 1, (lsn, payload) -> {
            first[0] = lsn;
            return false;
        });
        firstIndex = first[0];
    }

    @Override
    public long firstIndex() {
        return firstIndex;
    }

    @Override
    public long lastIndex() {
        return lastIndex;
    }

    @Override
    public List<Entry> read(final long from, final long toInclusive) throws IOException {
        Verify.argument(from >= firstIndex && toInclusive <= lastIndex, "read [" + from + ", " + toInclusive
            + "] outside stored [" + firstIndex + ", " + lastIndex + "] of the raft log in " + dir);
        sync();
        final List<Entry> entries = new ArrayList<>();
        long next = from;
        try {
            while (next <= toInclusive) {
                final int before = entries.size();
                next = log.read(next, READ_BATCH, (lsn, payload) -> {
                    if (lsn > toInclusive) {
                        return false;
                    }
                    entries.add(decode(lsn, payload));
                    return true;
                });
                if (entries.size() == before) {
                    break;
                }
            }
        } catch (final RuntimeException e) {
            throw new IOException("raft log in " + dir + ": reading [" + from + ", " + toInclusive + "] failed: "
                + e.getMessage(), e);
        }
        if (entries.size() != toInclusive - from + 1 || (!entries.isEmpty() && entries.getFirst().index() != from)) {
            throw new IOException("raft log in " + dir + ": read [" + from + ", " + toInclusive + "] returned "
                + entries.size() + " entries; the log has a hole");
        }
        return entries;
    }

    @Override
    public void truncateAfter(final long index) throws IOException {
        if (index >= lastIndex) {
            return;
        }
        Verify.argument(index >= firstIndex - 1, "cannot truncate after " + index + ", below the log start "
            + (firstIndex - 1) + " in " + dir);
        truncateStore(index);
        lastIndex = index;
    }

    private void truncateStore(final long index) throws IOException {
        if (index < storeLast) {
            if (index < storeTrim) {
                throw new IOException("raft log in " + dir + ": cannot drop entries after " + index
                    + ", below the trim point " + storeTrim);
            }
            unsynced.add(log.truncateAfter(index));
            storeLast = index;
        }
    }

    @Override
    public void append(final List<Entry> entries) throws IOException {
        for (int i = 0; i < entries.size(); i++) {
            Verify.argument(entries.get(i).index() == lastIndex + 1 + i, "append of index " + entries.get(i).index()
                + " after last index " + (lastIndex + i) + " of the raft log in " + dir);
        }
        if (entries.isEmpty()) {
            return;
        }
        final List<ByteBuffer> payloads = entries.stream().map(SegmentRaftLogStorage::encode).toList();
        final long first = entries.getFirst().index();
        if (first == storeLast + 1) {
            unsynced.add(log.appendBatch(payloads));
        } else {
            unsynced.add(log.appendAt(first, payloads.getFirst()));
            if (payloads.size() > 1) {
                unsynced.add(log.appendBatch(payloads.subList(1, payloads.size())));
            }
        }
        if (firstIndex > lastIndex) {
            firstIndex = first;
        }
        lastIndex = entries.getLast().index();
        storeLast = lastIndex;
    }

    @Override
    public void sync() throws IOException {
        for (final CompletableFuture<?> future : unsynced) {
            if (invoker) {
                for (int round = 0; round < INVOKER_ROUNDS_MAX && !future.isDone(); round++) {
                    store.doWork();
                }
                if (!future.isDone()) {
                    unsynced.clear();
                    throw new IOException("raft log in " + dir + ": write not done after " + INVOKER_ROUNDS_MAX
                        + " writer rounds");
                }
            }
            try {
                future.get();
            } catch (final ExecutionException e) {
                unsynced.clear();
                throw new IOException("raft log in " + dir + ": write failed: " + e.getCause(), e.getCause());
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("raft log in " + dir + ": interrupted while waiting for fsync", e);
            }
        }
        unsynced.clear();
    }

    @Override
    public void trimPrefix(final long index) throws IOException {
        if (index < firstIndex) {
            return;
        }
        if (index >= lastIndex) {
            reset(index);
            return;
        }
        unsynced.add(log.trimPrefix(index));
        storeTrim = Math.max(storeTrim, index);
        firstIndex = index + 1;
    }

    @Override
    public void reset(final long index) throws IOException {
        truncateStore(index);
        if (storeLast > storeTrim) {
            unsynced.add(log.trimPrefix(storeLast));
            storeTrim = storeLast;
        }
        firstIndex = index + 1;
        lastIndex = index;
    }

    private static ByteBuffer encode(final Entry entry) {
        final ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + entry.data().length)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(entry.term()).put((byte) entry.type().ordinal()).put(entry.data());
        return buffer.flip();
    }

    private Entry decode(final long lsn, final ByteBuffer payload) {
        final ByteBuffer in = payload.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < HEADER_BYTES) {
            throw new IllegalStateException("raft log in " + dir + ": record " + lsn + " is " + in.remaining()
                + " bytes, shorter than its " + HEADER_BYTES + "-byte header");
        }
        final long term = in.getLong();
        final int type = in.get();
        if (term < 1 || type < 0 || type >= EntryType.values().length) {
            throw new IllegalStateException("raft log in " + dir + ": record " + lsn + " has term " + term
                + " and type " + type + ", not a raft entry");
        }
        final byte[] data = new byte[in.remaining()];
        in.get(data);
        return new Entry(lsn, term, EntryType.values()[type], data);
    }

    /** Writes what is queued (after a sync nothing is) and closes the store. */
    @Override
    public void close() {
        store.close();
    }
}
