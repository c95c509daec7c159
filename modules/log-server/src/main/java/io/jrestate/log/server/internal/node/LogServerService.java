package io.jrestate.log.server.internal.node;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.Verify;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.config.RestateConfig;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.server.internal.LogServerCore;
import io.jrestate.log.server.internal.LogServerOptions;
import io.jrestate.log.server.internal.LogServerRpc;
import io.jrestate.log.server.internal.LogletStorage;
import io.jrestate.node.api.NodeService;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code log-server} role of a node.
 *
 * <table>
 *   <caption>What start does</caption>
 *   <tr><th>step</th><th>how</th></tr>
 *   <tr><td>storage</td><td>{@code <node dir>/log-store/}, refused when the storage marker says it was lost</td></tr>
 *   <tr><td>worker</td><td>one thread owning every loglet ({@link LogServerCore})</td></tr>
 *   <tr><td>transport</td><td>the node's {@link SharedTransport}; if this role starts it: node id
 *       {@code force-node-id} (else 1), generation from {@code <node dir>/transport-generation}, UDP on the fabric
 *       bind address, advertised as the fabric advertised address</td></tr>
 *   <tr><td>RPCs</td><td>{@link LogServerRpc} handlers on the transport</td></tr>
 * </table>
 */
public final class LogServerService implements NodeService {
    private static final System.Logger LOG = System.getLogger(LogServerService.class.getName());
    private static final long SEGMENT_BYTES = 32L << 20;

    private final RestateConfig config;
    private final Path nodeDir;
    private final SharedTransport sharedTransport;
    private final LogServerOptions options;
    private volatile LogServerCore core;
    private volatile Transport transport;

    /**
     * Creates the service.
     *
     * @param config the node's configuration
     * @param nodeDir the node directory
     * @param sharedTransport the node's transport holder
     * @param options limits
     */
    public LogServerService(final RestateConfig config, final Path nodeDir, final SharedTransport sharedTransport,
        final LogServerOptions options) {
        this.config = config;
        this.nodeDir = nodeDir;
        this.sharedTransport = sharedTransport;
        this.options = options;
    }

    @Override
    public String name() {
        return "log-server";
    }

    @Override
    public void start() throws Exception {
        Verify.that(core == null, "log-server already started");
        // 32 MiB segments hold any record the transport can carry (16 MiB messages) and keep an idle node small.
        final LogletStorage storage = LogletStorage.openForNode(nodeDir, LogStoreOptions.builder()
            .segmentBytes(SEGMENT_BYTES).build());
        final LogServerCore started = new LogServerCore(storage, options, System::currentTimeMillis);
        final Transport t;
        try {
            t = sharedTransport.acquire(this::transportOptions);
        } catch (final Exception e) {
            started.close(1_000);
            throw e;
        }
        core = started;
        transport = t;
        LogServerRpc.bind(t, started);
        LOG.log(Level.INFO, "log-server {0} serving loglets from {1} (store {2})", t.identity(),
            nodeDir.resolve(LogletStorage.DIRECTORY), String.format("%016x", storage.storeId()));
    }

    private TransportOptions transportOptions() throws java.io.IOException {
        final long nodeId = config.common().forceNodeId().orElse(1L);
        final int generation = SharedTransport.nextGeneration(nodeDir);
        final String clusterName = config.common().clusterName();
        final NodeIdentity identity = new NodeIdentity(clusterName,
            Xxh3.hash64(clusterName.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId((int) nodeId,
            generation));
        final URI advertised = URI.create(config.common().fabric().advertisedAddress());
        Verify.argument(advertised.getHost() != null && advertised.getPort() > 0, "advertised-address '"
            + advertised + "' needs a host and a port");
        return TransportOptions.defaults(identity, config.common().fabric().bindAddress().toSocketAddress(),
            new InetSocketAddress(advertised.getHost(), advertised.getPort()),
            TransportOptions.defaultAeronDirectory(clusterName, config.common().nodeName()));
    }

    @Override
    public void stop(final Duration timeout) throws Exception {
        final Transport t = transport;
        transport = null;
        if (t != null) {
            LogServerRpc.unbind(t);
            sharedTransport.release();
        }
        final LogServerCore running = core;
        core = null;
        if (running != null) {
            running.close(timeout.toMillis());
        }
    }
}
