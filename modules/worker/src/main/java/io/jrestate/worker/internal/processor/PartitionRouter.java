package io.jrestate.worker.internal.processor;

import io.jrestate.worker.internal.wal.Envelope;
import java.util.concurrent.CompletableFuture;

/** Delivers records to the leader of another partition (on one node: straight to its processor). */
@FunctionalInterface
public interface PartitionRouter {
    /**
     * Appends a record to a partition's log.
     *
     * @param partitionId the target partition
     * @param record the record, with a dedup header when redelivery is possible
     * @return completes with the LSN once durable
     */
    CompletableFuture<Long> deliver(int partitionId, Envelope record);
}
