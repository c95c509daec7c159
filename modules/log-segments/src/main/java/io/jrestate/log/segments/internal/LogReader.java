package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.CorruptLogException;
import io.jrestate.log.segments.CorruptRange;
import io.jrestate.log.segments.RecordVisitor;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * One read of one log: scans the journal from an index location, skipping other logs' records, stale
 * (truncated) records and damaged byte ranges, verifying the checksum of each record it delivers.
 */
final class LogReader {
    private final JournalStore store;
    private final long logId;
    private final List<LogMeta.Truncation> truncations;
    private final List<CorruptRange> refused;
    private final RecordCodec.Decoded decoded = new RecordCodec.Decoded();

    LogReader(final JournalStore store, final JournalLog log, final List<LogMeta.Truncation> truncations,
              final List<CorruptRange> refused) {
        this.store = store;
        this.logId = log.logId();
        this.truncations = truncations;
        this.refused = refused;
    }

    long scan(final long location, final long start, final long durable, final int maxRecords,
              final RecordVisitor visitor) {
        checkRefused(start, start);
        store.segments().lock().readLock().lock();
        try {
            final Segment[] segments = store.segments().snapshot();
            int si = location < 0 ? -1 : Segments.indexOf(segments, location >>> 32);
            int pos = (int) location;
            if (si < 0) {
                si = 0;
                pos = SegmentHeader.DATA_START;
            }
            final Cursor cursor = new Cursor(start, maxRecords);
            for (; si < segments.length && !cursor.done; si++) {
                scanSegment(segments[si], pos, durable, cursor, visitor);
                pos = SegmentHeader.DATA_START;
            }
            return cursor.expected;
        } finally {
            store.segments().lock().readLock().unlock();
        }
    }

    private void scanSegment(final Segment segment, final int from, final long durable, final Cursor cursor,
                             final RecordVisitor visitor) {
        final ByteBuffer map = segment.mapping();
        final int end = segment.durableEnd();
        int pos = from;
        while (pos < end) {
            pos = skipDamaged(segment, pos);
            if (pos >= end) {
                return;
            }
            try {
                RecordCodec.decodeHeader(map, pos, end, segment.payloadBytesMax(), decoded);
            } catch (FormatException e) {
                throw corrupt(segment, pos, cursor.expected, e.getMessage());
            }
            final int next = decoded.nextPosition();
            final long lsn = decoded.lsn;
            if (decoded.logId != logId || lsn < cursor.expected || stale(segment.seq(), pos, lsn)) {
                pos = next;
                continue;
            }
            if (lsn > durable) {
                cursor.done = true;
                return;
            }
            checkRefused(cursor.expected, lsn);
            try {
                RecordCodec.decode(map, pos, end, segment.header().salt(), segment.payloadBytesMax(),
                    decoded);
            } catch (FormatException e) {
                throw corrupt(segment, pos, lsn, e.getMessage());
            }
            final ByteBuffer payload = map.slice(decoded.payloadPosition(), decoded.payloadBytes);
            cursor.expected = lsn + 1;
            cursor.delivered++;
            if (!visitor.onRecord(lsn, payload) || cursor.delivered >= cursor.maxRecords) {
                cursor.done = true;
                return;
            }
            pos = next;
        }
    }

    private static int skipDamaged(final Segment segment, final int pos) {
        for (long[] range : segment.damagedRanges()) {
            if (pos >= range[0] && pos < range[1]) {
                return (int) range[1];
            }
        }
        return pos;
    }

    private boolean stale(final long segmentSeq, final int pos, final long lsn) {
        for (LogMeta.Truncation t : truncations) {
            if (t.hides(segmentSeq, pos, lsn)) {
                return true;
            }
        }
        return false;
    }

    private void checkRefused(final long fromLsn, final long toLsn) {
        for (CorruptRange r : refused) {
            if (r.fromLsn() <= toLsn && r.toLsn() >= fromLsn) {
                throw new CorruptLogException(r, "recovery found this range damaged");
            }
        }
    }

    private CorruptLogException corrupt(final Segment segment, final int pos, final long lsn, final String detail) {
        return new CorruptLogException(new CorruptRange(logId, segment.seq(), pos, lsn, lsn),
            "record unreadable at " + segment.path() + ": " + detail);
    }

    /** Progress of one scan. */
    private static final class Cursor {
        long expected;
        int delivered;
        final int maxRecords;
        boolean done;

        Cursor(final long expected, final int maxRecords) {
            this.expected = expected;
            this.maxRecords = maxRecords;
        }
    }
}
