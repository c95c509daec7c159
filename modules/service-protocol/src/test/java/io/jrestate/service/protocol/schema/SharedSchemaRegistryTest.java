package io.jrestate.service.protocol.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.ManifestParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several registries on one store with compare-and-set (the nodes of a cluster on the metadata store): a change
 * computed on an outdated state is re-applied on the reloaded one, {@code refresh} makes other writers' changes
 * visible, and a store that keeps refusing makes the registry give up after a bounded number of attempts.
 */
@Timeout(60)
class SharedSchemaRegistryTest {
    private static final String GREETER = "{\"name\":\"Greeter\",\"ty\":\"SERVICE\",\"handlers\":"
        + "[{\"name\":\"greet\"}]}";
    private static final String COUNTER = "{\"name\":\"Counter\",\"ty\":\"VIRTUAL_OBJECT\",\"handlers\":"
        + "[{\"name\":\"add\"}]}";

    /** One versioned value with compare-and-set; each {@link #view} remembers the version it last read or wrote. */
    static final class SharedStore {
        private SchemaSnapshot value;
        private long version;
        final AtomicInteger conflicts = new AtomicInteger();

        synchronized long version() {
            return version;
        }

        SchemaStore view() {
            return new SchemaStore() {
                private long seen;

                @Override
                public Optional<SchemaSnapshot> load() {
                    synchronized (SharedStore.this) {
                        seen = version;
                        return Optional.ofNullable(value);
                    }
                }

                @Override
                public void save(final SchemaSnapshot snapshot) throws IOException {
                    synchronized (SharedStore.this) {
                        if (seen != version) {
                            conflicts.incrementAndGet();
                            throw new SchemaConflictException("expected version " + seen + ", now " + version, null);
                        }
                        value = snapshot;
                        seen = ++version;
                    }
                }

                @Override
                public Optional<SchemaSnapshot> loadIfChanged() {
                    synchronized (SharedStore.this) {
                        return seen == version ? Optional.empty() : load();
                    }
                }
            };
        }
    }

    private static DiscoveredEndpoint endpoint(final String uri, final String service) throws Exception {
        return new DiscoveredEndpoint(URI.create(uri), HttpMode.HTTP2, List.of(), "sdk/1", ManifestParser.parse(4,
            ("{\"protocolMode\":\"BIDI_STREAM\",\"minProtocolVersion\":5,\"maxProtocolVersion\":7,\"services\":["
                + service + "]}").getBytes(StandardCharsets.UTF_8)));
    }

    private static SchemaRegistry registry(final SchemaStore store, final long seed) throws IOException {
        return new SchemaRegistry(store, ServiceDefaults.defaults(), Clock.systemUTC(), new SplittableRandom(seed));
    }

    private static List<String> services(final SchemaRegistry registry) {
        return registry.services().stream().map(ServiceSchema::name).toList();
    }

    @Test
    void shouldReapplyARegistrationThatLostACompareAndSetOnTheReloadedState() throws Exception {
        final SharedStore shared = new SharedStore();
        final SchemaRegistry first = registry(shared.view(), 1);
        final SchemaRegistry second = registry(shared.view(), 2);
        first.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of());
        final RegistrationResult late = second.register(endpoint("http://h:9081/", COUNTER), false, false, false,
            Map.of());
        assertTrue(late.created());
        assertEquals(1, shared.conflicts.get(), "the second registry wrote on an outdated state once");
        assertEquals(List.of("Counter", "Greeter"), services(second), "the other node's deployment was kept");
        assertEquals(2, second.snapshot().version());
        assertEquals(List.of("Greeter"), services(first), "not refreshed yet");
        assertTrue(first.refresh());
        assertEquals(List.of("Counter", "Greeter"), services(first));
        assertFalse(first.refresh(), "nothing new the second time");
        assertEquals(List.of("Counter", "Greeter"), services(registry(shared.view(), 3)));
    }

    @Test
    void shouldAnswerTheOtherNodesDeploymentWhenTheSameUriWasRegisteredMeanwhile() throws Exception {
        final SharedStore shared = new SharedStore();
        final SchemaRegistry first = registry(shared.view(), 1);
        final SchemaRegistry second = registry(shared.view(), 2);
        final String id = first.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of())
            .deployment().id();
        final RegistrationResult again = second.register(endpoint("http://h:9080/", GREETER), false, false, false,
            Map.of());
        assertFalse(again.created());
        assertEquals(id, again.deployment().id());
        assertEquals(1, shared.version(), "nothing written the second time");
    }

    @Test
    void shouldRemoveAndModifyWhatOnlyAnotherNodeRegistered() throws Exception {
        final SharedStore shared = new SharedStore();
        final SchemaRegistry first = registry(shared.view(), 1);
        final SchemaRegistry second = registry(shared.view(), 2);
        final String id = first.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of())
            .deployment().id();
        first.register(endpoint("http://h:9081/", COUNTER), false, false, false, Map.of());
        second.modifyService("Counter", new ServiceModification(false, null, null, null, null, null));
        second.removeDeployment(id);
        assertTrue(first.refresh());
        assertEquals(List.of("Counter"), services(first));
        assertFalse(first.service("Counter").orElseThrow().isPublic());
        final SchemaException missing = assertThrows(SchemaException.class, () -> first.removeDeployment(id));
        assertEquals(SchemaException.Kind.NOT_FOUND, missing.kind());
    }

    @Test
    void shouldGiveUpAfterABoundedNumberOfLostCompareAndSets() throws Exception {
        final AtomicInteger saves = new AtomicInteger();
        final SchemaStore alwaysOutdated = new SchemaStore() {
            @Override
            public Optional<SchemaSnapshot> load() {
                return Optional.empty();
            }

            @Override
            public void save(final SchemaSnapshot snapshot) throws IOException {
                saves.incrementAndGet();
                throw new SchemaConflictException("someone else was faster", null);
            }
        };
        final SchemaRegistry registry = registry(alwaysOutdated, 1);
        final UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> registry.register(endpoint("http://h:9080/", GREETER), false, false, false, Map.of()));
        assertEquals(SchemaRegistry.CONFLICT_ATTEMPTS_MAX, saves.get());
        assertTrue(e.getMessage().contains("gave up after " + SchemaRegistry.CONFLICT_ATTEMPTS_MAX + " attempts"),
            e.getMessage());
        assertTrue(registry.deployments().isEmpty(), "nothing applied");
    }

    @Test
    void shouldKeepEveryRegistrationOfConcurrentRegistries() throws Exception {
        final SharedStore shared = new SharedStore();
        final List<SchemaRegistry> nodes = List.of(registry(shared.view(), 1), registry(shared.view(), 2),
            registry(shared.view(), 3));
        // a registration loses at most once per registration of the other nodes (8 < CONFLICT_ATTEMPTS_MAX)
        final int perNode = 4;
        final ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int n = 0; n < nodes.size(); n++) {
                final SchemaRegistry node = nodes.get(n);
                final int nodeIndex = n;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perNode; i++) {
                        final String name = "S" + nodeIndex + "x" + i;
                        node.register(endpoint("http://h" + nodeIndex + ":" + (9000 + i) + "/", "{\"name\":\"" + name
                            + "\",\"ty\":\"SERVICE\",\"handlers\":[{\"name\":\"h\"}]}"), false, false, false, Map.of());
                    }
                    return null;
                }));
            }
            for (final Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        final SchemaRegistry reader = registry(shared.view(), 9);
        assertEquals(nodes.size() * perNode, reader.deployments().size(), "conflicts: " + shared.conflicts.get());
        assertEquals(nodes.size() * perNode, reader.snapshot().version(), "one version per registration");
        for (final SchemaRegistry node : nodes) {
            node.refresh();
            assertEquals(reader.snapshot(), node.snapshot());
        }
    }
}
