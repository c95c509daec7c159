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
