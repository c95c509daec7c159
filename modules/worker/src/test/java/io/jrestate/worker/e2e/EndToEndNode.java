package io.jrestate.worker.e2e;

import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaStore;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.worker.internal.invoker.ProtocolInvoker;
import io.jrestate.worker.internal.node.WorkerNode;
import io.jrestate.worker.internal.node.WorkerOptions;
import io.jrestate.worker.internal.schema.RegistryServiceCatalog;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A worker as the server runs it, for end-to-end tests: schema registry, discovery, the attempt runner, the
 * worker on a real log store in a temporary directory, and the ingress on a random port; plus an HTTP client.
 */
final class EndToEndNode implements AutoCloseable {
    private final Path dir;
    private final EndpointClient endpoints = new EndpointClient(InvokerOptions.defaults());
    private final ScheduledExecutorService attemptTimers = Executors.newSingleThreadScheduledExecutor();
    private final SchemaRegistry registry;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private WorkerNode worker;
    private HttpServer ingress;

    EndToEndNode() throws Exception {
        dir = Files.createTempDirectory("worker-e2e");
        registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(), Clock.systemUTC(),
                new SplittableRandom(5));
        startWorker();
    }

    void register(final int port, final boolean http11) throws Exception {
        final DiscoveredEndpoint endpoint = new DiscoveryClient(endpoints, InvokerOptions.defaults(),
                Duration.ofSeconds(30), 2, Duration.ofMillis(50)).discover(URI.create("http://127.0.0.1:" + port
                + "/"), List.of(), http11).get(30, TimeUnit.SECONDS);
        registry.register(endpoint, false, false, false, Map.of());
    }

    void restartWorker() throws Exception {
        stopWorker();
        startWorker();
    }

    /**
     * Stops the worker, keeps it down for {@code downtime} (timers falling due meanwhile), then starts it again on
     * the same data directory.
     */
    void restartWorkerAfter(final Duration downtime) throws Exception {
        stopWorker();
        Thread.sleep(downtime.toMillis());
        startWorker();
    }

    private void startWorker() throws Exception {
        final Router router = new Router();
        worker = WorkerNode.start(new WorkerOptions("n1", 8, 2, 10_000, true, 4L << 20), dir,
                new ProtocolInvoker(new InvocationAttempts(endpoints, InvokerOptions.defaults(), attemptTimers,
                        System::nanoTime), registry), new RegistryServiceCatalog(registry), router,
                Duration.ofSeconds(30));
        ingress = HttpServer.start(HttpServerOptions.of("ingress", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                router);
    }

    private void stopWorker() {
        ingress.close();
        worker.close();
    }

    /** The invocation control of the running worker (what the admin API calls). */
    io.jrestate.worker.InvocationControl control() {
        return worker.invocationControl();
    }

    HttpResponse<String> post(final String path, final String body) throws Exception {
        return postAsync(path, body).get(90, TimeUnit.SECONDS);
    }

    CompletableFuture<HttpResponse<String>> postAsync(final String path, final String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(final String path) throws Exception {
        return getAsync(path).get(90, TimeUnit.SECONDS);
    }

    CompletableFuture<HttpResponse<String>> getAsync(final String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Polls a handler (POST, empty body) until it answers {@code expected} (one-way calls land asynchronously),
     * for at most a minute; returns the last answer.
     */
    String awaitBody(final String path, final String expected) throws Exception {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String body = post(path, "").body();
        while (!expected.equals(body) && System.nanoTime() < deadlineNs) {
            Thread.sleep(50);
            body = post(path, "").body();
        }
        return body;
    }

    /**
     * Polls a handler (POST with {@code body}) until it answers something other than {@code unwanted}, for at most
     * a minute; returns the last answer.
     */
    String awaitBodyOtherThan(final String path, final String body, final String unwanted) throws Exception {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String answer = post(path, body).body();
        while (unwanted.equals(answer) && System.nanoTime() < deadlineNs) {
            Thread.sleep(25);
            answer = post(path, body).body();
        }
        return answer;
    }

    @Override
    public void close() {
        stopWorker();
        endpoints.close();
        attemptTimers.shutdownNow();
    }
}
