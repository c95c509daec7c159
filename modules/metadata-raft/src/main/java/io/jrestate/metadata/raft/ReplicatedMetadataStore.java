package io.jrestate.metadata.raft;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Responder;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.internal.client.MetadataMember;
import io.jrestate.metadata.raft.internal.client.RaftMetadataStoreClient;
import io.jrestate.metadata.raft.internal.net.MetadataRpcCodec;
import io.jrestate.metadata.raft.internal.net.RaftMessageCodec;
import io.jrestate.metadata.raft.internal.net.TransportMember;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import io.jrestate.metadata.raft.internal.node.RaftNode;
import io.jrestate.metadata.raft.internal.node.RaftNodeRunner;
import io.jrestate.metadata.raft.internal.node.RaftObserver;
import io.jrestate.metadata.raft.internal.storage.FileHardStateStore;
import io.jrestate.metadata.raft.internal.storage.RaftLogMigration;
import io.jrestate.metadata.raft.internal.storage.SegmentRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.FileSnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import org.agrona.DirectBuffer;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated metadata store ({@code [metadata-server] type = "replicated"}): this process is one member of a
 * Raft group whose members talk over the node {@link Transport}, with a {@link MetadataStore} client in front
 * that reaches the leader wherever it is. {@link #connect} gives a client only, for nodes that are not members.
 *
 * <pre>
 *   callers --MetadataStore--> client --local--> RaftNodeRunner --> RaftNode --> raft-* files
 *                                     --transport request 0x0101--> other members' runners
 *   RaftNode outbound --transport message 0x0100--> peers --> their runners (deliver)
 * </pre>
 *
 * <p>The group is bootstrapped statically: every member starts with the same voter set ({@code memberIds}), as
 * an etcd initial cluster does. The transport must already know every member's address ({@code addPeer}).
 */
public final class ReplicatedMetadataStore implements MetadataStore {
    /** Transport message type of Raft messages between members. */
    public static final int RAFT_MESSAGE_TYPE = 0x0100;
    /** Transport message type of metadata client requests. */
    public static final int METADATA_REQUEST_TYPE = TransportMember.METADATA_REQUEST_TYPE;

    private static final System.Logger LOG = System.getLogger(ReplicatedMetadataStore.class.getName());
    private static final int PEER_MESSAGE_ROOM = 4096;

    private final SegmentRaftLogStorage log;
    private final RaftNodeRunner runner;
    private final RaftMetadataStoreClient client;

    private ReplicatedMetadataStore(final SegmentRaftLogStorage log, final RaftNodeRunner runner,
                                    final RaftMetadataStoreClient client) {
        this.log = log;
        this.runner = runner;
        this.client = client;
    }

    /**
     * Opens this process's member (bootstrapping on first use) and starts serving it over the transport.
     *
     * @param raftDir the member's directory
     * @param serverOptions the member's settings ({@code nodeId} must be one of {@code memberIds} and equal the
     *     transport's node id)
     * @param clientOptions the client's timeouts and backoff
     * @param transport the node's transport, with every other member added as a peer
     * @param memberIds the node ids of all members
     * @return the running member and client
     * @throws IOException when the member's files cannot be read
     */
    public static ReplicatedMetadataStore open(final Path raftDir, final MetadataServerOptions serverOptions,
                                               final MetadataClientOptions clientOptions, final Transport transport,
                                               final List<Long> memberIds) throws IOException {
        Verify.argument(memberIds.contains(serverOptions.nodeId()), "metadata server node " + serverOptions.nodeId()
            + " is not among the members " + memberIds);
        Verify.argument(transport.identity().nodeId().id() == serverOptions.nodeId(), "transport node "
            + transport.identity().nodeId() + " differs from metadata server node " + serverOptions.nodeId());
        Files.createDirectories(raftDir);
        final SegmentRaftLogStorage log = RaftLogMigration.openMigrating(raftDir);
        final RaftStorage storage = new RaftStorage(new FileHardStateStore(raftDir), new FileSnapshotStore(raftDir),
            log);
        storage.bootstrapIfEmpty(ConfState.ofVoters(memberIds.stream().mapToLong(Long::longValue).toArray()),
            new MetadataStateMachine().snapshot());
        final RaftConfig config = new RaftConfig(serverOptions.nodeId(), serverOptions.electionTicks(),
            serverOptions.heartbeatTicks(), 16, 64, 4096, true, true);
        final RaftNode node = RaftNode.open(new RaftNode.Options(config, serverOptions.logTrimThreshold(),
                serverOptions.requestQueueLength() * 32), storage, message -> send(transport, message),
            new SplittableRandom(new SecureRandom().nextLong()), RaftObserver.NONE);
        final RaftNodeRunner runner = new RaftNodeRunner("metadata-raft-" + serverOptions.nodeId(), node,
            serverOptions.tickInterval().toNanos(), serverOptions.requestQueueLength() + PEER_MESSAGE_ROOM);
        transport.handle(RAFT_MESSAGE_TYPE, (from, type, buffer, offset, length) ->
            deliver(runner, from, buffer, offset, length));
        transport.serve(METADATA_REQUEST_TYPE, (from, type, buffer, offset, length, responder) ->
            serve(runner, buffer, offset, length, responder));
        final List<MetadataMember> members = members(transport, memberIds, clientOptions, runner);
        return new ReplicatedMetadataStore(log, runner, new RaftMetadataStoreClient(members, clientOptions));
    }

    /**
     * A client of a replicated metadata store run by other processes.
     *
     * @param transport this node's transport, with every member added as a peer
     * @param memberIds the node ids of the members
     * @param clientOptions the client's timeouts and backoff
     * @return the client
     */
    public static MetadataStore connect(final Transport transport, final List<Long> memberIds,
                                        final MetadataClientOptions clientOptions) {
        return new RaftMetadataStoreClient(members(transport, memberIds, clientOptions, null), clientOptions);
    }

    private static List<MetadataMember> members(final Transport transport, final List<Long> memberIds,
                                                final MetadataClientOptions clientOptions,
                                                final RaftNodeRunner local) {
        final List<MetadataMember> members = new ArrayList<>();
        for (final long id : memberIds) {
            if (local != null && id == local.nodeId()) {
                members.add(new MetadataMember() {
                    @Override
                    public long nodeId() {
                        return id;
                    }

                    @Override
                    public CompletableFuture<MetadataResponse> submit(final MetadataRequest request) {
                        return local.submit(request);
                    }
                });
            } else {
                members.add(new TransportMember(transport, id, clientOptions.requestTimeout().toNanos()));
            }
        }
        return members;
    }

    private static void send(final Transport transport, final Message message) {
        // Raft retries what is lost, so a refused send (queue full, unknown peer) is simply dropped.
        transport.send((int) message.to(), RAFT_MESSAGE_TYPE, RaftMessageCodec.encode(message));
    }

    private static void deliver(final RaftNodeRunner runner, final GenerationalNodeId from, final DirectBuffer buffer,
                                final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        try {
            final Message message = RaftMessageCodec.decode(bytes);
            if (message.from() != from.id() || message.to() != runner.nodeId()) {
                LOG.log(Level.WARNING, "dropped a raft message claiming {0}->{1} that came from {2}", message.from(),
                    message.to(), from);
                return;
            }
            runner.deliver(message);
        } catch (final IllegalArgumentException e) {
            LOG.log(Level.WARNING, "dropped a malformed raft message from {0}: {1}", from, e.getMessage());
        }
    }

    private static void serve(final RaftNodeRunner runner, final DirectBuffer buffer, final int offset,
                              final int length, final Responder responder) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        final MetadataRequest request;
        try {
            request = MetadataRpcCodec.decodeRequest(bytes);
        } catch (final IllegalArgumentException e) {
            responder.fail(e.getMessage());
            return;
        }
        runner.submit(request).whenComplete((response, error) -> responder.respond(MetadataRpcCodec.encode(
            error == null ? response : new MetadataResponse.Busy("metadata server failed: " + error))));
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

    /** Stops the client, then the member's thread, then closes the log file. The transport stays up. */
    @Override
    public void close() {
        client.close();
        runner.close();
        log.close();
    }
}
