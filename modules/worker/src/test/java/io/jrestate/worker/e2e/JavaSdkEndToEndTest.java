package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker end to end with the real Java SDK in-process: the ingress over HTTP, partition processors on the
 * real log store, attempts over h2c to the SDK's endpoint. Covers services, virtual-object state (eager, keys,
 * clear all), exclusive handlers under concurrency (exact sums), journaled side effects that never run twice
 * across suspensions, retries, terminal failures, calls and one-way calls between services, sends with attach,
 * and a restart of the worker on the same data directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaSdkEndToEndTest {
    private static Path dir;
    private static EndpointClient endpoints;
    private static ScheduledExecutorService attemptTimers;
    private static SchemaRegistry registry;
    private static WorkerNode worker;
    private static HttpServer ingress;
    private static HttpClient http;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("worker-e2e");
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkGreeter()).bind(new SdkCounter()).build(),
                0);
        endpoints = new EndpointClient(InvokerOptions.defaults());
        attemptTimers = Executors.newSingleThreadScheduledExecutor();
        registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(), Clock.systemUTC(),
                new SplittableRandom(5));
        final DiscoveredEndpoint endpoint = new DiscoveryClient(endpoints, InvokerOptions.defaults(),
                Duration.ofSeconds(10), 2, Duration.ofMillis(50)).discover(URI.create("http://127.0.0.1:" + sdkPort
                + "/"), List.of(), false).get(30, TimeUnit.SECONDS);
        registry.register(endpoint, false, false, false, Map.of());
        startWorker();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static void startWorker() throws Exception {
        final Router router = new Router();
        worker = WorkerNode.start(new WorkerOptions("n1", 8, 2, 10_000, true, 4L << 20), dir,
                new ProtocolInvoker(new InvocationAttempts(endpoints, InvokerOptions.defaults(), attemptTimers,
                        System::nanoTime), registry), new RegistryServiceCatalog(registry), router,
                Duration.ofSeconds(30));
        ingress = HttpServer.start(HttpServerOptions.of("ingress", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                router);
    }

    private static void stopWorker() {
        ingress.close();
        worker.close();
    }

    @AfterAll
    static void stop() {
        stopWorker();
        endpoints.close();
        attemptTimers.shutdownNow();
    }

    private static HttpResponse<String> post(final String path, final String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(final String path, final String body) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ingress.port() + path))
                .timeout(Duration.ofSeconds(60)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldCallAServiceHandler() throws Exception {
        final HttpResponse<String> response = post("/SdkGreeter/greet", "\"Bob\"");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("\"Hello Bob\"", response.body());
    }

    @Test
    void shouldSumConcurrentExclusiveAddsExactly() throws Exception {
        final List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            calls.add(postAsync("/SdkCounter/sum/add", Integer.toString(i)));
        }
        for (final CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS).statusCode());
        }
        assertEquals("210", post("/SdkCounter/sum/get", "").body());
        assertEquals("1", post("/SdkCounter/sum/reset", "").body());
        assertEquals("0", post("/SdkCounter/sum/get", "").body());
    }

    @Test
    void shouldRunACompletedSideEffectOnlyOnceAcrossSuspension() throws Exception {
        assertEquals("\"ran once-a\"", post("/SdkGreeter/runThenSleep", "\"once-a\"").body());
        assertEquals(1, SdkGreeter.SIDE_EFFECTS.get("once-a").get());
    }

    @Test
    void shouldRetryRetryableFailuresUntilSuccess() throws Exception {
        assertEquals("\"ok after 3\"", post("/SdkGreeter/flaky", "\"retry-a\"").body());
    }

    @Test
    void shouldReturnTerminalFailures() throws Exception {
        final HttpResponse<String> response = post("/SdkGreeter/fail", "\"nope\"");
        assertEquals(409, response.statusCode());
        assertTrue(response.body().contains("\"message\":\"nope\""), response.body());
        assertEquals("invocation", response.headers().firstValue("x-restate-error-source").orElseThrow());
    }

    @Test
    void shouldCallAndSendBetweenServices() throws Exception {
        assertEquals("5", post("/SdkGreeter/callCounter", "\"calls\"").body());
        for (int i = 0; i < 50 && !"1".equals(post("/SdkCounter/calls-oneway/get", "").body()); i++) {
            Thread.sleep(100);
        }
        assertEquals("1", post("/SdkCounter/calls-oneway/get", "").body());
    }

    @Test
    void shouldAttachToASentInvocation() throws Exception {
        final HttpResponse<String> sent = post("/SdkGreeter/greet/send", "\"Sam\"");
        assertEquals(202, sent.statusCode());
        final String id = sent.headers().firstValue("x-restate-id").orElseThrow();
        final HttpResponse<String> attached = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + ingress.port() + "/restate/invocation/" + id + "/attach")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("\"Hello Sam\"", attached.body());
    }

    @Test
    void shouldKeepStateAcrossAWorkerRestart() throws Exception {
        assertEquals("3", post("/SdkCounter/restart/add", "3").body());
        stopWorker();
        startWorker();
        assertEquals("7", post("/SdkCounter/restart/add", "4").body());
    }
}
