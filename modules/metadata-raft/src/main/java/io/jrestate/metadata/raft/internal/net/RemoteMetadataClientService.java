package io.jrestate.metadata.raft.internal.net;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.Verify;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.config.RestateConfig;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.ReplicatedMetadataStore;
import io.jrestate.metadata.raft.internal.node.NodeRegistration;
import io.jrestate.node.api.NodeService;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The metadata client of a node without the {@code metadata-server} role (a cluster worker): it reaches the
 * replicated store run by the nodes listed in {@code [metadata-client] addresses} over the node transport.
 *
 * <table>
 *   <caption>What start does</caption>
 *   <tr><th>step</th><th>from</th></tr>
 *   <tr><td>generation</td><td>{@code <dir>/generation}, bumped and fsynced on every start</td></tr>
 *   <tr><td>candidate id</td><td>{@code force-node-id}; else the id recorded in {@code <dir>/node-id} by an
 *       earlier start; else a random provisional id (2^30 and up) for the first contact</td></tr>
 *   <tr><td>transport</td><td>UDP on the fabric bind address under the candidate id, as the metadata members
 *       use</td></tr>
 *   <tr><td>members</td><td>a handshake with every configured address (their node ids), waiting up to
 *       {@code initialization-timeout}</td></tr>
 *   <tr><td>registration</td><td>with {@code force-node-id}: this node in {@code nodes_config} (generation + 1,
 *       provisions an absent key). Without: joins by node name ({@link NodeRegistration#join}: a known name
 *       keeps its id, a new one gets the next free id above the members' ids), retrying while the cluster is
 *       not provisioned until {@code initialization-timeout}</td></tr>
 *   <tr><td>final id</td><td>when the registered id differs from the candidate, the transport restarts under
 *       it; a joined id is recorded in {@code <dir>/node-id} (fsynced)</td></tr>
 * </table>
 */
public final class RemoteMetadataClientService implements NodeService {
    private static final System.Logger LOG = System.getLogger(RemoteMetadataClientService.class.getName());
    private static final int PROVISIONAL_ID_MIN = 1 << 30;
    private static final long NOT_PROVISIONED_RETRY_MS = 500;

    private final RestateConfig config;
    private final Path dir;
    private final MetadataClientOptions clientOptions;
    private final NodeRegistration.Self self;
    private volatile AeronTransport transport;
    private volatile MetadataStore store;
    private volatile NodesConfiguration.Node registered;

    /**
     * Creates the service.
     *
     * @param config the node's configuration
     * @param dir the client's directory (its generation file)
     * @param clientOptions timeouts and backoff
     * @param self what the node records about itself in {@code nodes_config}
     */
    public RemoteMetadataClientService(final RestateConfig config, final Path dir,
                                       final MetadataClientOptions clientOptions, final NodeRegistration.Self self) {
        this.config = config;
        this.dir = dir;
        this.clientOptions = clientOptions;
        this.self = self;
    }

    @Override
    public String name() {
        return "metadata-client (remote)";
    }

    @Override
    public void start() throws Exception {
        Verify.that(store == null, "metadata client already started");
        final List<InetSocketAddress> addresses = MemberDirectory.parseAddresses(config.metadataClient().addresses());
        Verify.argument(!addresses.isEmpty(), "[metadata-client] addresses is empty: a node without the"
            + " metadata-server role needs the addresses of the metadata servers");
        final MemberDirectory directory = new MemberDirectory(dir);
        final int generation = directory.nextGeneration();
        final OptionalLong forced = config.common().forceNodeId().map(OptionalLong::of).orElse(OptionalLong.empty());
        final int candidate = forced.isPresent() ? (int) forced.getAsLong()
            : directory.nodeId().orElseGet(RemoteMetadataClientService::provisionalId);
        final long deadline = System.nanoTime() + config.common().initializationTimeout().toNanos();
        final Connection first = Connection.open(config, candidate, generation, addresses, clientOptions);
        try {
            registered = forced.isPresent() ? NodeRegistration.register(first.client(), self, clientOptions)
                : join(first, deadline);
            if (forced.isEmpty()) {
                directory.recordNodeId(registered.id());
            }
        } catch (final Exception e) {
            first.close();
            throw e;
        }
        Connection connection = first;
        if (registered.id() != candidate) {
            first.close();
            connection = Connection.open(config, registered.id(), generation, addresses, clientOptions);
        }
        transport = connection.transport();
        store = connection.client();
        LOG.log(Level.INFO, "metadata client: node {0} is N{1}:{2}, metadata members {3}", self.nodeName(),
            registered.id(), registered.generation(), connection.members());
    }

    /**
     * A node id to talk to the metadata members with before {@code nodes_config} gave this node its own: random,
     * above every id a cluster hands out in practice (ids count up from 1), so it collides neither with a member
     * nor with another node joining at the same time.
     */
    private static int provisionalId() {
        return PROVISIONAL_ID_MIN + new SecureRandom().nextInt(Integer.MAX_VALUE - PROVISIONAL_ID_MIN);
    }

    private NodesConfiguration.Node join(final Connection connection, final long deadline)
        throws InterruptedException {
        final Set<Long> memberIds = Set.copyOf(connection.members());
        boolean logged = false;
        while (true) {
            try {
                return NodeRegistration.join(connection.client(), self, memberIds, clientOptions);
            } catch (final NodeRegistration.NotProvisionedException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException(e.getMessage() + "; gave up after initialization-timeout "
                        + config.common().initializationTimeout(), e);
                }
                if (!logged) {
                    LOG.log(Level.INFO, "metadata client: {0}; still trying to join", e.getMessage());
                    logged = true;
                }
                Thread.sleep(NOT_PROVISIONED_RETRY_MS);
            }
        }
    }

    /** A started transport with the members as peers and a client of the store over it. */
    private record Connection(AeronTransport transport, List<Long> members, MetadataStore client) {
        static Connection open(final RestateConfig config, final int nodeId, final int generation,
                               final List<InetSocketAddress> addresses, final MetadataClientOptions options) {
            final String clusterName = config.common().clusterName();
            final NodeIdentity identity = new NodeIdentity(clusterName,
                Xxh3.hash64(clusterName.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId(nodeId, generation));
            final InetSocketAddress advertised = ReplicatedMetadataServerService.advertised(
                config.common().fabric().advertisedAddress());
            final AeronTransport started = AeronTransport.start(TransportOptions.defaults(identity,
                config.common().fabric().bindAddress().toSocketAddress(), advertised,
                TransportOptions.defaultAeronDirectory(clusterName, config.common().nodeName())));
            try {
                final Duration wait = config.common().initializationTimeout();
                final List<Long> members = new ArrayList<>();
                for (final InetSocketAddress address : addresses) {
                    final GenerationalNodeId member = started.probe(address)
                        .orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS).join();
                    started.addPeer(member.id(), address);
                    members.add((long) member.id());
                }
                return new Connection(started, List.copyOf(members), ReplicatedMetadataStore.connect(started, members,
                    options));
            } catch (final RuntimeException e) {
                started.close();
                throw e;
            }
        }

        void close() {
            client.close();
            transport.close();
        }
    }

    @Override
    public void stop(final Duration timeout) {
        final MetadataStore running = store;
        store = null;
        if (running != null) {
            running.close();
        }
        final AeronTransport t = transport;
        transport = null;
        if (t != null) {
            t.close();
        }
    }

    /**
     * The client, for the node's other services.
     *
     * @return the store client
     * @throws IllegalStateException when not started
     */
    public MetadataStore store() {
        final MetadataStore running = store;
        Verify.that(running != null, "metadata client is not running");
        return running;
    }

    /**
     * The node transport this client opened (under the node's final id), for the node's other services (the admin
     * API probes other nodes with it).
     *
     * @return the transport
     * @throws IllegalStateException when not started
     */
    public Transport transport() {
        final AeronTransport running = transport;
        Verify.that(running != null, "metadata client is not running");
        return running;
    }

    /**
     * This node's entry in {@code nodes_config} as recorded by the last start.
     *
     * @return the entry
     */
    public NodesConfiguration.Node registeredNode() {
        final NodesConfiguration.Node node = registered;
        Verify.that(node != null, "metadata client is not running");
        return node;
    }
}
