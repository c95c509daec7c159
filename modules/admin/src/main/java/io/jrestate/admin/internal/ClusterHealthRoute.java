package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.admin.AdminApi;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /cluster-health}, as restate-server 1.7.12 answers it for a node of a cluster:
 *
 * <pre>
 *  {"cluster_name": "localcluster", "metadata_cluster_health": {"members": [1]}}
 * </pre>
 *
 * {@code members} lists the node ids of the metadata servers; a jrestate node is its whole cluster, so it is this
 * node when it runs the {@code metadata-server} role ({@code metadata_cluster_health} is left out otherwise).
 */
public final class ClusterHealthRoute {
    private ClusterHealthRoute() {
    }

    /**
     * Mounts the route, unprefixed and under every admin API version.
     *
     * @param router the admin router
     * @param config the node's configuration
     */
    public static void register(final Router router, final RestateConfig config) {
        final byte[] body = AdminJson.bytes(body(config));
        AdminApi.routeVersioned(router, "GET", "/cluster-health",
            v -> r -> CompletableFuture.completedFuture(HttpResponse.json(200, body)));
    }

    static ObjectNode body(final RestateConfig config) {
        final ObjectNode n = AdminJson.MAPPER.createObjectNode();
        n.put("cluster_name", config.common().clusterName());
        if (config.common().runs(Role.METADATA_SERVER)) {
            n.putObject("metadata_cluster_health").putArray("members")
                .add(config.common().forceNodeId().orElse(1L));
        }
        return n;
    }
}
