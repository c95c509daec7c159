package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The cluster-control endpoints {@code restatectl} uses on the admin port. The reference's {@code restatectl}
 * talks gRPC to the node port (5122: {@code NodeCtlSvc}, {@code ClusterCtrlSvc}); jrestate has no such service, so
 * its {@code restatectl} reads the same facts over HTTP here. A single jrestate node is its whole cluster: it
 * leads every partition its worker runs, and its identity comes from {@code restate.toml}.
 *
 * <pre>
 *  GET /cluster/status            {"cluster_name", "num_partitions", "nodes_config_version" (when the store
 *                                  answers), "nodes": [{"node_id", "generation" (from nodes_config; null without
 *                                  a store), "name", "address", "roles", "uptime_ms", "binary_version",
 *                                  "metadata_server_state", "leader_partitions", "follower_partitions",
 *                                  "nodeset_member", "sequencer"}]}
 *  GET /cluster/config            {"num_partitions", "partition_replication": {"node": 1}, "log_provider",
 *                                  "log_replication": {"node": 1}, "nodeset_size": 0}
 *  GET /cluster/metadata/{key}    {"version", "value"}: the key read from the metadata store, the value in the
 *                                  reference's JSON shape ({@link ClusterMetadataView}); 404 {"message"} for an
 *                                  absent key; 503 {"message"} when the node reaches no store or it does not
 *                                  answer
 * </pre>
 */
public final class ClusterCtlRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<Role> REFERENCE_ROLE_ORDER = List.of(Role.HTTP_INGRESS, Role.ADMIN, Role.WORKER,
        Role.LOG_SERVER, Role.METADATA_SERVER);
    private final RestateConfig config;
    private final String serverVersion;
    private final Supplier<Optional<MetadataStore>> metadataStore;
    private final Instant started = Instant.now();

    private ClusterCtlRoutes(final RestateConfig config, final String serverVersion,
                             final Supplier<Optional<MetadataStore>> metadataStore) {
        this.config = config;
        this.serverVersion = serverVersion;
        this.metadataStore = metadataStore;
    }

    /**
     * Mounts the routes.
     *
     * @param router the admin router
     * @param config the node's configuration
     * @param serverVersion the Restate version the node reports
     * @param metadataStore the node's metadata store when it reaches one (asked on every request: the store is
     *     offered once the metadata-server role or the remote client started)
     */
    public static void register(final Router router, final RestateConfig config, final String serverVersion,
                                final Supplier<Optional<MetadataStore>> metadataStore) {
        final ClusterCtlRoutes routes = new ClusterCtlRoutes(config, serverVersion, metadataStore);
        router.route("GET", "/cluster/status", r -> routes.statusFromStore());
        router.route("GET", "/cluster/config", r -> done(HttpResponse.json(200, routes.clusterConfig())));
        router.route("GET", "/cluster/metadata/{key}", routes::metadata);
    }

    private static CompletableFuture<HttpResponse> done(final HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private long nodeId() {
        return config.common().forceNodeId().orElse(1L);
    }

    private int partitions() {
        return config.common().defaultNumPartitions();
    }

    /**
     * The status with this node's id and generation as {@code nodes_config} records them (and that key's version
     * as {@code nodes_config_version}); from the configuration alone when no store answers.
     */
    private CompletableFuture<HttpResponse> statusFromStore() {
        final Optional<MetadataStore> store = store();
        if (store.isEmpty()) {
            return done(HttpResponse.json(200, status()));
        }
        return store.get().get(NodesConfiguration.KEY).handle((value, error) -> {
            final ObjectNode body = status();
            if (error == null && value.isPresent()) {
                final Optional<NodesConfiguration.Node> self = NodesConfiguration.decode(value.get().value())
                    .byName(config.common().nodeName());
                body.put("nodes_config_version", value.get().version());
                self.ifPresent(n -> ((ObjectNode) body.path("nodes").get(0)).put("node_id", n.id())
                    .put("generation", n.generation()));
            }
            return HttpResponse.json(200, body);
        });
    }

    private Optional<MetadataStore> store() {
        try {
            return metadataStore.get();
        } catch (final IllegalStateException e) {
            return Optional.empty();
        }
    }

    ObjectNode status() {
        final ObjectNode node = JSON.objectNode();
        node.put("node_id", nodeId());
        node.putNull("generation");
        node.put("name", config.common().nodeName());
        node.put("address", config.common().fabric().advertisedAddress());
        node.set("roles", roles());
        node.put("uptime_ms", Duration.between(started, Instant.now()).toMillis());
        node.put("binary_version", serverVersion);
        node.put("metadata_server_state", config.common().runs(Role.METADATA_SERVER) ? "member" : null);
        final boolean worker = config.common().runs(Role.WORKER);
        node.put("leader_partitions", worker ? partitions() : 0);
        node.put("follower_partitions", 0);
        node.put("nodeset_member", config.common().runs(Role.LOG_SERVER) ? partitions() : 0);
        node.put("sequencer", worker ? partitions() : 0);
        final ObjectNode body = JSON.objectNode();
        body.put("cluster_name", config.common().clusterName());
        body.put("num_partitions", partitions());
        body.set("nodes", JSON.arrayNode().add(node));
        return body;
    }

    ObjectNode clusterConfig() {
        final ObjectNode replication = JSON.objectNode();
        for (String scope : List.of("region", "zone", "node")) {
            final Long copies = config.common().defaultReplication().copiesPerScope().get(scope);
            if (copies != null) {
                replication.put(scope, copies);
            }
        }
        final ObjectNode body = JSON.objectNode().put("num_partitions", partitions());
        body.set("partition_replication", replication);
        body.put("log_provider", config.bifrost().defaultProvider());
        body.set("log_replication", replication.deepCopy());
        body.put("nodeset_size", 0);
        return body;
    }

    private ArrayNode roles() {
        final ArrayNode roles = JSON.arrayNode();
        REFERENCE_ROLE_ORDER.stream().filter(config.common()::runs).forEach(r -> roles.add(r.configName()));
        return roles;
    }

    private CompletableFuture<HttpResponse> metadata(final HttpRequest request) {
        final String key = request.pathParam("key");
        final Optional<MetadataStore> store = store();
        if (store.isEmpty()) {
            return done(message(503, "this node reaches no metadata store (it runs neither the metadata-server nor"
                + " the worker role, or they are not running)"));
        }
        return store.get().get(key).handle((value, error) -> {
            if (error != null) {
                final Throwable cause = error instanceof CompletionException && error.getCause() != null
                    ? error.getCause() : error;
                return message(503, "metadata store: " + cause.getMessage());
            }
            if (value.isEmpty()) {
                return message(404, "metadata key '" + key + "' does not exist");
            }
            try {
                return HttpResponse.json(200, JSON.objectNode().put("version", value.get().version())
                    .set("value", ClusterMetadataView.render(key, value.get(), serverVersion)));
            } catch (final RuntimeException e) {
                return message(500, "metadata key '" + key + "': " + e.getMessage());
            }
        });
    }

    private static HttpResponse message(final int status, final String message) {
        return HttpResponse.json(status, JSON.objectNode().put("message", message));
    }
}
