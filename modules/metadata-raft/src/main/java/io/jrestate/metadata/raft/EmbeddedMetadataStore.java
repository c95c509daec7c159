package io.jrestate.metadata.raft;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.internal.client.RaftMetadataStoreClient;
import io.jrestate.metadata.raft.internal.node.MetadataBackup;
import io.jrestate.metadata.raft.internal.node.RaftNode;
import io.jrestate.metadata.raft.internal.node.RaftNodeRunner;
import io.jrestate.metadata.raft.internal.node.RaftObserver;
import io.jrestate.metadata.raft.internal.storage.FileHardStateStore;
import io.jrestate.metadata.raft.internal.storage.RaftLogMigration;
import io.jrestate.metadata.raft.internal.storage.SegmentRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.FileSnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import io.jrestate.node.api.BackupParticipant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The metadata store of a single-node server: a one-member Raft group running in-process on its own thread, with
 * its state in a directory, and a {@link MetadataStore} client in front of it. The first open bootstraps the group
 * with this node as its only voter; later opens recover the state (every acknowledged write survives a crash).
 *
 * <pre>
 *   callers --MetadataStore--> client (retries, timeouts) --> RaftNodeRunner thread --> RaftNode
 *                                                                                       |-- raft-hardstate
 *                                                                                       |-- raft-snapshot
 *                                                                                       '-- raft-log-segments/
 * </pre>
 */
public final class EmbeddedMetadataStore implements MetadataStore {
    private static final int PEER_MESSAGE_ROOM = 1024;

    private final SegmentRaftLogStorage log;
    private final RaftNodeRunner runner;
    private final RaftMetadataStoreClient client;

    private EmbeddedMetadataStore(final SegmentRaftLogStorage log, final RaftNodeRunner runner,
                                  final RaftMetadataStoreClient client) {
        this.log = log;
        this.runner = runner;
        this.client = client;
    }

    /**
     * Opens (bootstrapping on first use) the single-member store kept in {@code raftDir}.
     *
     * @param raftDir the directory for the member's files (created if missing)
     * @param serverOptions the member's settings
     * @param clientOptions the client's timeouts and backoff
     * @return the running store
     * @throws IOException when the directory or its files cannot be read or are corrupt (the message names the
     *     file)
     */
    public static EmbeddedMetadataStore open(final Path raftDir, final MetadataServerOptions serverOptions,
                                             final MetadataClientOptions clientOptions) throws IOException {
        Files.createDirectories(raftDir);
        final SegmentRaftLogStorage log = RaftLogMigration.openMigrating(raftDir);
        final RaftStorage storage = new RaftStorage(new FileHardStateStore(raftDir), new FileSnapshotStore(raftDir),
            log);
        storage.bootstrapIfEmpty(ConfState.ofVoters(serverOptions.nodeId()), new MetadataStateMachine().snapshot());
        final RaftConfig config = new RaftConfig(serverOptions.nodeId(), serverOptions.electionTicks(),
            serverOptions.heartbeatTicks(), 16, 64, 4096, true, true);
        final RaftNode node = RaftNode.open(new RaftNode.Options(config, serverOptions.logTrimThreshold(),
                serverOptions.requestQueueLength() * 32), storage, message -> { }, new SplittableRandom(
                new SecureRandom().nextLong()), RaftObserver.NONE);
        final RaftNodeRunner runner = new RaftNodeRunner("metadata-raft-" + serverOptions.nodeId(), node,
            serverOptions.tickInterval().toNanos(), serverOptions.requestQueueLength() + PEER_MESSAGE_ROOM);
        return new EmbeddedMetadataStore(log, runner, new RaftMetadataStoreClient(List.of(runner), clientOptions));
    }

    @Override
    public CompletableFuture<Optional<VersionedValue>> get(final String key) {
        return client.get(key);
    }

    @Override
    public CompletableFuture<Optional<Long>> getVersion(final String key) {
        return client.getVersion(key);
    }

    @Override
    public CompletableFuture<Long> put(final String key, final byte[] value, final String contentType,
                                       final Precondition precondition) {
        return client.put(key, value, contentType, precondition);
    }

    @Override
    public CompletableFuture<Void> delete(final String key, final Precondition precondition) {
        return client.delete(key, precondition);
    }

    /**
     * This store's part in an online backup of the node: the state at the applied index, captured on the member's
     * thread, which then holds every write until the cut is released.
     *
     * @return the participant
     */
    @SuppressWarnings("exports")
    public BackupParticipant backupParticipant() {
        return new MetadataBackup(runner);
    }

    /** Stops the client, then the member's thread, then closes the log file. */
    @Override
    public void close() {
        client.close();
        runner.close();
        log.close();
    }
}
