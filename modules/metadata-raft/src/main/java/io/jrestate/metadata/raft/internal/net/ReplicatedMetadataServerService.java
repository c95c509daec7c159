package io.jrestate.metadata.raft.internal.net;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.Verify;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.config.RestateConfig;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.ReplicatedMetadataStore;
import io.jrestate.metadata.raft.internal.node.BackgroundRegistration;
import io.jrestate.metadata.raft.internal.node.MetadataServerFactory;
import io.jrestate.node.api.NodeService;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code metadata-server} role when {@code [metadata-client] type = "replicated"} lists several addresses:
 * this process is one member of a Raft group over the node transport (Aeron UDP on the fabric port).
 *
 * <table>
 *   <caption>What start does</caption>
 *   <tr><th>step</th><th>from</th></tr>
 *   <tr><td>node id</td><td>{@code force-node-id} (required until node ids come from joining)</td></tr>
 *   <tr><td>generation</td><td>the node's {@code transport-generation}, bumped and fsynced by the role that starts
 *       the node's shared transport (seeded from the older {@code <dir>/generation})</td></tr>
 *   <tr><td>cluster fingerprint</td><td>XXH3 of the cluster name (stand-in until provisioning records one)</td></tr>
 *   <tr><td>transport</td><td>the node's {@link SharedTransport}: UDP on the fabric bind address, advertised as the
 *       fabric advertised address; started here unless another role of the node already did</td></tr>
 *   <tr><td>members</td><td>{@code <dir>/members} if recorded, else a handshake with every configured address,
 *       waiting up to {@code initialization-timeout}; then recorded</td></tr>
 *   <tr><td>store</td><td>{@link ReplicatedMetadataStore}, bootstrapped with all members as voters</td></tr>
 *   <tr><td>registration</td><td>this node in {@code nodes_config}, in the background until a quorum answers
 *       ({@link BackgroundRegistration})</td></tr>
 * </table>
 */
public final class ReplicatedMetadataServerService implements NodeService {
    private static final System.Logger LOG = System.getLogger(ReplicatedMetadataServerService.class.getName());

    private final RestateConfig config;
    private final Path dir;
    private final MetadataServerOptions serverOptions;
    private final MetadataClientOptions clientOptions;
    private final SharedTransport sharedTransport;
    private volatile Transport transport;
    private volatile ReplicatedMetadataStore store;
    private volatile BackgroundRegistration registration;

    /**
     * Creates the service.
     *
     * @param config the node's configuration
     * @param dir the member's directory
     * @param serverOptions the member's options (its node id from {@code force-node-id})
     * @param clientOptions the client's options
     * @param sharedTransport the node's transport, shared with its other roles
     */
    public ReplicatedMetadataServerService(final RestateConfig config, final Path dir,
                                           final MetadataServerOptions serverOptions,
                                           final MetadataClientOptions clientOptions,
                                           final SharedTransport sharedTransport) {
        this.config = config;
        this.dir = dir;
        this.serverOptions = serverOptions;
        this.clientOptions = clientOptions;
        this.sharedTransport = sharedTransport;
    }

    @Override
    public String name() {
        return "metadata-server (replicated)";
    }

    @Override
    public void start() throws Exception {
        Verify.that(store == null, "metadata-server already started");
        final MemberDirectory files = new MemberDirectory(dir);
        final InetSocketAddress advertised = advertised(config.common().fabric().advertisedAddress());
        final Transport started = sharedTransport.acquire(() -> transportOptions(config, serverOptions.nodeId(),
            SharedTransport.nextGeneration(dir.getParent(), dir.resolve("generation"))));
        transport = started;
        final NodeIdentity identity = started.identity();
        final Map<Long, InetSocketAddress> members = members(files, started, advertised);
        LOG.log(Level.INFO, "metadata server {0} joins members {1}", identity, members);
        store = ReplicatedMetadataStore.open(dir, serverOptions, clientOptions, started,
            members.keySet().stream().sorted().toList());
        registration = BackgroundRegistration.start(store, MetadataServerFactory.self(config), clientOptions);
    }

    /**
     * The options of a node's shared transport as the metadata roles start it.
     *
     * @param config the node's configuration
     * @param nodeId the node's plain id
     * @param generation this start's generation
     * @return the options
     */
    public static TransportOptions transportOptions(final RestateConfig config, final long nodeId,
                                                    final int generation) {
        final String clusterName = config.common().clusterName();
        final NodeIdentity identity = new NodeIdentity(clusterName,
            Xxh3.hash64(clusterName.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId((int) nodeId,
            generation));
        return TransportOptions.defaults(identity, config.common().fabric().bindAddress().toSocketAddress(),
            advertised(config.common().fabric().advertisedAddress()),
            TransportOptions.defaultAeronDirectory(clusterName, config.common().nodeName()));
    }

    private Map<Long, InetSocketAddress> members(final MemberDirectory files, final Transport started,
                                                 final InetSocketAddress advertised) throws IOException {
        final Map<Long, InetSocketAddress> recorded = files.members();
        if (!recorded.isEmpty()) {
            recorded.forEach((id, address) -> {
                if (id != serverOptions.nodeId()) {
                    started.addPeer(id.intValue(), address);
                }
            });
            return recorded;
        }
        final Map<Long, InetSocketAddress> found = new LinkedHashMap<>();
        found.put(serverOptions.nodeId(), advertised);
        final Duration wait = config.common().initializationTimeout();
        for (final InetSocketAddress address : MemberDirectory.parseAddresses(config.metadataClient().addresses())) {
            if (address.equals(advertised)) {
                continue;
            }
            final GenerationalNodeId peer = started.probe(address).orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
                .join();
            found.put((long) peer.id(), address);
        }
        files.recordMembers(found);
        return found;
    }

    static InetSocketAddress advertised(final String advertisedAddress) {
        final URI uri = URI.create(advertisedAddress);
        Verify.argument(uri.getHost() != null && uri.getPort() > 0, "advertised-address '" + advertisedAddress
            + "' needs a host and a port");
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }

    @Override
    public void stop(final Duration timeout) {
        final BackgroundRegistration registering = registration;
        registration = null;
        if (registering != null) {
            registering.close();
        }
        final ReplicatedMetadataStore running = store;
        store = null;
        if (running != null) {
            running.close();
        }
        final Transport t = transport;
        transport = null;
        if (t != null) {
            sharedTransport.release();
        }
    }

    /**
     * The running store, for the node's other services.
     *
     * @return the store
     */
    public MetadataStore store() {
        final ReplicatedMetadataStore running = store;
        Verify.that(running != null, "metadata-server is not running");
        return running;
    }

    /**
     * The addresses of the members, as configured.
     *
     * @return the parsed addresses
     */
    List<InetSocketAddress> configuredAddresses() {
        return MemberDirectory.parseAddresses(config.metadataClient().addresses());
    }
}
