package io.jrestate.worker.internal.node;

import io.jrestate.common.Verify;

/**
 * The worker's settings, mapped from {@code restate.toml} by the factory.
 *
 * @param nodeName this node's name
 * @param partitions {@code default-num-partitions}
 * @param processorThreads threads shared by all partition processors
 * @param mailboxCapacity each processor's task queue bound ({@code worker.internal-queue-length} scaled)
 * @param mountIngress whether this node runs the {@code http-ingress} role
 * @param logSegmentBytes length of each preallocated segment of the worker's log store
 * @param retentionBucketMs width of the retained invocations' expiry buckets ({@code worker.cleanup-interval}):
 *     a completed invocation is removed at the end of the bucket its retention ends in
 */
public record WorkerOptions(String nodeName, int partitions, int processorThreads, int mailboxCapacity,
        boolean mountIngress, long logSegmentBytes, long retentionBucketMs) {
    /**
     * Options with the default retention bucket width (1 h, the default {@code worker.cleanup-interval}).
     *
     * @param nodeName this node's name
     * @param partitions {@code default-num-partitions}
     * @param processorThreads threads shared by all partition processors
     * @param mailboxCapacity each processor's task queue bound
     * @param mountIngress whether this node runs the {@code http-ingress} role
     * @param logSegmentBytes length of each preallocated segment of the worker's log store
     */
    public WorkerOptions(final String nodeName, final int partitions, final int processorThreads,
            final int mailboxCapacity, final boolean mountIngress, final long logSegmentBytes) {
        this(nodeName, partitions, processorThreads, mailboxCapacity, mountIngress, logSegmentBytes,
                io.jrestate.worker.internal.fsm.RetainedTable.DEFAULT_BUCKET_WIDTH_MS);
    }

    /** Validates the options. */
    public WorkerOptions {
        Verify.argument(partitions > 0, "default-num-partitions must be > 0, got " + partitions);
        Verify.argument(processorThreads > 0, "processor threads must be > 0, got " + processorThreads);
        Verify.argument(mailboxCapacity > 0, "worker.internal-queue-length must be > 0, got " + mailboxCapacity);
        Verify.argument(logSegmentBytes >= 1 << 20, "log segment bytes must be >= 1 MiB, got " + logSegmentBytes);
        Verify.argument(retentionBucketMs > 0, "worker.cleanup-interval must be > 0, got " + retentionBucketMs
                + " ms");
    }

    /**
     * The largest record the log accepts: a little under half a segment (the store's limit).
     *
     * @return bytes
     */
    public int logRecordBytesMax() {
        return (int) Math.min(Integer.MAX_VALUE, logSegmentBytes / 2 - 4096);
    }
}
