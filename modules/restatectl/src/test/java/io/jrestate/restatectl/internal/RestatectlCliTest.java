package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static io.jrestate.restatectl.internal.RestatectlServerTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line without a jrestate server: usage errors, {@code --version}, table and duration formats,
 * partition id ranges, and the {@code POST /snapshots} contract against a stub admin API.
 */
class RestatectlCliTest {
    @Test
    void shouldPrintTheVersionInTheReferenceShape() {
        final RestatectlServerTest.Run r = run(Map.of(), "--version");
        assertEquals(0, r.status());
        assertTrue(r.out().matches("restatectl 1\\.7\\.12 \\(jrestate [^)]+\\)\n"), r.out());
    }

    @Test
    void shouldRejectBadUsageWithStatusTwoNamingTheProblem() {
        final RestatectlServerTest.Run unknown = run(Map.of(), "status", "--bogus");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("error: unexpected argument '--bogus' found\n"), unknown.err());
        final RestatectlServerTest.Run noKey = run(Map.of(), "metadata", "get");
        assertEquals(2, noKey.status());
        assertTrue(noKey.err().contains("--key <KEY>"), noKey.err());
        final RestatectlServerTest.Run badTimeout = run(Map.of(), "--connect-timeout", "soon", "status");
        assertEquals(2, badTimeout.status());
        assertTrue(badTimeout.err().contains("'soon'"), badTimeout.err());
        assertEquals(2, run(Map.of(), "nodes-of-mars").status());
        assertEquals(2, run(Map.of()).status());
    }

    @Test
    void shouldFormatTablesDurationsAndPartitionRanges() {
        assertEquals(" A    LONG-HEADER \n xyz  1           \n",
            new Table(List.of("A", "LONG-HEADER")).row(List.of("xyz", "1")).render());
        assertEquals(List.of("25s", "17m 40s", "2h 3m", "1d 4h"), List.of(Durations.human(25_400),
            Durations.human(1_060_000), Durations.human(7_380_000), Durations.human(100_800_000)));
        assertEquals(List.of(0, 1, 2, 3, 4, 7), PartitionIds.parse(List.of("7", "1-4", "0", "2")));
        assertThrows(CliArgs.UsageException.class, () -> PartitionIds.parse(List.of("4-1")));
        assertThrows(CliArgs.UsageException.class, () -> PartitionIds.parse(List.of("x")));
    }

    @Test
    void shouldPostTheSnapshotRequestAndPrintEachSnapshotLikeTheReference() throws IOException {
        final AtomicReference<JsonNode> received = new AtomicReference<>();
        final HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/snapshots", exchange -> {
            received.set(AdminClient.MAPPER.readTree(exchange.getRequestBody()));
            final byte[] body = ("{\"snapshots\":[{\"partition_id\":0,\"snapshot_id\":\"snap_15H02IbE4DIi6vfxyZEDmgx\","
                + "\"min_applied_lsn\":5830},{\"partition_id\":2,\"snapshot_id\":\"snap_2\",\"log_id\":2,"
                + "\"min_applied_lsn\":17}],\"errors\":[{\"partition_id\":3,\"message\":\"export in progress\"}]}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        try {
            final String address = "http://127.0.0.1:" + stub.getAddress().getPort() + "/";
            final RestatectlServerTest.Run r = run(Map.of(), "snapshots", "create", "0", "2-3", "-t", "-m", "5",
                "--address", address);
            assertEquals("{\"partition_ids\":[0,2,3],\"min_lsn\":5,\"trim_log\":true}", received.get().toString());
            assertEquals("Snapshot created for partition 0: snap_15H02IbE4DIi6vfxyZEDmgx (log 0 @ LSN >= 5830)\n"
                + "Snapshot created for partition 2: snap_2 (log 2 @ LSN >= 17)\n", r.out());
            assertEquals(new RestatectlServerTest.Run(1, r.out(),
                "Error: snapshots failed for partition 3: export in progress\n"), r);
        } finally {
            stub.stop(0);
        }
    }

    @Test
    void shouldPrintEveryNodeWithItsLivenessInStatusAndNodesList() throws IOException {
        final String body = "{\"cluster_name\":\"c\",\"num_partitions\":4,\"nodes_config_version\":7,\"nodes\":["
            + "{\"node_id\":1,\"generation\":3,\"name\":\"n1\",\"address\":\"http://h1:5122/\",\"roles\":"
            + "[\"worker\",\"admin\"],\"liveness\":\"alive\",\"answering\":true,\"uptime_ms\":25400,"
            + "\"metadata_server_state\":null,\"leader_partitions\":4,\"follower_partitions\":0,\"nodeset_member\":0,"
            + "\"sequencer\":4},"
            + node(2, "alive", "\"member\"") + "," + node(3, "dead", "null") + "," + node(4, "unknown", "null") + "]}";
        final HttpServer stub = stub("/cluster/status", body);
        try {
            assertLivenessTables("http://127.0.0.1:" + stub.getAddress().getPort() + "/");
        } finally {
            stub.stop(0);
        }
    }

    private static void assertLivenessTables(final String address) {
        final RestatectlServerTest.Run list = run(Map.of(), "nodes", "list", "-s", address);
        assertEquals(new RestatectlServerTest.Run(0, "Node Configuration (v7)\n"
            + " NODE  GEN  NAME  ADDRESS          ROLES           STATUS  \n"
            + " N1    3    n1    http://h1:5122/  admin | worker  Alive   \n"
            + " N2    1    n2    http://h2:5122/  log-server      Alive   \n"
            + " N3    1    n3    http://h3:5122/  log-server      Dead    \n"
            + " N4    1    n4    http://h4:5122/  log-server      Unknown \n", ""), list);
        final RestatectlServerTest.Run status = run(Map.of(), "status", "-s", address);
        assertEquals(new RestatectlServerTest.Run(0, "Node Configuration (v7)\n"
            + " NODE-ID  NAME  UPTIME   METADATA  LEADER  FOLLOWER  NODESET-MEMBER  SEQUENCER  ROLES          \n"
            + " N1:3     n1    25s      -         4       0         0               4          admin | worker \n"
            + " N2:1     n2    alive    Member    -       -         -               -          log-server     \n"
            + " N3       n3    offline  -         -       -         -               -          log-server     \n"
            + " N4       n4    unknown  -         -       -         -               -          log-server     \n", ""),
            status);
    }

    /** Another node's entry as the admin API gives it: only nodes_config's facts and the liveness. */
    private static String node(final int id, final String liveness, final String metadata) {
        return "{\"node_id\":" + id + ",\"generation\":1,\"name\":\"n" + id + "\",\"address\":\"http://h" + id
            + ":5122/\",\"roles\":[\"log-server\"],\"liveness\":\"" + liveness + "\",\"answering\":false,"
            + "\"uptime_ms\":null,\"metadata_server_state\":" + metadata + ",\"leader_partitions\":null,"
            + "\"follower_partitions\":null,\"nodeset_member\":null,\"sequencer\":null}";
    }

    /** A started stub admin API answering every request on one path with a JSON body. */
    private static HttpServer stub(final String path, final String json) throws IOException {
        final HttpServer stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext(path, exchange -> {
            final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stub.start();
        return stub;
    }
}
