package io.jrestate.worker.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.EmbeddedMetadataStore;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUpdates;
import io.jrestate.node.api.NodeContext;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.ManifestParser;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.worker.NodeSchemas;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema registry in the metadata store: a registered deployment is there after a restart and is read from
 * the store (no file is written), an old {@code schema-registry.json} is moved in once, a registration that
 * lost a compare-and-set to another writer is re-applied on the reloaded state, and a deployment registered on
 * another node shows up without a restart.
 */
@Timeout(60)
class MetadataSchemaStoreTest {
    private static final String GREETER = "{\"name\":\"Greeter\",\"ty\":\"SERVICE\",\"handlers\":"
            + "[{\"name\":\"greet\"}]}";
    private static final String COUNTER = "{\"name\":\"Counter\",\"ty\":\"VIRTUAL_OBJECT\",\"handlers\":"
            + "[{\"name\":\"add\"}]}";

    @TempDir
    Path nodeDir;

    private static DiscoveredEndpoint endpoint(final String uri, final String service) throws Exception {
        return new DiscoveredEndpoint(URI.create(uri), HttpMode.HTTP2, List.of(), "sdk/1", ManifestParser.parse(4,
                ("{\"protocolMode\":\"BIDI_STREAM\",\"minProtocolVersion\":5,\"maxProtocolVersion\":7,\"services\":["
                        + service + "]}").getBytes(StandardCharsets.UTF_8)));
    }

    private EmbeddedMetadataStore openStore() throws Exception {
        return EmbeddedMetadataStore.open(nodeDir.resolve("metadata-server"), new MetadataServerOptions(1,
                Duration.ofMillis(20), 10, 2, 1000, 32), MetadataClientOptions.defaults());
    }

    private NodeContext context(final MetadataStore store) {
        final RestateConfig config = ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();
        final NodeContext context = new NodeContext(config, nodeDir, "1.7.12", new Router(), new Router());
        context.provide(MetadataStore.class, () -> store);
        return context;
    }

    private SchemaRegistry registry(final MetadataStore store) {
        NodeSchemas.release(nodeDir);
        final NodeContext context = context(store);
        return NodeSchemas.forNode(context.config(), context);
    }

    @Test
    void shouldKeepARegisteredDeploymentInTheMetadataStoreAcrossRestarts() throws Exception {
        final String id;
        try (EmbeddedMetadataStore store = openStore()) {
            id = registry(store).register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of())
                    .deployment().id();
            assertEquals(1L, MetadataUpdates.await(store.getVersion(MetadataSchemaStore.KEY)).orElseThrow());
        }
        assertFalse(Files.exists(nodeDir.resolve(FileSchemaStore.FILE_NAME)), "no registry file is written");
        try (EmbeddedMetadataStore store = openStore()) {
            final SchemaRegistry reopened = registry(store);
            assertEquals(id, reopened.deployments().getFirst().id());
            assertTrue(reopened.service("Greeter").isPresent());
            reopened.register(endpoint("http://h:9081/", COUNTER), false, false, false, Map.of());
            assertEquals(2L, MetadataUpdates.await(store.getVersion(MetadataSchemaStore.KEY)).orElseThrow());
        } finally {
            NodeSchemas.release(nodeDir);
        }
    }

    @Test
    void shouldMoveAnOldRegistryFileIntoTheMetadataStoreOnce() throws Exception {
        final SchemaRegistry old = new SchemaRegistry(new FileSchemaStore(nodeDir), ServiceDefaults.defaults(),
                Clock.systemUTC(), new SplittableRandom(1));
        final String id = old.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of())
                .deployment().id();
        try (EmbeddedMetadataStore store = openStore()) {
            assertEquals(id, registry(store).deployments().getFirst().id());
            assertFalse(Files.exists(nodeDir.resolve(FileSchemaStore.FILE_NAME)));
            assertTrue(Files.exists(nodeDir.resolve(FileSchemaStore.FILE_NAME + MetadataSchemaStore.MIGRATED_SUFFIX)));
            assertEquals(1L, MetadataUpdates.await(store.getVersion(MetadataSchemaStore.KEY)).orElseThrow());
            assertEquals(id, registry(store).deployments().getFirst().id());
            assertEquals(1L, MetadataUpdates.await(store.getVersion(MetadataSchemaStore.KEY)).orElseThrow(),
                    "a second load does not migrate again");
        } finally {
            NodeSchemas.release(nodeDir);
        }
    }

    @Test
    void shouldReapplyARegistrationThatLostACompareAndSetToAnotherNode() throws Exception {
        try (EmbeddedMetadataStore store = openStore()) {
            final SchemaRegistry first = new SchemaRegistry(new MetadataSchemaStore(store, nodeDir),
                    ServiceDefaults.defaults(), Clock.systemUTC(), new SplittableRandom(1));
            final SchemaRegistry second = new SchemaRegistry(new MetadataSchemaStore(store, nodeDir),
                    ServiceDefaults.defaults(), Clock.systemUTC(), new SplittableRandom(2));
            first.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of());
            assertTrue(second.register(endpoint("http://h:9081/", COUNTER), false, false, false, Map.of())
                    .created());
            assertEquals(List.of("Counter", "Greeter"), names(second), "the other node's Greeter is kept");
            assertEquals(2L, MetadataUpdates.await(store.getVersion(MetadataSchemaStore.KEY)).orElseThrow());
            final SchemaRegistry reloaded = new SchemaRegistry(new MetadataSchemaStore(store, nodeDir),
                    ServiceDefaults.defaults(), Clock.systemUTC(), new SplittableRandom(3));
            assertEquals(List.of("Counter", "Greeter"), names(reloaded));
            assertEquals(List.of("Greeter"), names(first));
            assertTrue(first.refresh(), "the stored version moved on");
            assertEquals(List.of("Counter", "Greeter"), names(first));
        }
    }

    @Test
    void shouldShowADeploymentRegisteredOnAnotherNodeWithoutARestart() throws Exception {
        final Path otherDir = nodeDir.resolve("other-node");
        try (EmbeddedMetadataStore store = openStore()) {
            final SchemaRegistry here = registry(store);
            final NodeContext other = new NodeContext(context(store).config(), otherDir, "1.7.12", new Router(),
                    new Router());
            other.provide(MetadataStore.class, () -> store);
            final SchemaRegistry there = NodeSchemas.forNode(other.config(), other);
            there.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of());
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (here.service("Greeter").isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(List.of("Greeter"), names(here), "polled from the metadata store");
        } finally {
            NodeSchemas.release(nodeDir);
            NodeSchemas.release(otherDir);
        }
    }

    private static List<String> names(final SchemaRegistry registry) {
        return registry.services().stream().map(s -> s.name()).toList();
    }
}
