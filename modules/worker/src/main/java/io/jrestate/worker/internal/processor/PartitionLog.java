package io.jrestate.worker.internal.processor;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** The durable log of one partition, as the processor uses it (backed by a log-segments {@code SegmentLog}). */
public interface PartitionLog {
    /**
     * Appends a record; the future completes with its LSN once the record is durable (fsynced).
     *
     * @param record the record bytes
     * @return the LSN, after fsync
     */
    CompletableFuture<Long> append(ByteBuffer record);

    /**
     * Reads records in LSN order starting at {@code fromLsn}.
     *
     * @param fromLsn the first LSN to read
     * @param visitor receives each record
     * @return the LSN after the last record read
     */
    long readFrom(long fromLsn, Visitor visitor);

    /**
     * The first LSN the log still holds (its trim point plus one).
     *
     * @return the LSN; 1 for a log never trimmed
     */
    default long firstLsn() {
        return 1;
    }

    /**
     * The highest durable LSN.
     *
     * @return the LSN; {@link Long#MAX_VALUE} when the log cannot tell (snapshots then trust their LSN)
     */
    default long lastDurableLsn() {
        return Long.MAX_VALUE;
    }

    /**
     * Trims every record up to {@code lsnInclusive}, durably.
     *
     * @param lsnInclusive the new trim point
     * @return completes when the trim point is durable
     */
    default CompletableFuture<Void> trimPrefix(final long lsnInclusive) {
        return CompletableFuture.failedFuture(new UnsupportedOperationException("this log cannot be trimmed"));
    }

    /** Receives records during replay. */
    @FunctionalInterface
    interface Visitor {
        /**
         * One record.
         *
         * @param lsn its LSN
         * @param record its bytes
         */
        void onRecord(long lsn, ByteBuffer record);
    }
}
