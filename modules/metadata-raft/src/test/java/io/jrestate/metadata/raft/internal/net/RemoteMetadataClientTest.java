package io.jrestate.metadata.raft.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.ReplicatedMetadataStore;
import io.jrestate.metadata.raft.internal.node.MetadataClientFactory;
import io.jrestate.metadata.raft.internal.node.NodeRegistration;
import io.jrestate.node.api.NodeContext;
import io.jrestate.node.api.NodeService;
import io.jrestate.node.api.NodeServiceFactory;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker node without the {@code metadata-server} role: the {@link MetadataClientFactory} (found by the service
 * loader for the {@code worker} role, ranked before the worker) connects to a metadata member in the same JVM
 * over the transport, offers the remote client through the node context, and records the node in
 * {@code nodes_config} with a generation that goes up on each start.
 */
@Tag("slow")
@Timeout(90)
class RemoteMetadataClientTest {
    /**
     * Unique per test JVM: the worker's media driver directory is named after its cluster and node and deleted
     * when a driver starts, so two runs of this test on one machine must not share a cluster name.
     */
    private static final String CLUSTER = "remote-client-test-" + ProcessHandle.current().pid();

    @TempDir
    Path dir;

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private RestateConfig workerConfig(final int memberPort, final int ownPort) throws IOException {
        return workerConfig("w2", "force-node-id = 2\n", memberPort, ownPort);
    }

    private RestateConfig workerConfig(final String name, final String extra, final int memberPort, final int ownPort)
        throws IOException {
        final Path file = dir.resolve(name + ".toml");
        Files.writeString(file, "node-name = \"" + name + "\"\ncluster-name = \"" + CLUSTER + "\"\n" + extra
            + "roles = [\"worker\"]\nbind-address = \"127.0.0.1:" + ownPort + "\"\n"
            + "advertised-address = \"http://127.0.0.1:" + ownPort + "/\"\n"
            + "[metadata-client]\ntype = \"replicated\"\naddresses = [\"http://127.0.0.1:" + memberPort + "/\"]\n");
        return ConfigLoader.load(new ConfigSources(Optional.of(file), Map.of(), List.of(), "test-host")).config();
    }

    private static NodeServiceFactory clientFactory() {
        for (final NodeServiceFactory factory : ServiceLoader.load(NodeServiceFactory.class)) {
            if (factory instanceof MetadataClientFactory) {
                return factory;
            }
        }
        throw new AssertionError("MetadataClientFactory is not registered with the service loader");
    }

    @Test
    void shouldReachTheReplicatedStoreFromANodeWithoutTheMetadataServerRole() throws Exception {
        final int memberPort = freeUdpPort();
        final InetSocketAddress memberAddress = new InetSocketAddress("127.0.0.1", memberPort);
        final TransportOptions memberOptions = TransportOptions.defaults(new NodeIdentity(CLUSTER,
                Xxh3.hash64(CLUSTER.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId(1, 1)), memberAddress,
                memberAddress, TransportOptions.defaultAeronDirectory(CLUSTER, "member-" + memberPort))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3));
        try (AeronTransport memberTransport = AeronTransport.start(memberOptions);
             ReplicatedMetadataStore member = ReplicatedMetadataStore.open(dir.resolve("member"),
                 new MetadataServerOptions(1, Duration.ofMillis(50), 10, 2, 1000, 64),
                 MetadataClientOptions.defaults(), memberTransport, List.of(1L))) {
            final NodeServiceFactory factory = clientFactory();
            assertEquals(Role.WORKER, factory.role());
            assertTrue(factory.startRank() < 100, "starts before the worker");
            final RestateConfig config = workerConfig(memberPort, freeUdpPort());
            for (int start = 1; start <= 2; start++) {
                final NodeContext context = new NodeContext(config, dir.resolve("node"), "1.7.12", new Router(),
                    new Router());
                final NodeService service = factory.create(context);
                service.start();
                try {
                    final MetadataStore client = context.lookup(MetadataStore.class).orElseThrow();
                    final NodesConfiguration stored = NodesConfiguration.decode(MetadataUpdates.await(
                        member.get(NodesConfiguration.KEY)).orElseThrow().value());
                    final NodesConfiguration.Node self = stored.byName("w2").orElseThrow();
                    assertEquals(2, self.id());
                    assertEquals(start, self.generation());
                    assertEquals(List.of("worker"), self.roles());
                    assertEquals(start, ((RemoteMetadataClientService) service).registeredNode().generation());
                    assertEquals(Optional.of((long) start), MetadataUpdates.await(client.getVersion(
                        NodesConfiguration.KEY)));
                } finally {
                    service.stop(Duration.ofSeconds(5));
                }
            }
        }
    }

    @Test
    void shouldGetItsNodeIdFromNodesConfigWithoutForceNodeId() throws Exception {
        final int memberPort = freeUdpPort();
        final InetSocketAddress memberAddress = new InetSocketAddress("127.0.0.1", memberPort);
        final TransportOptions memberOptions = TransportOptions.defaults(new NodeIdentity(CLUSTER,
                Xxh3.hash64(CLUSTER.getBytes(StandardCharsets.UTF_8)), new GenerationalNodeId(1, 1)), memberAddress,
                memberAddress, TransportOptions.defaultAeronDirectory(CLUSTER, "member-" + memberPort))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3));
        try (AeronTransport memberTransport = AeronTransport.start(memberOptions);
             ReplicatedMetadataStore member = ReplicatedMetadataStore.open(dir.resolve("member"),
                 new MetadataServerOptions(1, Duration.ofMillis(50), 10, 2, 1000, 64),
                 MetadataClientOptions.defaults(), memberTransport, List.of(1L))) {
            NodeRegistration.register(member, new NodeRegistration.Self(CLUSTER, "n1", OptionalLong.of(1),
                "http://127.0.0.1:" + memberPort + "/", List.of("metadata-server")), MetadataClientOptions.defaults());
            final RestateConfig w4 = workerConfig("w4", "", memberPort, freeUdpPort());
            final RestateConfig w5 = workerConfig("w5", "", memberPort, freeUdpPort());
            assertJoins(w4, "w4", 2, 1);
            assertJoins(w5, "w5", 3, 1);
            assertJoins(w4, "w4", 2, 2);
            assertEquals("2", Files.readString(dir.resolve("w4").resolve(MetadataClientFactory.DIRECTORY)
                .resolve("node-id")).trim(), "the joined id is kept as the next start's first guess");
            final NodesConfiguration stored = NodesConfiguration.decode(MetadataUpdates.await(
                member.get(NodesConfiguration.KEY)).orElseThrow().value());
            assertEquals(List.of(1, 2, 3), stored.nodes().stream().map(NodesConfiguration.Node::id).toList());
        }
    }

    private void assertJoins(final RestateConfig config, final String name, final int id, final int generation)
        throws Exception {
        final NodeContext context = new NodeContext(config, dir.resolve(name), "1.7.12", new Router(), new Router());
        final NodeService service = clientFactory().create(context);
        service.start();
        try {
            final NodesConfiguration.Node self = ((RemoteMetadataClientService) service).registeredNode();
            assertEquals(id, self.id(), name + " id");
            assertEquals(generation, self.generation(), name + " generation");
            final MetadataStore client = context.lookup(MetadataStore.class).orElseThrow();
            final String key = "probe-" + name + "-" + generation;
            assertEquals(1L, MetadataUpdates.await(client.put(key, new byte[] {1}, "application/octet-stream",
                Precondition.doesNotExist())), "the client works under the node's final id");
            assertEquals(Optional.of(1L), MetadataUpdates.await(client.getVersion(key)));
        } finally {
            service.stop(Duration.ofSeconds(5));
        }
    }
}
