package io.jrestate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.metadata.raft.NodesConfiguration;
import io.jrestate.metadata.raft.VersionedValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stored metadata values rendered as {@code restatectl metadata get} prints them: the nodes configuration in the
 * reference's shape with each node's generation and the key's version, the partition table expanded from its
 * stored count, other JSON values as stored, other bytes as base64.
 */
class ClusterMetadataViewTest {
    @Test
    void shouldRenderTheStoredNodesConfigurationInTheReferenceShape() {
        final NodesConfiguration config = new NodesConfiguration("prod", List.of(
            new NodesConfiguration.Node(1, 3, "n1", "http://n1:5122/", List.of("admin", "metadata-server", "worker")),
            new NodesConfiguration.Node(4, 1, "w4", "http://w4:5122/", List.of("worker", "http-ingress"))));
        final JsonNode json = ClusterMetadataView.render(NodesConfiguration.KEY,
            new VersionedValue(17, NodesConfiguration.CONTENT_TYPE, config.encode()), "1.7.12");
        assertEquals(17, json.path("version").asInt());
        assertEquals("prod", json.path("cluster_name").asText());
        assertEquals("{\"n1\":1,\"w4\":4}", json.path("name_lookup").toString());
        assertEquals("{\"Node\":{\"address\":\"http://w4:5122/\",\"binary_version\":\"1.7.12\","
            + "\"current_generation\":[4,1],\"location\":\"\",\"name\":\"w4\",\"roles\":[\"http-ingress\",\"worker\"],"
            + "\"worker_config\":{\"worker_state\":\"active\"}}}", json.at("/nodes/1/1").toString());
        assertEquals(4, json.at("/nodes/1/0").asInt());
        assertEquals("[1,3]", json.at("/nodes/0/1/Node/current_generation").toString());
        assertEquals("[\"admin\",\"worker\",\"metadata-server\"]", json.at("/nodes/0/1/Node/roles").toString());
        assertEquals("member", json.at("/nodes/0/1/Node/metadata_server_config/metadata_server_state").asText());
        assertFalse(json.at("/nodes/0/1/Node").has("log_server_config"));
    }

    @Test
    void shouldExpandThePartitionTableAndPassOtherValuesThrough() {
        final JsonNode table = ClusterMetadataView.render("partition_table", new VersionedValue(2, "application/json",
            "{\"num_partitions\":4}".getBytes(StandardCharsets.UTF_8)), "1.7.12");
        assertEquals(2, table.path("version").asInt());
        assertEquals(4, table.path("partitions").size());
        assertEquals("18446744073709551615", table.at("/partitions/3/1/key_range/end").asText());
        final JsonNode schemas = ClusterMetadataView.render("schema_registry", new VersionedValue(5,
            "application/json", "{\"version\":5,\"deployments\":[]}".getBytes(StandardCharsets.UTF_8)), "1.7.12");
        assertEquals("{\"version\":5,\"deployments\":[]}", schemas.toString());
        final JsonNode bytes = ClusterMetadataView.render("pp_epoch_0", new VersionedValue(3,
            "application/octet-stream", new byte[] {1, 2, 3}), "1.7.12");
        assertEquals("{\"version\":3,\"content_type\":\"application/octet-stream\",\"base64\":\"AQID\"}",
            bytes.toString());
    }
}
