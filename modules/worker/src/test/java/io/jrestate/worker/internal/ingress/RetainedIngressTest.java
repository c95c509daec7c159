package io.jrestate.worker.internal.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.fsm.RetainedTable;
import io.jrestate.worker.internal.processor.PartitionLog;
import io.jrestate.worker.internal.processor.SegmentPartitionLog;
import io.jrestate.worker.internal.processor.TestNode;
import io.jrestate.worker.internal.retained.DiskRetainedStorage;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceCatalog;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.schema.StaticServiceCatalog;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.ServiceType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress answering retained (completed) invocations from the on-disk store over real HTTP: output and attach
 * by id, by idempotency key, and an idempotent re-submission give the same status, headers and body bytes, and
 * give them again after a restart (the partitions replay their segment logs into empty stores).
 */
@Timeout(60)
class RetainedIngressTest {
    private static final InvocationOptions RETAINED = InvocationOptions.newBuilder().setRetryPolicy(RetryPolicy
            .newBuilder().setInitialIntervalMs(50).setExponentiationFactor(2).setMaxIntervalMs(1000)
            .setMaxAttempts(10)).setIdempotencyRetentionMs(86_400_000).setJournalRetentionMs(86_400_000).build();
    private static final ServiceCatalog CATALOG = new StaticServiceCatalog(List.of(
            new ServiceInfo("Greeter", ServiceType.SERVICE, true, Map.of("greet",
                    new HandlerInfo("greet", HandlerType.HANDLER_TYPE_UNSPECIFIED, RETAINED, "*/*", false,
                            "application/json", false))),
            new ServiceInfo("Counter", ServiceType.VIRTUAL_OBJECT, true, Map.of("add",
                    new HandlerInfo("add", HandlerType.EXCLUSIVE, RETAINED, "*/*", false, "application/json",
                            false)))));
    private static final int PARTITIONS = 4;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** One running node: segment logs, disk stores, processors, optionally snapshots, ingress over HTTP. */
    private static final class Node implements AutoCloseable {
        final LogStore logs;
        final List<DiskRetainedStorage> stores = new ArrayList<>();
        final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor();
        final TestNode node;
        final HttpServer server;

        Node(final Path dir) throws Exception {
            this(dir, false);
        }

        Node(final Path dir, final boolean snapshots) throws Exception {
            logs = LogStore.open(dir.resolve("log"), LogStoreOptions.builder().segmentBytes(4L << 20).build());
            final PartitionLog[] partitionLogs = new PartitionLog[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                partitionLogs[p] = new SegmentPartitionLog(logs.log(p));
                stores.add(new DiskRetainedStorage(dir.resolve("retained").resolve("p" + p),
                        RetainedTable.DEFAULT_BUCKET_WIDTH_MS));
            }
            final SnapshotSetup setup = !snapshots ? null : new SnapshotSetup(dir.resolve("snapshots"),
                    StorageIo.fileSystem(), new SnapshotOptions(0, Duration.ZERO, 2, Duration.ZERO, false, true),
                    snapshotWriter, List.of(), SnapshotBody.standard());
            node = new TestNode(partitionLogs, CATALOG, setup, stores::get);
            final Router router = new Router();
            new IngressService(node.partitions, CATALOG, System::currentTimeMillis, ThreadLocalRandom::current,
                    "n1").mount(router);
            server = HttpServer.start(HttpServerOptions.of("ingress", new InetSocketAddress("127.0.0.1", 0),
                    1 << 20), router);
        }

        long retained() {
            return stores.stream().mapToLong(DiskRetainedStorage::size).sum();
        }

        long replayed() {
            long total = 0;
            for (int p = 0; p < PARTITIONS; p++) {
                total += node.partitions.processor(p).replayedRecords();
            }
            return total;
        }

        @Override
        public void close() {
            server.close();
            node.close();
            snapshotWriter.close();
            stores.forEach(DiskRetainedStorage::close);
            logs.close();
        }
    }

    private HttpResponse<byte[]> send(final Node node, final String method, final String path, final String body,
            final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + node.server.port() + path)).timeout(Duration.ofSeconds(20)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** What a client sees of a response: status, the headers that matter, the exact body bytes. */
    private static String seen(final HttpResponse<byte[]> response) {
        final Map<String, String> headers = new LinkedHashMap<>();
        for (final String name : List.of("content-type", "x-restate-id", "idempotency-expires")) {
            headers.put(name, response.headers().firstValue(name).orElse(null));
        }
        return response.statusCode() + " " + headers + " " + java.util.HexFormat.of().formatHex(response.body());
    }

    private Map<String, String> retainedAnswers(final Node node, final List<String> ids) throws Exception {
        final Map<String, String> answers = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            final String id = ids.get(i);
            answers.put("output " + id, seen(send(node, "GET", "/restate/invocation/" + id + "/output", null)));
            answers.put("attach " + id, seen(send(node, "GET", "/restate/invocation/" + id + "/attach", null)));
        }
        answers.put("by key", seen(send(node, "GET", "/restate/invocation/Counter/k/add/idem-1/output", null)));
        answers.put("resubmit", seen(send(node, "POST", "/Counter/k/add", "5", "idempotency-key", "idem-1")));
        return answers;
    }

    @Test
    void shouldAnswerRetainedInvocationsWithTheSameBytesBeforeAndAfterARestart(@TempDir final Path dir)
            throws Exception {
        final List<String> ids = new ArrayList<>();
        final Map<String, String> before;
        try (Node node = new Node(dir)) {
            for (int i = 0; i < 20; i++) {
                final HttpResponse<byte[]> response = send(node, "POST", "/Greeter/greet", "n" + i);
                assertEquals(200, response.statusCode());
                ids.add(response.headers().firstValue("x-restate-id").orElseThrow());
            }
            assertEquals(200, send(node, "POST", "/Counter/k/add", "5", "idempotency-key", "idem-1").statusCode());
            assertEquals(21, node.retained(), "every completed invocation went to the disk store");
            before = retainedAnswers(node, ids);
            assertEquals("Hello n3", new String(send(node, "GET", "/restate/invocation/" + ids.get(3) + "/output",
                    null).body(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(before.get("resubmit").contains("idempotency-expires=2"), before.get("resubmit"));
            assertFalse(before.get("output " + ids.get(0)).contains("=null, idempotency-expires=null"));
        }
        try (Node node = new Node(dir)) {
            assertEquals(21, node.retained(), "the replay retained them again");
            assertEquals(before, retainedAnswers(node, ids));
        }
    }

    /**
     * Invocations retained before a snapshot (whose log prefix is then trimmed, so only the snapshot can bring them
     * back) and after it (the replayed tail) answer with the same bytes after a restart from the snapshot.
     */
    @Test
    void shouldKeepRetainedInvocationsAcrossARestartFromASnapshotAndTrimmedLog(@TempDir final Path dir)
            throws Exception {
        final List<String> ids = new ArrayList<>();
        final Map<String, String> before;
        try (Node node = new Node(dir, true)) {
            for (int i = 0; i < 20; i++) {
                ids.add(greet(node, "n" + i));
            }
            assertEquals(200, send(node, "POST", "/Counter/k/add", "5", "idempotency-key", "idem-1").statusCode());
            node.node.partitions.snapshot(List.of(), true).join();
            for (int p = 0; p < PARTITIONS; p++) {
                assertTrue(node.logs.log(p).firstLsn() > 1, "partition " + p + ": log trimmed below the snapshot");
            }
            for (int i = 20; i < 25; i++) {
                ids.add(greet(node, "n" + i));
            }
            assertEquals(26, node.retained());
            before = retainedAnswers(node, ids);
        }
        try (Node node = new Node(dir, true)) {
            assertEquals(26, node.retained(), "the snapshot's checkpoint plus the replayed tail");
            assertTrue(node.replayed() < 40, "only the tail after the snapshot replays: " + node.replayed());
            assertEquals(before, retainedAnswers(node, ids));
            assertEquals("Hello n3", new String(send(node, "GET", "/restate/invocation/" + ids.get(3) + "/output",
                    null).body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private String greet(final Node node, final String name) throws Exception {
        final HttpResponse<byte[]> response = send(node, "POST", "/Greeter/greet", name);
        assertEquals(200, response.statusCode());
        return response.headers().firstValue("x-restate-id").orElseThrow();
    }
}
