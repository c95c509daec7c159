package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.config.RestateConfig;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * The cluster-control endpoints {@code restatectl} uses on the admin port. The reference's {@code restatectl}
 * talks gRPC to the node port (5122: {@code NodeCtlSvc}, {@code ClusterCtrlSvc}); jrestate has no such service, so
 * its {@code restatectl} reads the same facts over HTTP here. Whichever node answers lists every node of
 * {@code nodes_config} with its liveness as that node sees it ({@link NodeLiveness}: the node transport's
 * handshake as the probe); what only a node itself knows (uptime, partitions) is given for the answering node.
 *
 * <pre>
 *  GET /cluster/status            {@link ClusterStatusView}: {"cluster_name", "num_partitions",
 *                                  "nodes_config_version" (when the store answers), "nodes": [{"node_id",
 *                                  "generation", "name", "address", "roles", "liveness", "liveness_detail",
 *                                  "seen_generation", "answering", "uptime_ms", ...}]}
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
    private final RestateConfig config;
    private final String serverVersion;
    private final Supplier<Optional<MetadataStore>> metadataStore;
    private final NodeLiveness liveness;
    private final ClusterStatusView statusView;

    private ClusterCtlRoutes(final RestateConfig config, final String serverVersion,
                             final Supplier<Optional<MetadataStore>> metadataStore, final NodeLiveness liveness) {
        this.config = config;
        this.serverVersion = serverVersion;
        this.metadataStore = metadataStore;
        this.liveness = liveness;
        this.statusView = new ClusterStatusView(config, serverVersion, Instant.now());
    }

    /**
     * Mounts the routes.
     *
     * @param router the admin router
     * @param config the node's configuration
     * @param serverVersion the Restate version the node reports
     * @param metadataStore the node's metadata store when it reaches one (asked on every request: the store is
     *     offered once the metadata-server role or the remote client started)
     * @param liveness decides the other nodes' liveness
     */
    public static void register(final Router router, final RestateConfig config, final String serverVersion,
                                final Supplier<Optional<MetadataStore>> metadataStore, final NodeLiveness liveness) {
        final ClusterCtlRoutes routes = new ClusterCtlRoutes(config, serverVersion, metadataStore, liveness);
        router.route("GET", "/cluster/status", r -> routes.statusFromStore());
        router.route("GET", "/cluster/config", r -> done(HttpResponse.json(200, routes.clusterConfig())));
        router.route("GET", "/cluster/metadata/{key}", routes::metadata);
    }

    private static CompletableFuture<HttpResponse> done(final HttpResponse response) {
        return CompletableFuture.completedFuture(response);
    }

    private int partitions() {
        return config.common().defaultNumPartitions();
    }

    /**
     * The status of every node in {@code nodes_config} (and that key's version as {@code nodes_config_version});
     * the answering node alone, from its configuration, when no store answers or the key is absent; 500 naming the
     * key when its value is no nodes configuration.
     */
    private CompletableFuture<HttpResponse> statusFromStore() {
        final Optional<MetadataStore> store = store();
        if (store.isEmpty()) {
            return done(HttpResponse.json(200, statusView.alone()));
        }
        return store.get().get(NodesConfiguration.KEY).handle((value, error) -> {
            if (error != null || value.isEmpty()) {
                return done(HttpResponse.json(200, statusView.alone()));
            }
            final NodesConfiguration nodes;
            try {
                nodes = NodesConfiguration.decode(value.get().value());
            } catch (final IllegalArgumentException e) {
                return done(message(500, e.getMessage()));
            }
            return liveness.of(nodes.nodes(), config.common().nodeName()).thenApply(verdicts ->
                HttpResponse.json(200, statusView.cluster(nodes, value.get().version(), verdicts)));
        }).thenCompose(response -> response);
    }

    private Optional<MetadataStore> store() {
        try {
            return metadataStore.get();
        } catch (final IllegalStateException e) {
            return Optional.empty();
        }
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
