package io.jrestate.log.segments.internal;

import io.jrestate.common.Verify;
import io.jrestate.log.segments.CorruptLogException;
import io.jrestate.log.segments.CorruptRange;
import io.jrestate.log.segments.LogMetadata;
import io.jrestate.log.segments.LogSealedException;
import io.jrestate.log.segments.RecordVisitor;
import io.jrestate.log.segments.SegmentLog;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * One log of a {@link JournalStore}. Its state is guarded by {@code this}; {@code lastAssignedLsn} and the
 * index bookkeeping fields are touched by the writer thread only.
 */
public final class JournalLog implements SegmentLog {
    private final JournalStore store;
    private final long logId;
    private final SparseIndex index = new SparseIndex();
    private final TreeMap<Long, List<CompletableFuture<Void>>> waiters = new TreeMap<>();
    private LogMeta meta;
    private long lastDurableLsn;
    private List<CorruptRange> refused = List.of();
    private long lastAssignedLsn;
    private long lastRecoveredRecordLsn;
    private int recordsSinceIndexEntry;
    private long lastIndexedSegment = -1;
    private boolean indexAfterTruncation;

    JournalLog(final JournalStore store, final LogMeta meta) {
        this.store = store;
        this.logId = meta.logId();
        this.meta = meta;
        this.lastDurableLsn = meta.trimPointLsn();
        this.lastAssignedLsn = meta.trimPointLsn();
    }

    @Override
    public long logId() {
        return logId;
    }

    @Override
    public CompletableFuture<Long> append(final ByteBuffer payload) {
        return appendBatch(List.of(payload));
    }

    @Override
    public CompletableFuture<Long> appendBatch(final List<ByteBuffer> payloads) {
        Verify.argument(!payloads.isEmpty(), "log " + logId + ": appendBatch needs at least one record");
        final CompletableFuture<Long> future = new CompletableFuture<>();
        store.submit(new Request.Append(this, 0, List.copyOf(payloads), future));
        return future;
    }

    @Override
    public CompletableFuture<Long> appendAt(final long lsn, final ByteBuffer payload) {
        Verify.argument(lsn > 0, "log " + logId + ": lsn must be positive, got " + lsn);
        final CompletableFuture<Long> future = new CompletableFuture<>();
        store.submit(new Request.Append(this, lsn, List.of(payload), future));
        return future;
    }

    @Override
    public CompletableFuture<Void> trimPrefix(final long lsnInclusive) {
        return control(Request.Control.Kind.TRIM, lsnInclusive);
    }

    @Override
    public CompletableFuture<Void> truncateAfter(final long lsn) {
        Verify.argument(lsn >= 0, "log " + logId + ": truncateAfter needs lsn >= 0, got " + lsn);
        return control(Request.Control.Kind.TRUNCATE, lsn);
    }

    @Override
    public CompletableFuture<Void> seal() {
        return control(Request.Control.Kind.SEAL, 1);
    }

    @Override
    public CompletableFuture<Void> bindSequencer(final long sequencer) {
        Verify.argument(sequencer != 0, "log " + logId + ": sequencer binding must not be 0");
        return control(Request.Control.Kind.BIND, sequencer);
    }

    private CompletableFuture<Void> control(final Request.Control.Kind kind, final long value) {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        store.submit(new Request.Control(this, kind, value, future));
        return future;
    }

    @Override
    public synchronized LogMetadata metadata() {
        return new LogMetadata(logId, meta.trimPointLsn(), meta.sealed(), meta.sequencer(), lastDurableLsn);
    }

    @Override
    public synchronized long firstLsn() {
        return meta.trimPointLsn() + 1;
    }

    @Override
    public synchronized long lastDurableLsn() {
        return lastDurableLsn;
    }

    @Override
    public synchronized List<CorruptRange> corruptRanges() {
        return refused;
    }

    @Override
    public CompletableFuture<Void> awaitAppended(final long lsn) {
        final CompletableFuture<Void> future = new CompletableFuture<>();
        synchronized (this) {
            if (lastDurableLsn >= lsn) {
                future.complete(null);
                return future;
            }
            waiters.computeIfAbsent(lsn, k -> new ArrayList<>(1)).add(future);
        }
        final Throwable down = store.downReason();
        if (down != null) {
            failWaiters(down);
        }
        return future;
    }

    @Override
    public long read(final long fromLsn, final int maxRecords, final RecordVisitor visitor) {
        Verify.argument(fromLsn > 0 && maxRecords > 0, "log " + logId + ": read needs fromLsn > 0 and maxRecords > 0");
        final long trim;
        final long durable;
        final long start;
        final List<LogMeta.Truncation> truncations;
        final List<CorruptRange> ranges;
        synchronized (this) {
            trim = meta.trimPointLsn();
            durable = lastDurableLsn;
            start = Math.max(fromLsn, trim + 1);
            truncations = meta.truncations();
            ranges = refused;
        }
        if (fromLsn <= trim) {
            visitor.onTrimGap(fromLsn, trim);
        }
        for (CorruptRange r : ranges) {
            if (r.contains(start)) {
                throw new CorruptLogException(r, "recovery found this range damaged");
            }
        }
        if (start > durable) {
            return start;
        }
        final long location;
        synchronized (this) {
            location = index.floor(start);
        }
        final LogReader reader = new LogReader(store, this, truncations, ranges);
        return reader.scan(location, start, durable, maxRecords, visitor);
    }

    // ---- writer thread ----

    Throwable validate(final Request.Append append) {
        final LogMeta m;
        final List<CorruptRange> ranges;
        synchronized (this) {
            m = meta;
            ranges = refused;
        }
        if (m.sealed()) {
            return new LogSealedException(logId);
        }
        for (CorruptRange r : ranges) {
            if (r.toLsn() == Long.MAX_VALUE) {
                return new CorruptLogException(r, "appends refused until the damaged tail is truncated or trimmed");
            }
        }
        for (ByteBuffer p : append.payloads) {
            if (p.remaining() > store.options().recordBytesMax()) {
                return new IllegalArgumentException("log " + logId + ": record of " + p.remaining()
                    + " bytes exceeds recordBytesMax " + store.options().recordBytesMax());
            }
        }
        if (append.explicitLsn != 0 && append.explicitLsn <= lastAssignedLsn) {
            return new IllegalArgumentException("log " + logId + ": appendAt lsn " + append.explicitLsn
                + " is not above the last appended lsn " + lastAssignedLsn);
        }
        return null;
    }

    long assign(final Request.Append append) {
        final long first = append.explicitLsn != 0 ? append.explicitLsn : lastAssignedLsn + 1;
        lastAssignedLsn = first + append.payloads.size() - 1;
        return first;
    }

    long lastAssignedLsn() {
        return lastAssignedLsn;
    }

    synchronized LogMeta meta() {
        return meta;
    }

    /** Publishes a durable append: index entries, last durable LSN; returns the waiters to complete. */
    List<CompletableFuture<Void>> published(final Request.Append append) {
        synchronized (this) {
            for (int i = 0; i < append.positions.length; i++) {
                indexRecord(append.firstLsn + i, append.segmentSeq, append.positions[i]);
            }
            lastDurableLsn = Math.max(lastDurableLsn, append.lastLsn());
            return readyWaiters();
        }
    }

    private List<CompletableFuture<Void>> readyWaiters() {
        if (waiters.isEmpty() || waiters.firstKey() > lastDurableLsn) {
            return List.of();
        }
        final List<CompletableFuture<Void>> ready = new ArrayList<>();
        final Map<Long, List<CompletableFuture<Void>>> head = waiters.headMap(lastDurableLsn, true);
        head.values().forEach(ready::addAll);
        head.clear();
        return ready;
    }

    /** Recovery and the writer: adds an index entry when due. Caller holds the lock or owns the log. */
    void indexRecord(final long lsn, final long segmentSeq, final int position) {
        if (recordsSinceIndexEntry == 0 || recordsSinceIndexEntry >= store.options().indexIntervalRecords()
            || segmentSeq != lastIndexedSegment || indexAfterTruncation) {
            index.add(lsn, segmentSeq, position);
            recordsSinceIndexEntry = 0;
            lastIndexedSegment = segmentSeq;
            indexAfterTruncation = false;
        }
        recordsSinceIndexEntry++;
    }

    /** Recovery: a live record was found. */
    synchronized void recovered(final long lsn, final long segmentSeq, final int position) {
        indexRecord(lsn, segmentSeq, position);
        lastDurableLsn = Math.max(lastDurableLsn, lsn);
        lastAssignedLsn = Math.max(lastAssignedLsn, lsn);
        lastRecoveredRecordLsn = lsn;
    }

    /** Recovery: the LSN of the last live record found (0 for none); live LSNs must increase. */
    synchronized long lastRecoveredRecordLsn() {
        return lastRecoveredRecordLsn;
    }

    /** Recovery: final positions and refused ranges. */
    synchronized void recoveryDone(final List<CorruptRange> ranges) {
        lastDurableLsn = Math.max(lastDurableLsn, meta.trimPointLsn());
        lastAssignedLsn = lastDurableLsn;
        refused = List.copyOf(ranges);
    }

    /** Recovery: the highest LSN known so far (live records or the trim point). */
    synchronized long recoveredLastLsn() {
        return lastAssignedLsn;
    }

    synchronized void applyMeta(final LogMeta next) {
        final LogMeta previous = meta;
        meta = next;
        if (next.trimPointLsn() > previous.trimPointLsn()) {
            index.trimTo(next.trimPointLsn());
            lastDurableLsn = Math.max(lastDurableLsn, next.trimPointLsn());
            refused = refused.stream().filter(r -> r.toLsn() > next.trimPointLsn()).map(r -> r.fromLsn()
                > next.trimPointLsn() ? r : new CorruptRange(r.logId(), r.segmentSeq(), r.bytePosition(),
                next.trimPointLsn() + 1, r.toLsn())).toList();
        }
    }

    synchronized void applyTruncation(final LogMeta next, final long afterLsn) {
        meta = next;
        index.removeAbove(afterLsn);
        lastDurableLsn = Math.min(lastDurableLsn, Math.max(afterLsn, next.trimPointLsn()));
        lastAssignedLsn = Math.min(lastAssignedLsn, afterLsn);
        indexAfterTruncation = true;
        refused = refused.stream().filter(r -> r.fromLsn() <= afterLsn).map(r -> r.toLsn() <= afterLsn ? r
            : new CorruptRange(r.logId(), r.segmentSeq(), r.bytePosition(), r.fromLsn(), afterLsn)).toList();
    }

    void failWaiters(final Throwable error) {
        final List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        all.forEach(f -> f.completeExceptionally(error));
    }
}
