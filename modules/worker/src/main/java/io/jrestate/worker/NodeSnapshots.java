package io.jrestate.worker;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The partition snapshots of the worker running in this process for a node directory: the admin API takes
 * snapshots on demand through it ({@code POST /snapshots}), like {@code restatectl snapshots create}.
 */
public final class NodeSnapshots {
    private static final ConcurrentHashMap<Path, Taker> TAKERS = new ConcurrentHashMap<>();

    private NodeSnapshots() {
    }

    /**
     * A committed snapshot.
     *
     * @param partitionId the partition (and its log id)
     * @param snapshotId the snapshot's id, unique on the node
     * @param appliedLsn the LSN of the last record it covers (the reference's {@code min_applied_lsn})
     * @param path the file
     * @param sizeBytes the file's length
     */
    public record Created(int partitionId, String snapshotId, long appliedLsn, Path path, long sizeBytes) {
    }

    /** Takes snapshots of a running worker. */
    public interface Taker {
        /**
         * Takes a snapshot of the given partitions at their current applied LSNs.
         *
         * @param partitionIds the partitions, empty for all
         * @param trimLog trim each log up to its oldest retained snapshot right away
         * @return the snapshots in partition order; fails with {@link IllegalArgumentException} for an unknown
         *     partition
         */
        CompletableFuture<List<Created>> create(Collection<Integer> partitionIds, boolean trimLog);

        /**
         * The number of partitions.
         *
         * @return the count
         */
        int partitionCount();
    }

    /**
     * Registers the worker of a node (when the worker starts).
     *
     * @param nodeDir the node's data directory
     * @param taker the worker's snapshot taker
     */
    public static void register(final Path nodeDir, final Taker taker) {
        TAKERS.put(key(nodeDir), taker);
    }

    /**
     * Forgets the worker of a node (when it stops).
     *
     * @param nodeDir the node's data directory
     */
    public static void release(final Path nodeDir) {
        TAKERS.remove(key(nodeDir));
    }

    /**
     * The worker of a node, if one runs in this process.
     *
     * @param nodeDir the node's data directory
     * @return the taker, or empty when no worker runs
     */
    public static Optional<Taker> forNode(final Path nodeDir) {
        return Optional.ofNullable(TAKERS.get(key(nodeDir)));
    }

    private static Path key(final Path nodeDir) {
        return nodeDir.toAbsolutePath().normalize();
    }
}
