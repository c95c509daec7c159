package io.jrestate.metadata.raft.internal.node;

import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupParticipant;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The backup participant of a replicated metadata server member: it refuses, because one member's copy of a
 * replicated group is not a backup of the cluster (other members and partitions would come from other moments).
 */
final class ReplicatedBackup {
    private ReplicatedBackup() {
    }

    static BackupParticipant refusing(final int members) {
        return new BackupParticipant() {
            @Override
            public String name() {
                return "metadata-server";
            }

            @Override
            public CompletableFuture<BackupCut> capture(final Duration maxHold) {
                return CompletableFuture.failedFuture(new IllegalStateException("online backup covers a"
                    + " single-node deployment; this node runs a replicated metadata server of " + members
                    + " members. Back up a cluster with partition snapshots, or stop every node and archive each"
                    + " base directory"));
            }
        };
    }
}
