package io.jrestate.metadata.raft.internal.node;

import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.config.MetadataClientConfig;
import io.jrestate.config.MetadataServerConfig;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.internal.net.ReplicatedMetadataServerService;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Plugs the metadata server into {@code restate-server} for nodes with the {@code metadata-server} role: a
 * one-member group kept in {@code <node dir>/metadata-server}, or, when {@code [metadata-client] type =
 * "replicated"} lists several addresses, a member of a replicated group over the node transport
 * ({@link ReplicatedMetadataServerService}). Maps {@code [metadata-server]} and {@code [metadata-client]} into the
 * module's options. Either way the running store is offered to the node's other roles as
 * {@code context.lookup(MetadataStore.class)}.
 */
public final class MetadataServerFactory implements NodeServiceFactory {
    /** The directory under the node directory that holds the member's files. */
    public static final String DIRECTORY = "metadata-server";
    /** Attempts used when {@code [metadata-client.backoff-policy] max-attempts} is unset (no limit). */
    private static final int UNLIMITED_ATTEMPTS = 1_000;

    /** Creates the factory (called by the service loader). */
    public MetadataServerFactory() {
    }

    @Override
    public Role role() {
        return Role.METADATA_SERVER;
    }

    @Override
    public NodeService create(final NodeContext context) {
        final RestateConfig config = context.config();
        final var client = config.metadataClient();
        if ("replicated".equals(client.type()) && client.addresses().size() > 1) {
            final long memberId = config.common().forceNodeId().orElseThrow(() -> new IllegalArgumentException(
                "a replicated metadata server ([metadata-client] addresses lists " + client.addresses().size()
                    + " members) needs force-node-id until node ids are assigned by joining"));
            context.addBackupParticipant(ReplicatedBackup.refusing(client.addresses().size()));
            final ReplicatedMetadataServerService replicated = new ReplicatedMetadataServerService(config,
                context.nodeDir().resolve(DIRECTORY), serverOptions(memberId, config.metadataServer()),
                clientOptions(client), sharedTransport(context));
            context.provide(MetadataStore.class, replicated::store);
            return replicated;
        }
        final long nodeId = config.common().forceNodeId().orElse(1L);
        final MetadataServerService service = new MetadataServerService(context.nodeDir().resolve(DIRECTORY),
            serverOptions(nodeId, config.metadataServer()), clientOptions(config.metadataClient()), self(config));
        context.addBackupParticipant(service.backupParticipant());
        context.provide(MetadataStore.class, service::store);
        return service;
    }

    /**
     * The node's shared transport holder: the one an earlier factory offered through the context, or a new one
     * offered here (the log-server role shares it). Factories run one after the other on the launcher's thread, so
     * no two create it.
     *
     * @param context the node's context
     * @return the holder
     */
    public static SharedTransport sharedTransport(final NodeContext context) {
        final Optional<SharedTransport> offered = context.lookup(SharedTransport.class);
        if (offered.isPresent()) {
            return offered.get();
        }
        final SharedTransport created = new SharedTransport();
        context.provide(SharedTransport.class, () -> created);
        return created;
    }

    /**
     * What this node records about itself in {@code nodes_config}.
     *
     * @param config the node's configuration
     * @return the declaration
     */
    public static NodeRegistration.Self self(final RestateConfig config) {
        final var common = config.common();
        final List<String> roles = common.roles().stream().map(Role::configName).sorted().toList();
        return new NodeRegistration.Self(common.clusterName(), common.nodeName(),
            common.forceNodeId().map(OptionalLong::of).orElse(OptionalLong.empty()),
            common.fabric().advertisedAddress(), roles);
    }

    static MetadataServerOptions serverOptions(final long nodeId, final MetadataServerConfig server) {
        return new MetadataServerOptions(nodeId, server.raftTickInterval(), server.raftElectionTick(),
            server.raftHeartbeatTick(), server.logTrimThreshold(), server.requestQueueLength());
    }

    static MetadataClientOptions clientOptions(final MetadataClientConfig client) {
        final var backoff = client.backoffPolicy();
        final boolean exponential = "exponential".equals(backoff.type());
        final Duration initial = exponential ? backoff.initialInterval()
            : backoff.interval().orElse(backoff.initialInterval());
        final Duration max = exponential ? backoff.maxInterval().orElse(Duration.ofSeconds(1)) : initial;
        final int attempts = "none".equals(backoff.type()) ? 1
            : (int) Math.min(backoff.maxAttempts().orElse((long) UNLIMITED_ATTEMPTS), UNLIMITED_ATTEMPTS);
        return new MetadataClientOptions(client.connectTimeout(), initial, exponential ? backoff.factor() : 1.0,
            Math.max(1, attempts), max.compareTo(initial) < 0 ? initial : max);
    }
}
