package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.common.ids.PartitionTable;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.VersionedValue;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.List;

/**
 * A metadata store value as {@code restatectl metadata get -k KEY} prints it: the reference's JSON shape, with the
 * key's stored version as {@code "version"}.
 *
 * <pre>
 *   nodes_config     stored binary (NodesConfiguration) -&gt; {"version", "cluster_name", "name_lookup": {name: id},
 *                    "nodes": [[id, {"Node": {"address", "binary_version", "current_generation": [id, gen],
 *                    "location", "log_server_config"?, "metadata_server_config"?, "name", "roles",
 *                    "worker_config"?}}], ...]}   (binary_version: the answering node's; location: "")
 *   partition_table  stored {"num_partitions": N} -&gt; {"version", "num_partitions", "partitions": [[p, {"cf_name",
 *                    "db_name", "key_range": {"end", "start"}, "log_id"}], ...], "replication": {"limit": 1}}
 *   other JSON       the stored JSON as it is (schema_registry: jrestate's registry JSON)
 *   other bytes      {"version", "content_type", "base64"}
 * </pre>
 */
final class ClusterMetadataView {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The reference's role order in {@code roles}. */
    static final List<String> ROLE_ORDER = List.of("http-ingress", "admin", "worker", "log-server",
        "metadata-server");

    private ClusterMetadataView() {
    }

    /**
     * Renders a stored value.
     *
     * @param key the metadata key
     * @param stored the value with its version
     * @param serverVersion the answering node's version (nodes_config keeps none)
     * @return the JSON restatectl prints
     */
    static JsonNode render(final String key, final VersionedValue stored, final String serverVersion) {
        return switch (key) {
            case NodesConfiguration.KEY -> nodesConfig(NodesConfiguration.decode(stored.value()), stored.version(),
                serverVersion);
            case "partition_table" -> partitionTable(json(stored).path("num_partitions").asInt(), stored.version());
            default -> stored.contentType().contains("json") ? json(stored) : JSON.objectNode()
                .put("version", stored.version()).put("content_type", stored.contentType())
                .put("base64", Base64.getEncoder().encodeToString(stored.value()));
        };
    }

    private static JsonNode json(final VersionedValue stored) {
        try {
            return MAPPER.readTree(stored.value());
        } catch (final IOException e) {
            throw new IllegalStateException("the stored value (version " + stored.version() + ") is no valid JSON: "
                + e.getMessage(), e);
        }
    }

    /**
     * The nodes configuration in the reference's shape.
     *
     * @param config the stored configuration
     * @param version the key's version
     * @param serverVersion reported as every node's {@code binary_version}
     * @return the JSON
     */
    static ObjectNode nodesConfig(final NodesConfiguration config, final long version, final String serverVersion) {
        final ObjectNode lookup = JSON.objectNode();
        final ArrayNode nodes = JSON.arrayNode();
        for (final NodesConfiguration.Node n : config.nodes()) {
            lookup.put(n.name(), n.id());
            nodes.add(JSON.arrayNode().add(n.id()).add(JSON.objectNode().set("Node", node(n, serverVersion))));
        }
        final ObjectNode value = JSON.objectNode().put("version", version).put("cluster_name", config.clusterName());
        value.set("name_lookup", lookup);
        value.set("nodes", nodes);
        return value;
    }

    private static ObjectNode node(final NodesConfiguration.Node n, final String serverVersion) {
        final ObjectNode node = JSON.objectNode();
        node.put("address", n.address());
        node.put("binary_version", serverVersion);
        node.set("current_generation", JSON.arrayNode().add(n.id()).add(n.generation()));
        node.put("location", "");
        if (n.roles().contains("log-server")) {
            node.set("log_server_config", JSON.objectNode().put("storage_state", "read-write"));
        }
        if (n.roles().contains("metadata-server")) {
            node.set("metadata_server_config", JSON.objectNode().put("metadata_server_state", "member"));
        }
        node.put("name", n.name());
        final ArrayNode roles = JSON.arrayNode();
        ROLE_ORDER.stream().filter(n.roles()::contains).forEach(roles::add);
        node.set("roles", roles);
        if (n.roles().contains("worker")) {
            node.set("worker_config", JSON.objectNode().put("worker_state", "active"));
        }
        return node;
    }

    /**
     * The partition table in the reference's shape (equal key ranges).
     *
     * @param partitions the number of partitions
     * @param version the key's version
     * @return the JSON
     */
    static ObjectNode partitionTable(final int partitions, final long version) {
        final PartitionTable table = new PartitionTable(partitions);
        final ArrayNode list = JSON.arrayNode();
        for (int p = 0; p < partitions; p++) {
            final ObjectNode range = JSON.objectNode();
            range.put("end", unsigned(table.lastKey(p)));
            range.put("start", unsigned(table.firstKey(p)));
            final ObjectNode partition = JSON.objectNode().putNull("cf_name").putNull("db_name");
            partition.set("key_range", range);
            partition.putNull("log_id");
            list.add(JSON.arrayNode().add(p).add(partition));
        }
        final ObjectNode value = JSON.objectNode().put("version", version).put("num_partitions", partitions);
        value.set("partitions", list);
        value.set("replication", JSON.objectNode().put("limit", 1));
        return value;
    }

    private static BigInteger unsigned(final long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }
}
