package io.jrestate.log.server.internal.node;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.SharedTransport;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportException;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.Router;
import io.jrestate.log.server.LogServerClient;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.StoreRequest;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.LogletStorage;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code log-server} role as the launcher runs it: found by the service loader, started from a
 * {@code restate.toml}, it starts the node's shared transport (node id from {@code force-node-id}, generation +1
 * per start), serves a client on another transport, keeps its records across a restart, and refuses to start
 * with a data-loss error when {@code log-store/} was wiped while the storage marker remained; deleting the
 * marker accepts the loss.
 */
class LogServerFactoryTest {
    private static final String CLUSTER = "ls-factory-test";

    @TempDir
    Path dir;

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private RestateConfig config(final int port) throws IOException {
        return config(port, "\"log-server\"");
    }

    private RestateConfig config(final int port, final String roles) throws IOException {
        final Path file = dir.resolve("restate.toml");
        Files.writeString(file, "node-name = \"ls1\"\ncluster-name = \"" + CLUSTER + "\"\nforce-node-id = 3\n"
            + "roles = [" + roles + "]\nbind-address = \"127.0.0.1:" + port + "\"\n"
            + "advertised-address = \"http://127.0.0.1:" + port + "/\"\n");
        return ConfigLoader.load(new ConfigSources(Optional.of(file), Map.of(), List.of(), "test-host")).config();
    }

    private static NodeServiceFactory factory() {
        for (final NodeServiceFactory factory : ServiceLoader.load(NodeServiceFactory.class)) {
            if (factory.role() == Role.LOG_SERVER) {
                return factory;
            }
        }
        throw new AssertionError("no log-server factory registered with the service loader");
    }

    @Test
    void shouldServeFromTheSharedTransportAndRefuseAWipedStore() throws Exception {
        final int port = freeUdpPort();
        final RestateConfig config = config(port);
        final Path nodeDir = dir.resolve("node");
        final InetSocketAddress clientAddress = new InetSocketAddress("127.0.0.1", freeUdpPort());
        try (AeronTransport clientTransport = AeronTransport.start(TransportOptions.defaults(new NodeIdentity(CLUSTER,
                Xxh3.hash64(CLUSTER.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId(9, 1)), clientAddress,
                clientAddress, TransportOptions.defaultAeronDirectory(CLUSTER, "client-" + port)))) {
            clientTransport.addPeer(3, new InetSocketAddress("127.0.0.1", port));
            final LogServerClient client = new LogServerClient(clientTransport, TimeUnit.SECONDS.toNanos(30));
            for (int start = 1; start <= 2; start++) {
                final NodeContext context = new NodeContext(config, nodeDir, "1.7.12", new Router(), new Router());
                final NodeService service = factory().create(context);
                service.start();
                try {
                    final Transport shared = context.lookup(SharedTransport.class).orElseThrow().current()
                        .orElseThrow();
                    assertEquals(new GenerationalNodeId(3, start), shared.identity().nodeId());
                    final TailState stored = storeRetrying(client, StoreRequest.of(7L << 32,
                        new GenerationalNodeId(9, 1), start, List.of(("r" + start).getBytes(StandardCharsets.UTF_8))));
                    assertEquals(LogletStatus.OK, stored.status());
                    assertEquals(start + 1, stored.localTailOffset(), "records of the earlier start are kept");
                } finally {
                    service.stop(Duration.ofSeconds(5));
                }
            }
        }
        deleteTree(nodeDir.resolve(LogletStorage.DIRECTORY));
        final NodeService wiped = factory().create(new NodeContext(config, nodeDir, "1.7.12", new Router(),
            new Router()));
        final IllegalStateException loss = assertThrows(IllegalStateException.class, wiped::start);
        assertTrue(loss.getMessage().startsWith("log-server data loss detected: the storage marker "
            + nodeDir.resolve("log-server.marker")), loss.getMessage());
        wiped.stop(Duration.ofSeconds(5));
        Files.delete(nodeDir.resolve("log-server.marker"));
        final NodeService accepted = factory().create(new NodeContext(config, nodeDir, "1.7.12", new Router(),
            new Router()));
        accepted.start();
        accepted.stop(Duration.ofSeconds(5));
        assertTrue(Files.exists(nodeDir.resolve("log-server.marker")), "a new marker for the new store");
    }

    @Test
    void shouldRefuseANodeWhoseRemoteMetadataClientOpensItsOwnTransport() throws Exception {
        final RestateConfig config = config(freeUdpPort(), "\"worker\", \"log-server\"");
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
            () -> factory().create(new NodeContext(config, dir.resolve("node"), "1.7.12", new Router(),
                new Router())));
        assertTrue(refused.getMessage().startsWith("roles: log-server cannot run yet on a node with worker but"
            + " without metadata-server"), refused.getMessage());
    }

    // The client may still hold the session of the previous generation: a store is idempotent, so retry.
    private static TailState storeRetrying(final LogServerClient client, final StoreRequest store) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.store(3, store).get(60, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TransportException) || attempt == 20) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
