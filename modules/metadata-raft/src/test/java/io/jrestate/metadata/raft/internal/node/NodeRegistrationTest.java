package io.jrestate.metadata.raft.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.EmbeddedMetadataStore;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataStoreException;
import io.jrestate.metadata.raft.MetadataUnavailableException;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.VersionedValue;
import io.jrestate.node.api.NodeContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node configuration in the metadata store: a node's generation goes up on every start of the
 * {@code metadata-server} role and survives restarts; the role offers its store to the other roles; a
 * compare-and-set lost to a concurrent writer is retried on the new version (and reported once attempts run out);
 * contradictions (another cluster, a taken or changed forced id) are refused with the key named; a replicated
 * member registers in the background once its group answers.
 */
@Timeout(60)
class NodeRegistrationTest {
    private static final MetadataClientOptions FAST = new MetadataClientOptions(Duration.ofSeconds(5),
        Duration.ofMillis(1), 1.4, 4, Duration.ofMillis(5));

    @TempDir
    Path dir;

    private static RestateConfig config() {
        return ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
    }

    private EmbeddedMetadataStore open() throws Exception {
        return EmbeddedMetadataStore.open(dir.resolve("store"), new MetadataServerOptions(1, Duration.ofMillis(20),
            10, 2, 1000, 32), MetadataClientOptions.defaults());
    }

    private static NodeRegistration.Self self(final String name, final OptionalLong id) {
        return new NodeRegistration.Self("cluster-a", name, id, "http://127.0.0.1:5122/", List.of("worker"));
    }

    @Test
    void shouldIncrementTheGenerationOnEveryStartAndOfferTheStore() throws Exception {
        final NodeContext context = new NodeContext(config(), dir, "1.7.12", new Router(), new Router());
        for (int start = 1; start <= 3; start++) {
            final MetadataServerService service = (MetadataServerService) new MetadataServerFactory().create(context);
            service.start();
            try {
                assertEquals(start, service.registeredNode().generation());
                assertEquals(1, service.registeredNode().id());
                final MetadataStore offered = context.lookup(MetadataStore.class).orElseThrow();
                final NodesConfiguration stored = NodesConfiguration.decode(MetadataUpdates.await(
                    offered.get(NodesConfiguration.KEY)).orElseThrow().value());
                assertEquals(config().common().clusterName(), stored.clusterName());
                assertEquals(start, stored.byName(config().common().nodeName()).orElseThrow().generation());
                assertTrue(stored.nodes().getFirst().roles().contains("metadata-server"));
            } finally {
                service.stop(Duration.ofSeconds(5));
            }
        }
        assertThrows(IllegalStateException.class, () -> context.lookup(MetadataStore.class));
    }

    @Test
    void shouldJoinByNameWithoutProvisioningAndSkipTheMembersIds() throws Exception {
        try (EmbeddedMetadataStore store = open()) {
            assertThrows(NodeRegistration.NotProvisionedException.class, () -> NodeRegistration.join(store,
                self("w1", OptionalLong.empty()), Set.of(1L), FAST));
            assertTrue(MetadataUpdates.await(store.get(NodesConfiguration.KEY)).isEmpty(), "a joiner never provisions");
            NodeRegistration.register(store, self("n1", OptionalLong.of(1)), FAST);
            final NodesConfiguration.Node w1 = NodeRegistration.join(store, self("w1", OptionalLong.empty()),
                Set.of(1L, 2L, 3L), FAST);
            assertEquals(4, w1.id(), "above the members N2 and N3, which have not registered yet");
            assertEquals(1, w1.generation());
            final NodesConfiguration.Node again = NodeRegistration.join(store, self("w1", OptionalLong.empty()),
                Set.of(1L, 2L, 3L, 7L), FAST);
            assertEquals(4, again.id(), "a known name keeps its id");
            assertEquals(2, again.generation());
            assertEquals(5, NodeRegistration.join(store, self("w2", OptionalLong.empty()), Set.of(1L), FAST).id());
        }
    }

    @Test
    void shouldRetryACompareAndSetLostToAConcurrentWriter() throws Exception {
        try (EmbeddedMetadataStore store = open()) {
            NodeRegistration.register(store, self("n1", OptionalLong.empty()), FAST);
            final AtomicInteger interfered = new AtomicInteger();
            final MetadataStore racing = new Racing(store, () -> {
                if (interfered.getAndIncrement() == 0) {
                    NodeRegistration.register(store, self("n2", OptionalLong.empty()), FAST);
                }
            });
            final NodesConfiguration.Node n1 = NodeRegistration.register(racing, self("n1", OptionalLong.empty()),
                FAST);
            assertEquals(2, n1.generation());
            final NodesConfiguration stored = NodesConfiguration.decode(MetadataUpdates.await(
                store.get(NodesConfiguration.KEY)).orElseThrow().value());
            assertEquals(List.of(1, 2), stored.nodes().stream().map(NodesConfiguration.Node::id).toList(),
                "the racing writer's node is kept: the update was redone on the new version");
            assertEquals(3, MetadataUpdates.await(store.getVersion(NodesConfiguration.KEY)).orElseThrow());

            final MetadataStore alwaysRacing = new Racing(store, () -> MetadataUpdates.await(store.put(
                "nodes_config", MetadataUpdates.await(store.get("nodes_config")).orElseThrow().value(),
                NodesConfiguration.CONTENT_TYPE, Precondition.none())));
            final MetadataStoreException gaveUp = assertThrows(MetadataStoreException.class,
                () -> NodeRegistration.register(alwaysRacing, self("n1", OptionalLong.empty()), FAST));
            assertTrue(gaveUp.getMessage().contains("'nodes_config'") && gaveUp.getMessage().contains("4 attempts"),
                gaveUp.getMessage());
        }
    }

    @Test
    void shouldRefuseContradictionsNamingTheKey() throws Exception {
        try (EmbeddedMetadataStore store = open()) {
            NodeRegistration.register(store, self("n1", OptionalLong.of(3)), FAST);
            assertTrue(assertThrows(IllegalStateException.class, () -> NodeRegistration.register(store,
                self("n1", OptionalLong.of(4)), FAST)).getMessage().contains("force-node-id is 4"));
            assertTrue(assertThrows(IllegalStateException.class, () -> NodeRegistration.register(store,
                self("n2", OptionalLong.of(3)), FAST)).getMessage().contains("already taken"));
            assertTrue(assertThrows(IllegalStateException.class, () -> NodeRegistration.register(store,
                new NodeRegistration.Self("cluster-b", "n1", OptionalLong.empty(), "a", List.of()), FAST))
                .getMessage().contains("cluster 'cluster-a'"));
            assertEquals(4, NodeRegistration.register(store, self("n2", OptionalLong.empty()), FAST).id());
        }
        final IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
            () -> NodesConfiguration.decode(new byte[] {1, 2, 3}));
        assertTrue(bad.getMessage().contains("nodes_config"), bad.getMessage());
    }

    @Test
    void shouldRegisterInTheBackgroundOnceTheStoreAnswers() throws Exception {
        try (EmbeddedMetadataStore store = open()) {
            final AtomicInteger reads = new AtomicInteger();
            final MetadataStore unavailableTwice = new Racing(store, () -> { }) {
                @Override
                public CompletableFuture<Optional<VersionedValue>> get(final String key) {
                    return reads.incrementAndGet() <= 2 ? CompletableFuture.failedFuture(
                        new MetadataUnavailableException("no quorum yet")) : store.get(key);
                }
            };
            try (BackgroundRegistration registration = BackgroundRegistration.start(unavailableTwice,
                self("n1", OptionalLong.empty()), FAST)) {
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (registration.registered() == null && System.nanoTime() < deadlineNs) {
                    Thread.sleep(20);
                }
                assertEquals(1, registration.registered().generation());
                assertEquals(3, reads.get(), "two unavailable reads, then the one that registered");
            }
        }
    }

    /** A store that lets another writer in between each read and the following write. */
    private static class Racing implements MetadataStore {
        private final MetadataStore store;
        private final Runnable betweenReadAndWrite;

        Racing(final MetadataStore store, final Runnable betweenReadAndWrite) {
            this.store = store;
            this.betweenReadAndWrite = betweenReadAndWrite;
        }

        @Override
        public CompletableFuture<Optional<VersionedValue>> get(final String key) {
            return store.get(key);
        }

        @Override
        public CompletableFuture<Optional<Long>> getVersion(final String key) {
            return store.getVersion(key);
        }

        @Override
        public CompletableFuture<Long> put(final String key, final byte[] value, final String contentType,
                                           final Precondition precondition) {
            betweenReadAndWrite.run();
            return store.put(key, value, contentType, precondition);
        }

        @Override
        public CompletableFuture<Void> delete(final String key, final Precondition precondition) {
            return store.delete(key, precondition);
        }

        @Override
        public void close() {
        }
    }
}
