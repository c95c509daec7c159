package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * restatectl against a real jrestate process (all roles, 24 partitions, node name {@code n1}): status table,
 * nodes list and config get,
 * metadata keys in the reference's JSON shape, the snapshot command's answer while the server has no snapshot
 * endpoint, version, the address from the environment, and an unreachable address.
 */
class RestatectlServerTest {
    @TempDir
    static Path dir;
    private static JrestateProcess server;

    @BeforeAll
    static void startServer() throws Exception {
        server = JrestateProcess.start(dir, "n1", 24);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Exit status, stdout and stderr of one run. */
    record Run(int status, String out, String err) {
    }

    static Run run(final Map<String, String> env, final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = new Restatectl(env, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8)).run(List.of(args));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run ctl(final String... args) {
        return run(Map.of("RESTATECTL_ADDRESS", server.adminAddress()), args);
    }

    @Test
    void shouldPrintTheNodeWithItsRolesAndPartitionsInStatus() {
        final Run r = ctl("status");
        assertEquals(0, r.status(), r.err());
        final List<String> lines = r.out().lines().toList();
        assertEquals("Node Configuration (v1)", lines.get(0));
        assertTrue(lines.get(1).matches(" NODE-ID +NAME +UPTIME +METADATA +LEADER +FOLLOWER +NODESET-MEMBER +SEQUENCER"
            + " +ROLES +"), lines.get(1));
        assertTrue(lines.get(2).matches(" N1:1 +n1 +\\d+s +Member +24 +0 +24 +24 +admin \\| http-ingress \\| log-server"
            + " \\| metadata-server \\| worker "), lines.get(2));
        assertEquals(3, lines.size(), r.out());
    }

    @Test
    void shouldListTheNodeAndPrintTheClusterConfiguration() {
        final Run nodes = ctl("nodes", "list");
        assertEquals(0, nodes.status(), nodes.err());
        final List<String> lines = nodes.out().lines().toList();
        assertEquals(List.of("Node Configuration (v1)"), lines.subList(0, 1));
        assertTrue(lines.get(1).matches(" NODE +GEN +NAME +ADDRESS +ROLES +STATUS +"), lines.get(1));
        assertTrue(lines.get(2).matches(" N1 +1 +n1 +http://127\\.0\\.0\\.1:\\d+/ +admin \\| http-ingress \\| .*"
            + " +Alive +"), lines.get(2));
        final Run config = ctl("config", "get");
        assertEquals(new Run(0, "\u2699\ufe0f Cluster Configuration\n\u251c Number of partitions: 24\n"
            + "\u251c Partition replication: {node: 1}\n\u2514 Logs Provider: replicated\n"
            + " \u251c Log replication: {node: 1}\n \u2514 Nodeset size: 0\n\n", ""), config);
    }

    @Test
    void shouldPrintThePartitionTableWithTheReferenceKeyRanges() throws Exception {
        final Run r = ctl("metadata", "get", "-k", "partition_table");
        assertEquals(0, r.status(), r.err());
        final JsonNode table = AdminClient.MAPPER.readTree(r.out());
        assertEquals(24, table.path("num_partitions").asInt());
        assertEquals(24, table.path("partitions").size());
        // Key ranges observed from restate-server 1.7.12 with 24 partitions.
        assertEquals("768614336404564650", table.at("/partitions/0/1/key_range/end").asText());
        assertEquals("17678129737304986966", table.at("/partitions/23/1/key_range/start").asText());
        assertEquals("18446744073709551615", table.at("/partitions/23/1/key_range/end").asText());
        assertTrue(r.out().startsWith("{\n  \"version\": 1,\n  \"num_partitions\": 24,\n  \"partitions\": [\n"
            + "    [\n      0,\n      {\n        \"cf_name\": null,"), r.out());
    }

    @Test
    void shouldPrintNodesConfigAndNullForAnAbsentKey() throws Exception {
        final Run nodes = ctl("metadata", "get", "--key=nodes_config");
        assertEquals(0, nodes.status(), nodes.err());
        final JsonNode config = AdminClient.MAPPER.readTree(nodes.out());
        assertEquals(1, config.at("/name_lookup/n1").asInt());
        assertEquals("n1", config.at("/nodes/0/1/Node/name").asText());
        assertEquals("member", config.at("/nodes/0/1/Node/metadata_server_config/metadata_server_state").asText());
        // read from the metadata store: the generation this start registered, the key's stored version
        assertEquals("[1,1]", config.at("/nodes/0/1/Node/current_generation").toString());
        assertEquals(1, config.path("version").asInt());
        final Run absent = ctl("metadata", "get", "-k", "no_such_key");
        assertEquals(new Run(0, "null\n", ""), absent);
        final Run schemas = ctl("metadata", "get", "-k", "schema_registry");
        assertEquals(new Run(0, "null\n", ""), schemas, "no deployment registered yet");
    }

    @Test
    void shouldReportTheServerVersionAndItsAddress() {
        final Run r = ctl("version");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().matches("restatectl 1\\.7\\.12 \\(jrestate .+\\)\nrestate-server 1\\.7\\.12 at "
            + server.adminAddress().replace(".", "\\.") + "\n"), r.out());
    }

    @Test
    void shouldPreferTheAddressOptionAndSkipAnUnreachableFirstAddress() throws Exception {
        final int closed = JrestateProcess.freePort();
        final Run r = run(Map.of("RESTATECTL_ADDRESS", "127.0.0.1:" + closed), "-s",
            "127.0.0.1:" + closed + "," + server.adminAddress(), "status");
        assertEquals(0, r.status(), r.err());
        final Run down = run(Map.of("RESTATECTL_ADDRESS", "127.0.0.1:" + closed), "status");
        assertEquals(new Run(1, "", "Error: http://127.0.0.1:" + closed
            + "/: The service is currently unavailable: tcp connect error\n"), down);
    }

    @Test
    void shouldFailSnapshotsCreateClearlyWhileTheServerHasNoSnapshotEndpoint() {
        final Run r = ctl("snapshots", "create", "0");
        if (r.status() == 0) {
            assertTrue(r.out().startsWith("Snapshot created for partition 0: "), r.out());
        } else {
            assertEquals(1, r.status());
            assertTrue(r.err().startsWith("Error: " + server.adminAddress() + ": "), r.err());
            assertTrue(r.err().contains("POST /snapshots answered"), r.err());
        }
    }
}
