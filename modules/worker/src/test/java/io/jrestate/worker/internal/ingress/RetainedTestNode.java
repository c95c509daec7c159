package io.jrestate.worker.internal.ingress;

import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.fsm.RetainedTable;
import io.jrestate.worker.internal.node.WorkerNode;
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

/**
 * One running test node in a node directory laid out like the server's ({@code worker-log/},
 * {@code worker-retained/partition-N/}, {@code worker-snapshots/}): segment logs, on-disk retained stores, the
 * processors over the fake SDK, optionally snapshots, and the ingress over real HTTP. Its services keep completed
 * invocations for a day (idempotency and journal retention).
 */
public final class RetainedTestNode implements AutoCloseable {
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
    /** The number of partitions. */
    public static final int PARTITIONS = 4;
    /** The segment logs. */
    public final LogStore logs;
    /** The node's partitions. */
    public final TestNode node;
    private final List<DiskRetainedStorage> stores = new ArrayList<>();
    private final ExecutorService snapshotWriter = Executors.newSingleThreadExecutor();
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Starts a node on a directory: partitions restore from their newest snapshot (when {@code snapshots}) and
     * replay their logs.
     *
     * @param dir the node directory
     * @param snapshots whether the partitions restore from and write snapshots (keeping two)
     * @throws Exception when the node cannot start (everything opened is closed)
     */
    public RetainedTestNode(final Path dir, final boolean snapshots) throws Exception {
        logs = LogStore.open(dir.resolve(WorkerNode.LOG_DIR), LogStoreOptions.builder().segmentBytes(4L << 20)
                .build());
        try {
            final PartitionLog[] partitionLogs = new PartitionLog[PARTITIONS];
            for (int p = 0; p < PARTITIONS; p++) {
                partitionLogs[p] = new SegmentPartitionLog(logs.log(p));
                stores.add(new DiskRetainedStorage(dir.resolve(WorkerNode.RETAINED_DIR).resolve("partition-" + p),
                        RetainedTable.DEFAULT_BUCKET_WIDTH_MS));
            }
            final SnapshotSetup setup = !snapshots ? null : new SnapshotSetup(dir.resolve(SnapshotSetup.DIR),
                    StorageIo.fileSystem(), new SnapshotOptions(0, Duration.ZERO, 2, Duration.ZERO, false, true),
                    snapshotWriter, List.of(), SnapshotBody.standard());
            node = new TestNode(partitionLogs, CATALOG, setup, stores::get);
        } catch (final Exception | Error e) {
            closeStores();
            throw e;
        }
        final Router router = new Router();
        new IngressService(node.partitions, CATALOG, System::currentTimeMillis, ThreadLocalRandom::current, "n1")
                .mount(router);
        server = HttpServer.start(HttpServerOptions.of("ingress", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                router);
    }

    /**
     * How many completed invocations the partitions' disk stores retain.
     *
     * @return the count
     */
    public long retained() {
        return stores.stream().mapToLong(DiskRetainedStorage::size).sum();
    }

    /**
     * How many log records the partitions replayed at start.
     *
     * @return the count
     */
    public long replayed() {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            total += node.partitions.processor(p).replayedRecords();
        }
        return total;
    }

    /**
     * Sends an ingress request.
     *
     * @param method the HTTP method
     * @param path the path
     * @param body the body, or null for none
     * @param headers header names and values, alternating
     * @return the response
     * @throws Exception when the request fails
     */
    public HttpResponse<byte[]> send(final String method, final String path, final String body,
            final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).timeout(Duration.ofSeconds(20)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * What a client sees of the retained invocations: output and attach of each id, output by idempotency key
     * ({@code Counter/k/add}, key {@code idem-1}) and its re-submission, each as status, the headers that matter
     * and the exact body bytes.
     *
     * @param ids invocation ids
     * @return request to answer
     * @throws Exception when a request fails
     */
    public Map<String, String> retainedAnswers(final List<String> ids) throws Exception {
        final Map<String, String> answers = new LinkedHashMap<>();
        for (final String id : ids) {
            answers.put("output " + id, seen(send("GET", "/restate/invocation/" + id + "/output", null)));
            answers.put("attach " + id, seen(send("GET", "/restate/invocation/" + id + "/attach", null)));
        }
        answers.put("by key", seen(send("GET", "/restate/invocation/Counter/k/add/idem-1/output", null)));
        answers.put("resubmit", seen(send("POST", "/Counter/k/add", "5", "idempotency-key", "idem-1")));
        return answers;
    }

    /**
     * What a client sees of a response: status, the headers that matter, the exact body bytes.
     *
     * @param response the response
     * @return the text
     */
    public static String seen(final HttpResponse<byte[]> response) {
        final Map<String, String> headers = new LinkedHashMap<>();
        for (final String name : List.of("content-type", "x-restate-id", "idempotency-expires")) {
            headers.put(name, response.headers().firstValue(name).orElse(null));
        }
        return response.statusCode() + " " + headers + " " + java.util.HexFormat.of().formatHex(response.body());
    }

    /**
     * Calls {@code Greeter/greet}.
     *
     * @param name the argument
     * @return the invocation id
     * @throws Exception when the call fails or does not answer 200
     */
    public String greet(final String name) throws Exception {
        final HttpResponse<byte[]> response = send("POST", "/Greeter/greet", name);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("greet " + name + ": " + seen(response));
        }
        return response.headers().firstValue("x-restate-id").orElseThrow();
    }

    private void closeStores() {
        snapshotWriter.close();
        stores.forEach(DiskRetainedStorage::close);
        logs.close();
    }

    @Override
    public void close() {
        server.close();
        node.close();
        closeStores();
    }
}
