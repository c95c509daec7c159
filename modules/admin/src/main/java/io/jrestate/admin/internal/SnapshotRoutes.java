package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.admin.AdminApi;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.worker.NodeSnapshots;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /snapshots}: takes a partition snapshot on demand, what {@code restatectl snapshots create
 * [--trim-log] [partition ids]} does in Restate (which calls the node's gRPC control service; this server has none,
 * so the admin API offers it). The body is optional; query parameters do the same for {@code curl}.
 *
 * <pre>
 *  POST /snapshots                                   every partition
 *  POST /snapshots?partition_id=3&amp;trim_log=true      one partition, trim its log right after
 *  POST /snapshots  {"partition_ids": [0, 2], "trim_log": false}
 *
 *  200 {"snapshots": [{"partition_id": 0, "log_id": 0, "snapshot_id": "snap-p0-5830", "min_applied_lsn": 5830,
 *                      "path": "/data/n1/worker-snapshots/0/snapshot-00000000000000005830.snap",
 *                      "size_bytes": 81920}, ...]}
 *  400 unknown partition or malformed parameters      503 no worker runs on this node
 * </pre>
 */
public final class SnapshotRoutes {
    private final Path nodeDir;

    private SnapshotRoutes(final Path nodeDir) {
        this.nodeDir = nodeDir;
    }

    /**
     * Mounts the route (unprefixed and under every API version).
     *
     * @param router the admin router
     * @param nodeDir the node directory whose worker takes the snapshots
     */
    public static void register(final Router router, final Path nodeDir) {
        final SnapshotRoutes routes = new SnapshotRoutes(nodeDir);
        AdminApi.routeVersioned(router, "POST", "/snapshots", v -> routes::create);
    }

    private CompletableFuture<HttpResponse> create(final HttpRequest request) {
        try {
            final Optional<NodeSnapshots.Taker> taker = NodeSnapshots.forNode(nodeDir);
            if (taker.isEmpty()) {
                return AdminErrors.done(AdminErrors.json(503, "no worker runs on this node: partition snapshots are "
                        + "taken by the worker role", null));
            }
            final List<Integer> partitions = new ArrayList<>();
            boolean trimLog = false;
            if (request.body() != null && request.body().length > 0) {
                final JsonNode body = RequestBodies.object(request);
                final JsonNode ids = body.get("partition_ids");
                if (ids != null && !ids.isNull()) {
                    if (!ids.isArray()) {
                        throw AdminErrors.BadRequest.unprocessable("partition_ids: expected an array of numbers");
                    }
                    ids.forEach(id -> partitions.add(partitionId(id.isInt() ? id.asText() : "?" + id,
                            taker.get())));
                }
                trimLog = Boolean.TRUE.equals(RequestBodies.bool(body, "trim_log"));
            }
            final String one = request.queryParam("partition_id");
            if (one != null) {
                partitions.add(partitionId(one, taker.get()));
            }
            final String trim = request.queryParam("trim_log");
            if (trim != null) {
                trimLog = flag("trim_log", trim);
            }
            return taker.get().create(partitions, trimLog).handle((list, e) -> e != null ? AdminErrors.of(e)
                    : HttpResponse.json(200, AdminJson.bytes(json(list))));
        } catch (final AdminErrors.BadRequest e) {
            return AdminErrors.done(e.response());
        }
    }

    private static int partitionId(final String text, final NodeSnapshots.Taker taker) {
        final int id;
        try {
            id = Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new AdminErrors.BadRequest(AdminErrors.json(400, "partition id '" + text + "' is not a number",
                    null), "partition id");
        }
        if (id < 0 || id >= taker.partitionCount()) {
            throw new AdminErrors.BadRequest(AdminErrors.json(400, "unknown partition " + id + ": this node has "
                    + "partitions 0 to " + (taker.partitionCount() - 1), null), "partition id");
        }
        return id;
    }

    private static boolean flag(final String name, final String value) {
        return switch (value) {
            case "true", "" -> true;
            case "false" -> false;
            default -> throw new AdminErrors.BadRequest(AdminErrors.json(400, name + " must be true or false, got '"
                    + value + "'", null), name);
        };
    }

    private static ObjectNode json(final List<NodeSnapshots.Created> list) {
        final ObjectNode root = AdminJson.MAPPER.createObjectNode();
        final ArrayNode array = root.putArray("snapshots");
        for (final NodeSnapshots.Created c : list) {
            array.addObject().put("partition_id", c.partitionId()).put("log_id", c.partitionId())
                    .put("snapshot_id", c.snapshotId()).put("min_applied_lsn", c.appliedLsn())
                    .put("path", c.path().toString()).put("size_bytes", c.sizeBytes());
        }
        return root;
    }
}
