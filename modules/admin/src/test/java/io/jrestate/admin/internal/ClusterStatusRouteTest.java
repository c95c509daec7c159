package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.VersionedValue;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code GET /cluster/status} lists every node of the stored {@code nodes_config} with its liveness, the answering
 * node (by name, {@code test-host} with the default configuration) with what only it knows; without the key, or
 * without a store, it lists the answering node alone. Method: mount the routes on a router over a metadata store
 * that holds one value, with no node transport (so other nodes are {@code unknown}), and dispatch to them.
 */
class ClusterStatusRouteTest {
    private static final RestateConfig CONFIG = ConfigLoader.load(ConfigSources.defaultsOnly("test-host")).config();

    /** A store holding at most one value, enough for the route. */
    private record OneValueStore(String key, VersionedValue value) implements MetadataStore {
        @Override
        public CompletableFuture<Optional<VersionedValue>> get(final String asked) {
            return CompletableFuture.completedFuture(asked.equals(key) ? Optional.of(value) : Optional.empty());
        }

        @Override
        public CompletableFuture<Optional<Long>> getVersion(final String asked) {
            return get(asked).thenApply(v -> v.map(VersionedValue::version));
        }

        @Override
        public CompletableFuture<Long> put(final String k, final byte[] v, final String type, final Precondition p) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("read-only test store"));
        }

        @Override
        public CompletableFuture<Void> delete(final String k, final Precondition p) {
            return CompletableFuture.failedFuture(new UnsupportedOperationException("read-only test store"));
        }

        @Override
        public void close() {
        }
    }

    private static JsonNode status(final Optional<MetadataStore> store) throws Exception {
        final Router router = new Router();
        ClusterCtlRoutes.register(router, CONFIG, "1.7.12", () -> store,
            new NodeLiveness(Optional::empty, Duration.ofSeconds(1)));
        final HttpResponse response = router.dispatch(new HttpRequest("GET", "/cluster/status", "", List.of(),
            new byte[0], Map.of(), Map.of())).get(30, TimeUnit.SECONDS);
        assertEquals(200, response.status());
        return AdminJson.MAPPER.readTree(response.body());
    }

    @Test
    void shouldListEveryStoredNodeWithItsLiveness() throws Exception {
        final NodesConfiguration nodes = new NodesConfiguration("localcluster", List.of(
            new NodesConfiguration.Node(1, 4, "test-host", "http://127.0.0.1:5122/", List.of("worker", "admin",
                "metadata-server")),
            new NodesConfiguration.Node(2, 1, "other", "http://10.0.0.2:5122/", List.of("log-server"))));
        final JsonNode body = status(Optional.of(new OneValueStore(NodesConfiguration.KEY,
            new VersionedValue(9, NodesConfiguration.CONTENT_TYPE, nodes.encode()))));
        assertEquals(9, body.path("nodes_config_version").asLong());
        final JsonNode self = body.path("nodes").get(0);
        assertEquals("1:4:test-host:alive:true:this node answers", String.join(":", self.path("node_id").asText(),
            self.path("generation").asText(), self.path("name").asText(), self.path("liveness").asText(),
            self.path("answering").asText(), self.path("liveness_detail").asText()));
        assertEquals("[\"admin\",\"worker\",\"metadata-server\"]", self.path("roles").toString(), "reference order");
        assertEquals(CONFIG.common().defaultNumPartitions(), self.path("leader_partitions").asInt());
        final JsonNode other = body.path("nodes").get(1);
        assertEquals("{\"node_id\":2,\"name\":\"other\",\"answering\":false,\"uptime_ms\":null,\"binary_version\":null,"
            + "\"metadata_server_state\":null,\"leader_partitions\":null,\"follower_partitions\":null,"
            + "\"nodeset_member\":null,\"sequencer\":null,\"generation\":1,\"address\":\"http://10.0.0.2:5122/\","
            + "\"roles\":[\"log-server\"],\"liveness\":\"unknown\",\"liveness_detail\":\"the answering node runs no"
            + " node transport to probe it with\",\"seen_generation\":null}", other.toString());
        assertEquals(2, body.path("nodes").size());
    }

    @Test
    void shouldListTheAnsweringNodeAloneWithoutNodesConfig() throws Exception {
        for (final Optional<MetadataStore> store : List.<Optional<MetadataStore>>of(Optional.empty(),
            Optional.of(new OneValueStore("other_key", new VersionedValue(1, "text/plain", new byte[1]))))) {
            final JsonNode body = status(store);
            assertEquals(1, body.path("nodes").size(), body.toString());
            final JsonNode self = body.path("nodes").get(0);
            assertEquals("test-host", self.path("name").asText());
            assertEquals("alive", self.path("liveness").asText());
            assertEquals(true, self.path("generation").isNull(), "no generation without nodes_config");
            assertEquals(true, body.path("nodes_config_version").isMissingNode());
        }
    }
}
