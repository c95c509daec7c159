package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.CorruptRange;
import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a store's state from its journal after a clean or unclean shutdown.
 *
 * <p>Decision table, per record position {@code p} of a segment whose marker vouches for bytes below {@code M}:
 * <pre>
 *  segment header          | record at p              | p vs M  | decision
 *  ------------------------+--------------------------+---------+---------------------------------------------------
 *  all zero, newest file   | -                        | -       | unfinished creation: delete the file
 *  invalid otherwise       | -                        | -       | refuse to open (names the file)
 *  valid                   | valid, live              | any     | keep; index it
 *  valid                   | valid, hidden by a       | any     | stale (a durable suffix truncation): skip
 *                          | truncation               |         |
 *  valid                   | invalid (crc, length,    | p &lt; M   | CORRUPTION: never cut. Resynchronise at the next
 *                          | lsn order)               |         | valid record; refuse the LSNs each log may have lost
 *  valid, not complete     | invalid                  | p &gt;= M  | end of data (torn tail): cut at p, zero the rest,
 *                          |                          |         | re-persist [M, p), marker := p
 *  valid, complete         | -                        | p &gt;= M  | end of data (the roll vouched for all of it)
 * </pre>
 * A log refused by corruption keeps the LSNs between its last record before the damage and its first record after
 * it; a log with no record after the damage is refused from its last record on (appends too), because its tail
 * may have been in the damaged bytes. Truncating below or trimming past a refused range lifts it.
 */
final class Recovery {
    private final JournalStore store;
    private final StorageIo io;
    private final RecordCodec.Decoded decoded = new RecordCodec.Decoded();
    private final List<Damage> damages = new ArrayList<>();

    Recovery(final JournalStore store) {
        this.store = store;
        this.io = store.options().io();
    }

    /** A damaged byte range and what each log had around it. */
    private record Damage(long segmentSeq, long from, long to, Map<Long, Long> lastBefore,
                          Map<Long, Long> firstAfter) {
    }

    void run(final List<Path> segmentFiles) throws IOException {
        long expectedSeq = -1;
        for (int i = 0; i < segmentFiles.size(); i++) {
            final Path path = segmentFiles.get(i);
            final boolean newest = i == segmentFiles.size() - 1;
            final SegmentHeader header = readHeader(path, newest);
            if (header == null) {
                continue;
            }
            if (expectedSeq >= 0 && header.segmentSeq() != expectedSeq) {
                throw new LogStoreException(path + ": journal segment " + expectedSeq + " is missing (found "
                    + header.segmentSeq() + " next); refusing to open");
            }
            expectedSeq = header.segmentSeq() + 1;
            final Segment segment = Segment.open(io, path, header);
            store.segments().add(segment);
            scan(segment, newest);
        }
        if (store.segments().active() == null && store.logs().values().stream().anyMatch(l -> !l.meta().isEmpty())) {
            throw new LogStoreException(store.journalDir() + ": log metadata exists but every journal segment is"
                + " missing; refusing to open");
        }
        finish();
    }

    private SegmentHeader readHeader(final Path path, final boolean newest) throws IOException {
        final ByteBuffer head = ByteBuffer.allocate(SegmentHeader.DATA_START);
        final long size;
        try (StorageFile f = io.open(path, StorageIo.OpenMode.READ)) {
            f.readFully(head, 0);
            size = f.size();
        }
        head.flip();
        try {
            final SegmentHeader header = SegmentHeader.decode(head);
            if (header.storeId() != store.storeId()) {
                throw new LogStoreException(path + ": segment of store " + header.storeId() + ", not "
                    + store.storeId() + "; refusing to open");
            }
            if (!Segment.fileName(header.segmentSeq()).equals(path.getFileName().toString())
                || size != header.segmentBytes()) {
                throw new LogStoreException(path + ": header says segment " + header.segmentSeq() + " of "
                    + header.segmentBytes() + " bytes, file has " + size + " bytes; refusing to open");
            }
            return header;
        } catch (FormatException e) {
            if (newest && allZero(head)) {
                io.delete(path);
                io.fsyncDirectory(path.getParent());
                return null;
            }
            throw new LogStoreException(path + ": " + e.getMessage() + "; refusing to open");
        }
    }

    private static boolean allZero(final ByteBuffer b) {
        for (int i = 0; i < b.limit(); i++) {
            if (b.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    private void scan(final Segment segment, final boolean newest) throws IOException {
        final SegmentHeader header = segment.header();
        final ByteBuffer map = segment.mapping();
        final SegmentHeader.Marker marker = header.readMarker(map);
        final long vouched = marker.dataEnd();
        final int limit = (int) (marker.complete() ? vouched : header.segmentBytes());
        int pos = SegmentHeader.DATA_START;
        while (pos + RecordCodec.HEADER_BYTES <= limit) {
            final JournalLog log = validRecordAt(segment, pos, limit);
            if (log == null) {
                if (pos >= vouched) {
                    break;
                }
                final int resume = resync(segment, pos + RecordCodec.ALIGNMENT, (int) vouched);
                recordDamage(segment, pos, resume);
                pos = resume;
                continue;
            }
            pos = decoded.nextPosition();
            if (stale(log, segment.seq(), decoded.position, decoded.lsn)) {
                continue;
            }
            log.recovered(decoded.lsn, segment.seq(), decoded.position);
            segment.maxLsnByLog().merge(log.logId(), decoded.lsn, Math::max);
            for (Damage d : damages) {
                d.firstAfter().putIfAbsent(log.logId(), decoded.lsn);
            }
        }
        segment.recovered(marker, Math.max(pos, (int) Math.min(vouched, limit)));
        if (newest && !marker.complete()) {
            repairTail(segment, marker, pos);
        }
    }

    /** Decodes and checks a record; returns its log, or null when the bytes are not a valid next record. */
    private JournalLog validRecordAt(final Segment segment, final int pos, final int limit) {
        try {
            RecordCodec.decode(segment.mapping(), pos, limit, segment.header().salt(), segment.payloadBytesMax(),
                decoded);
        } catch (FormatException e) {
            return null;
        }
        final JournalLog log = store.logOf(decoded.logId);
        if (!stale(log, segment.seq(), pos, decoded.lsn) && decoded.lsn <= log.lastRecoveredRecordLsn()) {
            return null;
        }
        return log;
    }

    private static boolean stale(final JournalLog log, final long segmentSeq, final int pos, final long lsn) {
        for (LogMeta.Truncation t : log.meta().truncations()) {
            if (t.hides(segmentSeq, pos, lsn)) {
                return true;
            }
        }
        return false;
    }

    /** The next position below {@code end} holding a valid record, or {@code end}. */
    private int resync(final Segment segment, final int from, final int end) {
        for (int p = from; p + RecordCodec.HEADER_BYTES <= end; p += RecordCodec.ALIGNMENT) {
            try {
                RecordCodec.decode(segment.mapping(), p, end, segment.header().salt(), segment.payloadBytesMax(),
                    decoded);
                return p;
            } catch (FormatException e) {
                // keep looking
            }
        }
        return end;
    }

    private void recordDamage(final Segment segment, final int from, final int to) {
        final Map<Long, Long> before = new HashMap<>();
        for (JournalLog l : store.logs().values()) {
            before.put(l.logId(), l.recoveredLastLsn());
        }
        damages.add(new Damage(segment.seq(), from, to, before, new HashMap<>()));
        segment.damagedRanges().add(new long[] {from, to});
    }

    /**
     * Cuts a torn tail: zero every non-zero byte after the last valid record, write the bytes the marker does not
     * vouch for again (after a failed fsync they may sit in the page cache without being on disk), fsync, and
     * move the marker to the end.
     */
    private void repairTail(final Segment segment, final SegmentHeader.Marker marker, final int end)
        throws IOException {
        final ByteBuffer map = segment.mapping();
        final StorageFile file = segment.file();
        final int chunk = 64 * 1024;
        final ByteBuffer zeros = ByteBuffer.allocate(chunk);
        for (long at = end; at < segment.header().segmentBytes(); at += chunk) {
            final int length = (int) Math.min(chunk, segment.header().segmentBytes() - at);
            if (!allZero(map.slice((int) at, length))) {
                file.writeFully(zeros.clear().limit(length), at);
            }
        }
        if (end > marker.dataEnd()) {
            final ByteBuffer copy = ByteBuffer.allocate(end - (int) marker.dataEnd());
            copy.put(0, map, (int) marker.dataEnd(), copy.capacity());
            file.writeFully(copy, marker.dataEnd());
        }
        file.force(false);
        if (end != marker.dataEnd() || marker.sequence() == 0) {
            segment.writeMarker(end, 0);
            file.force(false);
        }
    }

    /** Turns damages into refused ranges and sets every log's final positions. */
    private void finish() {
        final Map<Long, List<CorruptRange>> ranges = new HashMap<>();
        for (Damage d : damages) {
            for (JournalLog log : store.logs().values()) {
                final LogMeta m = log.meta();
                long from = Math.max(d.lastBefore().getOrDefault(log.logId(), 0L) + 1, m.trimPointLsn() + 1);
                final Long after = d.firstAfter().get(log.logId());
                long to = after == null ? Long.MAX_VALUE : after - 1;
                for (LogMeta.Truncation t : m.truncations()) {
                    if (t.hides(d.segmentSeq(), d.from(), Long.MAX_VALUE)) {
                        to = Math.min(to, t.afterLsn());
                    }
                }
                if (from <= to) {
                    ranges.computeIfAbsent(log.logId(), k -> new ArrayList<>())
                        .add(new CorruptRange(log.logId(), d.segmentSeq(), d.from(), from, to));
                }
            }
        }
        for (JournalLog log : store.logs().values()) {
            log.recoveryDone(ranges.getOrDefault(log.logId(), List.of()));
        }
    }
}
