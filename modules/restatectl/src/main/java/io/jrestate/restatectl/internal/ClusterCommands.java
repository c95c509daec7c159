package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code status}, {@code nodes list} and {@code config get}, in the reference's shapes. Every node of the nodes
 * configuration is listed, with its liveness as the answering node sees it ({@code "liveness"} of
 * {@code GET /cluster/status}: alive, dead or unknown):
 *
 * <pre>
 * Node Configuration (v3)
 *  NODE  GEN  NAME  ADDRESS                 ROLES                  STATUS
 *  N1    2    n1    http://127.0.0.1:5122/  admin | ... | worker   Alive
 *  N2    1    n2    http://127.0.0.1:5123/  admin | worker         Dead
 *
 * Node Configuration (v3)
 *  NODE-ID  NAME  UPTIME   METADATA  LEADER  FOLLOWER  NODESET-MEMBER  SEQUENCER  ROLES
 *  N1:2     n1    25s      Member    24      0         24              24         admin | ... | worker
 *  N2       n2    offline  -         -       -         -               -          admin | worker
 *
 * ⚙️ Cluster Configuration
 * ├ Number of partitions: 24
 * ├ Partition replication: {node: 1}
 * └ Logs Provider: replicated
 *  ├ Log replication: {node: 1}
 *  └ Nodeset size: 0
 * </pre>
 *
 * <p>In {@code status} the UPTIME column of a node other than the answering one holds its liveness instead
 * ({@code alive}, {@code offline} as the reference prints a dead node, {@code unknown}): only a node itself knows
 * its uptime and partitions, so those cells are {@code -}. A node that is not alive is shown without generation.
 */
final class ClusterCommands {
    private static final List<String> STATUS_HEADER = List.of("NODE-ID", "NAME", "UPTIME", "METADATA", "LEADER",
        "FOLLOWER", "NODESET-MEMBER", "SEQUENCER", "ROLES");

    private ClusterCommands() {
    }

    /**
     * The first line of {@code status} and {@code nodes list}.
     *
     * @param status the answer of {@code GET /cluster/status}
     * @return {@code Node Configuration (vN)}, N the stored version of {@code nodes_config} (1 when unknown)
     */
    static String header(final JsonNode status) {
        return "Node Configuration (v" + status.path("nodes_config_version").asLong(1) + ")";
    }

    static int nodesList(final JsonNode status, final PrintStream out) {
        out.println(header(status));
        final Table table = new Table(List.of("NODE", "GEN", "NAME", "ADDRESS", "ROLES", "STATUS"));
        for (JsonNode node : status.path("nodes")) {
            final JsonNode generation = node.path("generation");
            table.row(List.of("N" + node.path("node_id").asLong(),
                generation.isNumber() ? generation.asText() : "-", node.path("name").asText(),
                node.path("address").asText(), roles(node), capitalize(liveness(node))));
        }
        out.print(table.render());
        return 0;
    }

    static int status(final JsonNode status, final PrintStream out) {
        out.println(header(status));
        final Table table = new Table(STATUS_HEADER);
        for (JsonNode node : status.path("nodes")) {
            final String liveness = liveness(node);
            final boolean alive = "alive".equals(liveness);
            final JsonNode generation = node.path("generation");
            final String id = "N" + node.path("node_id").asLong()
                + (!alive || generation.isMissingNode() || generation.isNull() ? "" : ":" + generation.asLong());
            final String metadata = node.path("metadata_server_state").asText("");
            final String uptime;
            if (node.path("uptime_ms").isNumber()) {
                uptime = Durations.human(node.path("uptime_ms").asLong());
            } else {
                uptime = "dead".equals(liveness) ? "offline" : liveness;
            }
            table.row(List.of(id, node.path("name").asText(), uptime,
                metadata.isEmpty() || "null".equals(metadata) ? "-" : capitalize(metadata),
                count(node, "leader_partitions"), count(node, "follower_partitions"), count(node, "nodeset_member"),
                count(node, "sequencer"), roles(node)));
        }
        out.print(table.render());
        return 0;
    }

    /** The liveness of a node; a server without liveness (older jrestate) lists only itself, which answered. */
    private static String liveness(final JsonNode node) {
        return node.path("liveness").asText("alive");
    }

    private static String count(final JsonNode node, final String field) {
        final JsonNode value = node.path(field);
        return value.isNumber() ? value.asText() : value.isMissingNode() ? "0" : "-";
    }

    private static String roles(final JsonNode node) {
        final TreeSet<String> roles = new TreeSet<>();
        node.path("roles").forEach(r -> roles.add(r.asText()));
        return String.join(" | ", roles);
    }

    static String capitalize(final String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    static int configGet(final JsonNode config, final PrintStream out) {
        out.println("\u2699\ufe0f Cluster Configuration");
        out.println("\u251c Number of partitions: " + config.path("num_partitions").asLong());
        out.println("\u251c Partition replication: " + replication(config.path("partition_replication")));
        out.println("\u2514 Logs Provider: " + config.path("log_provider").asText());
        out.println(" \u251c Log replication: " + replication(config.path("log_replication")));
        out.println(" \u2514 Nodeset size: " + config.path("nodeset_size").asLong());
        out.println();
        return 0;
    }

    /** {@code {"zone": 2, "node": 3}} printed as the reference does: {@code {zone: 2, node: 3}}. */
    static String replication(final JsonNode scopes) {
        final List<String> parts = new ArrayList<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = scopes.properties().iterator();
        while (fields.hasNext()) {
            final Map.Entry<String, JsonNode> scope = fields.next();
            parts.add(scope.getKey() + ": " + scope.getValue().asLong());
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
