package io.jrestate.metadata.raft.internal.net;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.common.Verify;
import io.jrestate.config.RestateConfig;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.ReplicatedMetadataStore;
import io.jrestate.metadata.raft.internal.node.NodeRegistration;
import io.jrestate.node.api.NodeService;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The metadata client of a node without the {@code metadata-server} role (a cluster worker): it reaches the
 * replicated store run by the nodes listed in {@code [metadata-client] addresses} over the node transport.
 *
 * <table>
 *   <caption>What start does</caption>
 *   <tr><th>step</th><th>from</th></tr>
 *   <tr><td>node id</td><td>{@code force-node-id} (required until node ids come from joining)</td></tr>
 *   <tr><td>transport</td><td>the node's {@link SharedTransport} (UDP on the fabric bind address, as the metadata
 *       members use), started here unless another role did; generation from the node's
 *       {@code transport-generation} (seeded from the older {@code <dir>/generation})</td></tr>
 *   <tr><td>members</td><td>a handshake with every configured address (their node ids), waiting up to
 *       {@code initialization-timeout}</td></tr>
 *   <tr><td>registration</td><td>this node in {@code nodes_config} (generation + 1)</td></tr>
 * </table>
 */
public final class RemoteMetadataClientService implements NodeService {
    private static final System.Logger LOG = System.getLogger(RemoteMetadataClientService.class.getName());

    private final RestateConfig config;
    private final Path dir;
    private final MetadataClientOptions clientOptions;
    private final NodeRegistration.Self self;
    private final SharedTransport sharedTransport;
    private volatile Transport transport;
    private volatile MetadataStore store;
    private volatile NodesConfiguration.Node registered;

    /**
     * Creates the service.
     *
     * @param config the node's configuration
     * @param dir the client's directory (its generation file)
     * @param clientOptions timeouts and backoff
     * @param self what the node records about itself in {@code nodes_config}
     * @param sharedTransport the node's transport, shared with its other roles
     */
    public RemoteMetadataClientService(final RestateConfig config, final Path dir,
                                       final MetadataClientOptions clientOptions, final NodeRegistration.Self self,
                                       final SharedTransport sharedTransport) {
        this.config = config;
        this.dir = dir;
        this.clientOptions = clientOptions;
        this.self = self;
        this.sharedTransport = sharedTransport;
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
        final long nodeId = config.common().forceNodeId().orElseThrow(() -> new IllegalArgumentException(
            "a node without the metadata-server role reaches the metadata store remotely and needs force-node-id"
                + " until node ids are assigned by joining"));
        final Transport started = sharedTransport.acquire(() -> ReplicatedMetadataServerService.transportOptions(
            config, nodeId, SharedTransport.nextGeneration(dir.getParent(), dir.resolve("generation"))));
        transport = started;
        try {
            connect(started, addresses);
        } catch (final RuntimeException e) {
            transport = null;
            sharedTransport.release();
            throw e;
        }
    }

    private void connect(final Transport started, final List<InetSocketAddress> addresses) {
        final Duration wait = config.common().initializationTimeout();
        final List<Long> members = new ArrayList<>();
        for (final InetSocketAddress address : addresses) {
            final GenerationalNodeId member = started.probe(address).orTimeout(wait.toNanos(), TimeUnit.NANOSECONDS)
                .join();
            started.addPeer(member.id(), address);
            members.add((long) member.id());
        }
        final MetadataStore connected = ReplicatedMetadataStore.connect(started, members, clientOptions);
        registered = NodeRegistration.register(connected, self, clientOptions);
        store = connected;
        LOG.log(Level.INFO, "metadata client: node {0} is N{1}:{2}, metadata members {3}", self.nodeName(),
            registered.id(), registered.generation(), members);
    }

    @Override
    public void stop(final Duration timeout) {
        final MetadataStore running = store;
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
