package io.jrestate.worker.internal.snapshot;

/**
 * A component that keeps partition data outside the snapshot and needs the log kept from some LSN on (for
 * example an on-disk store of retained completed invocations with its own applied position). The log of a
 * partition is never trimmed above the lowest floor of all registered components, nor above the oldest retained
 * snapshot.
 */
@FunctionalInterface
public interface LogTrimFloor {
    /**
     * The highest LSN of a partition's log this component allows to trim (everything up to it is durable in the
     * component's own store).
     *
     * @param partitionId the partition
     * @return the LSN; {@link Long#MAX_VALUE} when the component does not restrict trimming
     */
    long trimFloorLsn(int partitionId);
}
