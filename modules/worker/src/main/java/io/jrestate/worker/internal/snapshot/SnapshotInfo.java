package io.jrestate.worker.internal.snapshot;

import java.nio.file.Path;

/**
 * A committed partition snapshot.
 *
 * @param partitionId the partition
 * @param appliedLsn the LSN of the last record whose effects it holds (replay resumes after it)
 * @param path the file
 * @param sizeBytes the file's length
 */
public record SnapshotInfo(int partitionId, long appliedLsn, Path path, long sizeBytes) {
    /**
     * The snapshot's id: partition and LSN, unique on a node ({@code snap-p<partition>-<lsn>}).
     *
     * @return the id
     */
    public String snapshotId() {
        return "snap-p" + partitionId + "-" + appliedLsn;
    }
}
