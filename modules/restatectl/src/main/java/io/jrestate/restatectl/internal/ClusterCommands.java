package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code nodes list} and {@code config get}, in the reference's shapes:
 *
 * <pre>
 * Node Configuration (v1)                           ⚙️ Cluster Configuration
 *  NODE  GEN  NAME  ADDRESS                 ROLES   ├ Number of partitions: 24
 *  N1    -    n1    http://127.0.0.1:5122/  admin   ├ Partition replication: {node: 1}
 *                                                   └ Logs Provider: replicated
 *                                                    ├ Log replication: {node: 1}
 *                                                    └ Nodeset size: 0
 * </pre>
 */
final class ClusterCommands {
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
        final Table table = new Table(List.of("NODE", "GEN", "NAME", "ADDRESS", "ROLES"));
        for (JsonNode node : status.path("nodes")) {
            final JsonNode generation = node.path("generation");
            final TreeSet<String> roles = new TreeSet<>();
            node.path("roles").forEach(r -> roles.add(r.asText()));
            table.row(List.of("N" + node.path("node_id").asLong(),
                generation.isNumber() ? generation.asText() : "-", node.path("name").asText(),
                node.path("address").asText(), String.join(" | ", roles)));
        }
        out.print(table.render());
        return 0;
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
