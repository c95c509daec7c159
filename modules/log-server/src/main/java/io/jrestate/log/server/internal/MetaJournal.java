package io.jrestate.log.server.internal;

import io.jrestate.log.segments.SegmentLog;
import io.jrestate.log.segments.RecordVisitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The per-loglet metadata that log-segments does not keep for us (seal flag, exact trim point, known global
 * tail), as a journal of small fixed-size records in a log of its own ({@link #LOG_ID}) in the same store, so a
 * change rides the same group commit as the records. Recovery folds the journal (the latest value of each kind
 * wins; the seal is sticky). Once {@value #COMPACT_AFTER_RECORDS} records accumulated, the current state of every
 * loglet is appended again and everything before it trimmed.
 *
 * <pre>
 *  0        1        2                 4                     8                                   16
 *  +--------+--------+-----------------+---------------------+-----------------------------------+
 *  | version| kind   | reserved (0)    | value u32           | loglet_id u64                     |
 *  +--------+--------+-----------------+---------------------+-----------------------------------+
 *  kind 1 SEALED (value 0) | 2 TRIM_POINT (value = trim point) | 3 GLOBAL_TAIL (value = known global tail)
 * </pre>
 *
 * <p>Why not log-segments' own seal: a sealed log-segments log refuses every append, but repair stores
 * ({@code IGNORE_SEAL}) must still land on a sealed loglet. Why an exact trim point: log-segments clips a trim to
 * the records a log holds, and a log server holds only some offsets of a loglet.
 */
final class MetaJournal {
    /** The log id of the journal; the loglet id {@code (u32::MAX << 32) | u32::MAX} is reserved for it. */
    static final long LOG_ID = -1L;
    static final int COMPACT_AFTER_RECORDS = 65_536;
    private static final int VERSION = 1;
    private static final int RECORD_BYTES = 16;
    private static final int SEALED = 1;
    private static final int TRIM_POINT = 2;
    private static final int GLOBAL_TAIL = 3;

    private final SegmentLog log;
    private final int compactAfterRecords;
    private long records;

    MetaJournal(final SegmentLog log, final int compactAfterRecords) {
        this.log = log;
        this.compactAfterRecords = compactAfterRecords;
    }

    /** The metadata of one loglet as the journal holds it. */
    static final class Entry {
        boolean sealed;
        long trimPoint;
        long globalTail;
    }

    /**
     * Reads the whole journal.
     *
     * @return loglet id to its metadata
     */
    Map<Long, Entry> recover() {
        final Map<Long, Entry> entries = new HashMap<>();
        final RecordVisitor visitor = (lsn, payload) -> {
            apply(entries, payload.order(ByteOrder.LITTLE_ENDIAN));
            records++;
            return true;
        };
        long next = log.firstLsn();
        while (next <= log.lastDurableLsn()) {
            final long after = log.read(next, 4096, visitor);
            if (after <= next) {
                break;
            }
            next = after;
        }
        return entries;
    }

    private static void apply(final Map<Long, Entry> entries, final ByteBuffer payload) {
        if (payload.remaining() != RECORD_BYTES || (payload.get(0) & 0xFF) != VERSION) {
            throw new IllegalStateException("log-store metadata journal record of " + payload.remaining()
                + " bytes with version " + (payload.remaining() > 0 ? payload.get(0) : -1) + " is not a version "
                + VERSION + " record of " + RECORD_BYTES + " bytes");
        }
        final int kind = payload.get(1) & 0xFF;
        final long value = payload.getInt(4) & 0xFFFF_FFFFL;
        final Entry entry = entries.computeIfAbsent(payload.getLong(8), id -> new Entry());
        switch (kind) {
            case SEALED -> entry.sealed = true;
            case TRIM_POINT -> entry.trimPoint = Math.max(entry.trimPoint, value);
            case GLOBAL_TAIL -> entry.globalTail = Math.max(entry.globalTail, value);
            default -> throw new IllegalStateException("log-store metadata journal record kind " + kind
                + " is unknown");
        }
    }

    CompletableFuture<Long> sealed(final long logletId) {
        return append(SEALED, 0, logletId);
    }

    CompletableFuture<Long> trimPoint(final long logletId, final long trimPoint) {
        return append(TRIM_POINT, trimPoint, logletId);
    }

    CompletableFuture<Long> globalTail(final long logletId, final long globalTail) {
        return append(GLOBAL_TAIL, globalTail, logletId);
    }

    /**
     * Whether the journal should be compacted now.
     *
     * @return true once enough records accumulated
     */
    boolean needsCompaction() {
        return records >= compactAfterRecords;
    }

    /**
     * Appends the current state of every loglet (a trim point of 0 is a harmless record) and trims the journal
     * before it once that is durable.
     *
     * @param state loglet id to current metadata
     * @return completes when the trim is durable
     */
    CompletableFuture<Void> compact(final Map<Long, Entry> state) {
        records = 0;
        CompletableFuture<Long> first = null;
        CompletableFuture<Long> last = null;
        for (final Map.Entry<Long, Entry> e : state.entrySet()) {
            final Entry entry = e.getValue();
            if (!entry.sealed && entry.trimPoint == 0 && entry.globalTail == 0) {
                continue;
            }
            final CompletableFuture<Long> appended = entry.sealed ? sealed(e.getKey())
                : trimPoint(e.getKey(), entry.trimPoint);
            first = first == null ? appended : first;
            last = entry.trimPoint > 0 && entry.sealed ? trimPoint(e.getKey(), entry.trimPoint) : appended;
            if (entry.globalTail > 0) {
                last = globalTail(e.getKey(), entry.globalTail);
            }
        }
        if (first == null) {
            return CompletableFuture.completedFuture(null);
        }
        // Everything queued before the snapshot has a lower LSN and is superseded by it.
        final CompletableFuture<Long> firstOfSnapshot = first;
        return last.thenCompose(lsn -> firstOfSnapshot).thenCompose(lsn -> log.trimPrefix(lsn - 1));
    }

    private CompletableFuture<Long> append(final int kind, final long value, final long logletId) {
        final ByteBuffer record = ByteBuffer.allocate(RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        record.put(0, (byte) VERSION).put(1, (byte) kind).putInt(4, (int) value).putLong(8, logletId);
        records++;
        return log.append(record);
    }
}
