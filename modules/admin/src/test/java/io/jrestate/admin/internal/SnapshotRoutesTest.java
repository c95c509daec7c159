package io.jrestate.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.worker.NodeSnapshots;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /snapshots} through the admin router against a recording worker: which partitions and trim flag
 * reach the worker from the body and the query, the JSON answer, and the errors for an unknown partition, a
 * malformed id, and a node without a worker.
 */
class SnapshotRoutesTest {
    @TempDir
    Path nodeDir;
    private final List<String> calls = new ArrayList<>();
    private final Router router = new Router();
    private boolean registered;

    @AfterEach
    void release() {
        NodeSnapshots.release(nodeDir);
    }

    private void withWorker() {
        NodeSnapshots.register(nodeDir, new NodeSnapshots.Taker() {
            @Override
            public CompletableFuture<List<NodeSnapshots.Created>> create(final Collection<Integer> ids,
                    final boolean trimLog) {
                calls.add(ids + " trim=" + trimLog);
                final List<NodeSnapshots.Created> created = new ArrayList<>();
                for (final int id : ids.isEmpty() ? List.of(0, 1, 2) : ids) {
                    created.add(new NodeSnapshots.Created(id, "snap-p" + id + "-" + (100 + id), 100 + id,
                            nodeDir.resolve("s" + id), 4096));
                }
                return CompletableFuture.completedFuture(created);
            }

            @Override
            public int partitionCount() {
                return 3;
            }
        });
    }

    private HttpResponse post(final String path, final String query, final String body) {
        if (!registered) {
            SnapshotRoutes.register(router, nodeDir);
            registered = true;
        }
        final Map<String, List<String>> params = new java.util.HashMap<>();
        if (query != null) {
            for (final String kv : query.split("&")) {
                final String[] p = kv.split("=", 2);
                params.computeIfAbsent(p[0], k -> new ArrayList<>()).add(p.length > 1 ? p[1] : "");
            }
        }
        final List<Map.Entry<String, String>> headers = body == null ? List.of()
                : List.of(Map.entry("content-type", "application/json"));
        return router.dispatch(new HttpRequest("POST", path, query, headers,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Map.of(), params)).join();
    }

    private static JsonNode json(final HttpResponse response) throws Exception {
        return AdminJson.MAPPER.readTree(response.body());
    }

    @Test
    void shouldSnapshotEveryPartitionByDefaultAndAnswerWithIdsAndLsns() throws Exception {
        withWorker();
        final HttpResponse r = post("/snapshots", null, null);
        assertEquals(200, r.status());
        assertEquals(List.of("[] trim=false"), calls);
        final JsonNode snapshots = json(r).get("snapshots");
        assertEquals(3, snapshots.size());
        assertEquals("snap-p2-102", snapshots.get(2).get("snapshot_id").asText());
        assertEquals(102, snapshots.get(2).get("min_applied_lsn").asLong());
        assertEquals(2, snapshots.get(2).get("log_id").asInt());
    }

    @Test
    void shouldPassPartitionsAndTrimFromBodyAndQuery() {
        withWorker();
        assertEquals(200, post("/v3/snapshots", null, "{\"partition_ids\": [2, 0], \"trim_log\": true}").status());
        assertEquals(200, post("/snapshots", "partition_id=1&trim_log=true", null).status());
        assertEquals(List.of("[2, 0] trim=true", "[1] trim=true"), calls);
    }

    @Test
    void shouldRefuseUnknownPartitionsBadIdsAndANodeWithoutWorker() throws Exception {
        assertEquals(503, post("/snapshots", null, null).status());
        withWorker();
        final HttpResponse unknown = post("/snapshots", "partition_id=7", null);
        assertEquals(400, unknown.status());
        assertTrue(json(unknown).get("message").asText().contains("unknown partition 7"));
        assertEquals(400, post("/snapshots", "partition_id=x", null).status());
        assertEquals(400, post("/snapshots", "trim_log=maybe", null).status());
        assertTrue(calls.isEmpty(), calls.toString());
    }
}
