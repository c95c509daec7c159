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
 */
public record WorkerOptions(String nodeName, int partitions, int processorThreads, int mailboxCapacity,
        boolean mountIngress) {
    /** Validates the options. */
    public WorkerOptions {
        Verify.argument(partitions > 0, "default-num-partitions must be > 0, got " + partitions);
        Verify.argument(processorThreads > 0, "processor threads must be > 0, got " + processorThreads);
        Verify.argument(mailboxCapacity > 0, "worker.internal-queue-length must be > 0, got " + mailboxCapacity);
    }
}
