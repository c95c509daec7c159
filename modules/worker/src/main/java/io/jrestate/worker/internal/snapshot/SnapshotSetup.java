package io.jrestate.worker.internal.snapshot;

import io.jrestate.log.segments.StorageIo;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * What every partition processor of a node shares for snapshots.
 *
 * @param rootDir the snapshot directory of the node ({@code <node dir>/worker-snapshots}); one folder per partition
 * @param io the storage
 * @param options triggers, retention, trim delay
 * @param writer runs file writes, fsyncs, pruning and trims (one thread: partitions' snapshots queue up)
 * @param floors components that keep data outside the snapshot and limit the trim point
 * @param body the body codec
 */
public record SnapshotSetup(Path rootDir, StorageIo io, SnapshotOptions options, Executor writer,
        List<LogTrimFloor> floors, SnapshotBody body) {
    /** The folder of partition snapshots inside the node directory. */
    public static final String DIR = "worker-snapshots";

    /**
     * The snapshot files of one partition.
     *
     * @param partitionId the partition
     * @return its snapshots
     */
    public PartitionSnapshots forPartition(final int partitionId) {
        return new PartitionSnapshots(partitionId, rootDir.resolve(Integer.toString(partitionId)), io, body,
                options.numRetained());
    }

    /**
     * The highest LSN every floor allows to trim.
     *
     * @param partitionId the partition
     * @return the LSN; {@link Long#MAX_VALUE} without floors
     */
    public long trimFloor(final int partitionId) {
        long floor = Long.MAX_VALUE;
        for (final LogTrimFloor f : floors) {
            floor = Math.min(floor, f.trimFloorLsn(partitionId));
        }
        return floor;
    }
}
