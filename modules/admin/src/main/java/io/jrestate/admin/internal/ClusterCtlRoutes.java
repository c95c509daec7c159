package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.common.ids.PartitionTable;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster-control endpoints {@code restatectl} uses on the admin port. The reference's {@code restatectl}
 * talks gRPC to the node port (5122: {@code NodeCtlSvc}, {@code ClusterCtrlSvc}); jrestate has no such service, so
 * its {@code restatectl} reads the same facts over HTTP here. A single jrestate node is its whole cluster: it
 * leads every partition its worker runs, and its identity comes from {@code restate.toml}.
 *
 * <pre>
 *  GET /cluster/status            {"cluster_name", "num_partitions", "nodes": [{"node_id", "generation" (null:
 *                                  not tracked), "name", "address", "roles", "uptime_ms", "binary_version",
 *                                  "metadata_server_state", "leader_partitions", "follower_partitions",
 *                                  "nodeset_member", "sequencer"}]}
 *  GET /cluster/config            {"num_partitions", "partition_replication": {"node": 1}, "log_provider",
 *                                  "log_replication": {"node": 1}, "nodeset_size": 0}
 *  GET /cluster/metadata/{key}    {"version", "value"} for partition_table and nodes_config (as the node runs
 *                                  them, in the reference's JSON shape); 404 {"message"} for any other key
 * </pre>
 */
public final class ClusterCtlRoutes {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final List<Role> REFERENCE_ROLE_ORDER = List.of(Role.HTTP_INGRESS, Role.ADMIN, Role.WORKER,
        Role.LOG_SERVER, Role.METADATA_SERVER);
    private final RestateConfig config;
    private final String serverVersion;
    private final Instant started = Instant.now();

    private ClusterCtlRoutes(final RestateConfig config, final String serverVersion) {
        this.config = config;
        this.serverVersion = serverVersion;
    }

    /**
     * Mounts the routes.
     *
     * @param router the admin router
     * @param config the node's configuration
     * @param serverVersion the Restate version the node reports
     */
    public static void register(final Router router, final RestateConfig config, final String serverVersion) {
        final ClusterCtlRoutes routes = new ClusterCtlRoutes(config, serverVersion);
        router.route("GET", "/cluster/status", r -> done(HttpResponse.json(200, routes.status())));
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
        final ObjectNode value = switch (key) {
            case "partition_table" -> partitionTable();
            case "nodes_config" -> nodesConfig();
            default -> null;
        };
        if (value == null) {
            return done(HttpResponse.json(404, JSON.objectNode().put("message", "metadata key '" + key
                + "' is not exposed by this jrestate node (known: partition_table, nodes_config)")));
        }
        return done(HttpResponse.json(200, JSON.objectNode().put("version", 1).set("value", value)));
    }

    ObjectNode partitionTable() {
        final PartitionTable table = new PartitionTable(partitions());
        final ArrayNode list = JSON.arrayNode();
        for (int p = 0; p < partitions(); p++) {
            final ObjectNode range = JSON.objectNode();
            range.put("end", unsigned(table.lastKey(p)));
            range.put("start", unsigned(table.firstKey(p)));
            final ObjectNode partition = JSON.objectNode().putNull("cf_name").putNull("db_name");
            partition.set("key_range", range);
            partition.putNull("log_id");
            list.add(JSON.arrayNode().add(p).add(partition));
        }
        final ObjectNode value = JSON.objectNode().put("version", 1).put("num_partitions", partitions());
        value.set("partitions", list);
        value.set("replication", JSON.objectNode().put("limit", 1));
        return value;
    }

    ObjectNode nodesConfig() {
        final ObjectNode node = JSON.objectNode();
        node.put("address", config.common().fabric().advertisedAddress());
        node.put("binary_version", serverVersion);
        node.put("location", config.common().location());
        if (config.common().runs(Role.LOG_SERVER)) {
            node.set("log_server_config", JSON.objectNode().put("storage_state", "read-write"));
        }
        if (config.common().runs(Role.METADATA_SERVER)) {
            node.set("metadata_server_config", JSON.objectNode().put("metadata_server_state", "member"));
        }
        node.put("name", config.common().nodeName());
        node.set("roles", roles());
        if (config.common().runs(Role.WORKER)) {
            node.set("worker_config", JSON.objectNode().put("worker_state", "active"));
        }
        final ObjectNode value = JSON.objectNode().put("version", 1).put("cluster_name", config.common().clusterName());
        value.set("name_lookup", JSON.objectNode().put(config.common().nodeName(), nodeId()));
        value.set("nodes", JSON.arrayNode().add(JSON.arrayNode().add(nodeId()).add(JSON.objectNode().set("Node",
            node))));
        return value;
    }

    private static BigInteger unsigned(final long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }
}
