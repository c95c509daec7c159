package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.config.RestateConfig;
import io.jrestate.config.Role;
import io.jrestate.metadata.raft.NodesConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /cluster/status}: one entry per node of {@code nodes_config} (in id order) with its
 * liveness as the answering node sees it ({@link NodeLiveness}); the answering node's own entry also carries what
 * only it knows (uptime, version, partition counts).
 *
 * <pre>
 *  {"cluster_name", "num_partitions", "nodes_config_version" (absent without a store),
 *   "nodes": [{"node_id", "generation" (null without a store), "name", "address", "roles",
 *              "liveness": "alive" | "dead" | "unknown", "liveness_detail", "seen_generation" (or null),
 *              "answering": bool,
 *              "uptime_ms", "binary_version", "leader_partitions", "follower_partitions", "nodeset_member",
 *              "sequencer" (null for other nodes: only the node itself knows them),
 *              "metadata_server_state": "member" | null}]}
 * </pre>
 */
final class ClusterStatusView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private final RestateConfig config;
    private final String serverVersion;
    private final Instant started;

    ClusterStatusView(final RestateConfig config, final String serverVersion, final Instant started) {
        this.config = config;
        this.serverVersion = serverVersion;
        this.started = started;
    }

    private int partitions() {
        return config.common().defaultNumPartitions();
    }

    /**
     * The status from the configuration alone (no store answered): the answering node only, alive.
     *
     * @return the body
     */
    ObjectNode alone() {
        final ObjectNode self = self(config.common().forceNodeId().orElse(1L));
        self.putNull("generation");
        self.put("address", config.common().fabric().advertisedAddress());
        self.set("roles", roles(config.common().roles().stream().map(Role::configName).toList()));
        liveness(self, new NodeLiveness.Verdict(NodeLiveness.Liveness.ALIVE, java.util.Optional.empty(),
            "this node answers"));
        return body(JSON.arrayNode().add(self));
    }

    /**
     * The status of every node of a nodes configuration.
     *
     * @param nodes the stored nodes configuration
     * @param version its stored version
     * @param verdicts each node's liveness by id
     * @return the body
     */
    ObjectNode cluster(final NodesConfiguration nodes, final long version,
                       final Map<Integer, NodeLiveness.Verdict> verdicts) {
        final ArrayNode entries = JSON.arrayNode();
        final boolean selfListed = nodes.byName(config.common().nodeName()).isPresent();
        if (!selfListed) {
            // Registration is in flight (a replicated member registers in the background): show the node anyway.
            entries.add(alone().path("nodes").get(0));
        }
        for (final NodesConfiguration.Node node : nodes.nodes()) {
            final boolean isSelf = node.name().equals(config.common().nodeName());
            final ObjectNode entry = isSelf ? self(node.id()) : other(node);
            entry.put("node_id", node.id());
            entry.put("generation", node.generation());
            entry.put("address", node.address());
            entry.set("roles", roles(node.roles()));
            liveness(entry, verdicts.getOrDefault(node.id(), new NodeLiveness.Verdict(
                NodeLiveness.Liveness.UNKNOWN, java.util.Optional.empty(), "not probed")));
            entries.add(entry);
        }
        final ObjectNode body = body(entries);
        body.put("nodes_config_version", version);
        return body;
    }

    private ObjectNode body(final ArrayNode nodes) {
        final ObjectNode body = JSON.objectNode();
        body.put("cluster_name", config.common().clusterName());
        body.put("num_partitions", partitions());
        body.set("nodes", nodes);
        return body;
    }

    /** The answering node: a single jrestate worker leads every partition it runs. */
    private ObjectNode self(final long id) {
        final ObjectNode node = JSON.objectNode();
        node.put("node_id", id);
        node.put("name", config.common().nodeName());
        node.put("answering", true);
        node.put("uptime_ms", Duration.between(started, Instant.now()).toMillis());
        node.put("binary_version", serverVersion);
        node.put("metadata_server_state", config.common().runs(Role.METADATA_SERVER) ? "member" : null);
        final boolean worker = config.common().runs(Role.WORKER);
        node.put("leader_partitions", worker ? partitions() : 0);
        node.put("follower_partitions", 0);
        node.put("nodeset_member", config.common().runs(Role.LOG_SERVER) ? partitions() : 0);
        node.put("sequencer", worker ? partitions() : 0);
        return node;
    }

    /** Another node: what nodes_config records; the rest only that node knows. */
    private static ObjectNode other(final NodesConfiguration.Node stored) {
        final ObjectNode node = JSON.objectNode();
        node.put("node_id", stored.id());
        node.put("name", stored.name());
        node.put("answering", false);
        node.putNull("uptime_ms");
        node.putNull("binary_version");
        node.put("metadata_server_state", stored.roles().contains(Role.METADATA_SERVER.configName()) ? "member"
            : null);
        for (final String field : List.of("leader_partitions", "follower_partitions", "nodeset_member",
            "sequencer")) {
            node.putNull(field);
        }
        return node;
    }

    private static void liveness(final ObjectNode node, final NodeLiveness.Verdict verdict) {
        node.put("liveness", verdict.liveness().jsonName());
        node.put("liveness_detail", verdict.detail());
        if (verdict.seenGeneration().isPresent()) {
            node.put("seen_generation", verdict.seenGeneration().get());
        } else {
            node.putNull("seen_generation");
        }
    }

    private static ArrayNode roles(final List<String> names) {
        final ArrayNode roles = JSON.arrayNode();
        ClusterMetadataView.ROLE_ORDER.stream().filter(names::contains).forEach(roles::add);
        return roles;
    }
}
