package io.jrestate.config;

import io.jrestate.common.ByteSize;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code [worker]}: partition processors.
 *
 * @param internalQueueLength capacity of the worker's internal queues
 * @param cleanupInterval how often completed invocations past retention are purged
 * @param maxCommandBatchSize commands applied per batch, at most
 * @param maxCommandBatchBytes bytes of commands applied per batch, at most
 * @param trimDelayInterval delay before the log is trimmed behind the durable point
 * @param durabilityMode {@code balanced}, {@code replica-set-only} ... if set
 * @param invoker {@code [worker.invoker]}
 * @param snapshots {@code [worker.snapshots]}
 */
public record WorkerConfig(long internalQueueLength, Duration cleanupInterval, long maxCommandBatchSize,
        ByteSize maxCommandBatchBytes, Duration trimDelayInterval, Optional<String> durabilityMode,
        InvokerConfig invoker, SnapshotsConfig snapshots) {

    static WorkerConfig from(final ConfigValues v) {
        final String t = "worker.";
        return new WorkerConfig(v.number(t + "internal-queue-length"), v.duration(t + "cleanup-interval"),
                v.number(t + "max-command-batch-size"), v.bytes(t + "max-command-batch-bytes"),
                v.duration(t + "trim-delay-interval"), v.optional(t + "durability-mode", String.class),
                InvokerConfig.from(v), SnapshotsConfig.from(v));
    }
}
