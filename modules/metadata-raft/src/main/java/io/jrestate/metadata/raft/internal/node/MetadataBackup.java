package io.jrestate.metadata.raft.internal.node;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.RaftCore;
import io.jrestate.metadata.raft.core.Snapshot;
import io.jrestate.metadata.raft.internal.storage.FileHardStateStore;
import io.jrestate.metadata.raft.internal.storage.FileSnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftBackupFiles;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.node.api.BackupParticipant;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The metadata store's part in an online backup. On the member's own thread, between two batches (so every
 * write applied so far has been answered and no other is in progress), it captures the state machine at the
 * applied index as a snapshot, plus the term and vote, then keeps that thread waiting until the cut is released:
 * no write is applied or acknowledged meanwhile. The files restore a one-member store that starts from the snapshot
 * with an empty log ({@link RaftBackupFiles}).
 *
 * <pre>
 *   files                              positions
 *   metadata-server/raft-snapshot      applied-index -&gt; the index the snapshot covers
 *   metadata-server/raft-hardstate
 * </pre>
 * Only a one-member group is backed up this way; a replicated group is refused (each member's copy would come
 * from a different moment).
 */
public final class MetadataBackup implements BackupParticipant {
    private static final System.Logger LOG = System.getLogger(MetadataBackup.class.getName());
    private final RaftNodeRunner runner;

    /**
     * Creates the participant of a running member.
     *
     * @param runner the member's thread
     */
    public MetadataBackup(final RaftNodeRunner runner) {
        this.runner = runner;
    }

    @Override
    public String name() {
        return "metadata-server";
    }

    @Override
    public CompletableFuture<BackupCut> capture(final Duration maxHold) {
        final CompletableFuture<BackupCut> future = new CompletableFuture<>();
        final boolean queued = runner.execute(node -> {
            final Cut cut;
            try {
                cut = capture(node);
            } catch (final RuntimeException e) {
                future.completeExceptionally(e);
                return;
            }
            if (future.complete(cut)) {
                cut.awaitRelease(maxHold);
            }
        });
        if (!queued) {
            future.completeExceptionally(new IllegalStateException("metadata server is stopping or its request"
                + " queue is full; retry the backup"));
        }
        return future;
    }

    private static Cut capture(final RaftNode node) {
        if (node.isFailed()) {
            throw new IllegalStateException("metadata server stopped after a storage failure: " + node.failure());
        }
        final RaftCore core = node.core();
        final ConfState conf = core.conf();
        if (!conf.learners().isEmpty() || conf.voters().size() != 1 || !conf.voters().contains(core.id())) {
            throw new IllegalStateException("online backup covers a one-member metadata store; this one has voters "
                + conf.voters() + " and learners " + conf.learners() + ". Back up a replicated cluster with"
                + " partition snapshots, or stop the node and archive its base directory");
        }
        final long applied = core.applied();
        final Snapshot snapshot = new Snapshot(applied, core.termAt(applied), conf, node.stateMachine().snapshot());
        final Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MetadataServerFactory.DIRECTORY + "/" + FileSnapshotStore.FILE_NAME,
            RaftBackupFiles.snapshotFile(snapshot));
        files.put(MetadataServerFactory.DIRECTORY + "/" + FileHardStateStore.FILE_NAME,
            RaftBackupFiles.hardStateFile(new HardState(core.term(), core.votedFor())));
        return new Cut(files, applied);
    }

    /** The captured files, held in memory (a metadata store is small). */
    private static final class Cut implements BackupCut {
        private final Map<String, byte[]> files;
        private final long appliedIndex;
        private final CountDownLatch released = new CountDownLatch(1);
        private volatile boolean heldPastLimit;

        Cut(final Map<String, byte[]> files, final long appliedIndex) {
            this.files = files;
            this.appliedIndex = appliedIndex;
        }

        void awaitRelease(final Duration maxHold) {
            try {
                if (!released.await(maxHold.toNanos(), TimeUnit.NANOSECONDS)) {
                    heldPastLimit = true;
                    LOG.log(System.Logger.Level.WARNING, "metadata server: backup cut not released within {0};"
                        + " writes continue and the cut is void", maxHold);
                }
            } catch (final InterruptedException e) {
                heldPastLimit = true;
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Map<String, Long> positions() {
            return Map.of("applied-index", appliedIndex);
        }

        @Override
        public List<BackupFile> files() {
            final List<BackupFile> list = new ArrayList<>();
            files.forEach((path, bytes) -> list.add(new BackupFile(path, bytes.length, bytes.length)));
            return list;
        }

        @Override
        public int read(final String path, final long position, final ByteBuffer dst) throws IOException {
            final byte[] bytes = files.get(path);
            if (bytes == null) {
                throw new IllegalArgumentException("no file '" + path + "' in the metadata server's backup cut");
            }
            if (position >= bytes.length) {
                return -1;
            }
            final int n = (int) Math.min(dst.remaining(), bytes.length - position);
            dst.put(bytes, (int) position, n);
            return n;
        }

        @Override
        public void release() {
            released.countDown();
        }

        @Override
        public boolean heldPastLimit() {
            return heldPastLimit;
        }

        @Override
        public void close() {
            release();
        }
    }
}
