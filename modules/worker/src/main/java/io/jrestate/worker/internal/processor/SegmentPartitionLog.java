package io.jrestate.worker.internal.processor;

import io.jrestate.log.segments.RecordVisitor;
import io.jrestate.log.segments.SegmentLog;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** A partition's log kept in a log-segments {@link SegmentLog} (fsynced group commits, checksummed records). */
public final class SegmentPartitionLog implements PartitionLog {
    private static final int READ_BATCH_RECORDS = 1024;
    private final SegmentLog log;

    /**
     * Wraps a segment log.
     *
     * @param log the log of this partition
     */
    public SegmentPartitionLog(final SegmentLog log) {
        this.log = log;
    }

    @Override
    public CompletableFuture<Long> append(final ByteBuffer record) {
        return log.append(record);
    }

    @Override
    public long readFrom(final long fromLsn, final Visitor visitor) {
        long next = Math.max(fromLsn, log.firstLsn());
        final long last = log.lastDurableLsn();
        final RecordVisitor adapter = (lsn, payload) -> {
            visitor.onRecord(lsn, payload);
            return true;
        };
        while (next <= last) {
            final long after = log.read(next, READ_BATCH_RECORDS, adapter);
            if (after <= next) {
                break;
            }
            next = after;
        }
        return next;
    }

    @Override
    public long firstLsn() {
        return log.firstLsn();
    }

    @Override
    public long lastDurableLsn() {
        return log.lastDurableLsn();
    }

    @Override
    public CompletableFuture<Void> trimPrefix(final long lsnInclusive) {
        return log.trimPrefix(lsnInclusive);
    }
}
