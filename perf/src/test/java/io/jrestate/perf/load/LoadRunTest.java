package io.jrestate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the whole tool for about a second against an in-process HTTP/1.1 server on loopback and compares what the
 * tool reports with what the server saw: responses counted, keys spread over the requested range, keep-alive
 * (connections opened equals the connection count), error statuses counted by code, the open-loop rate honoured,
 * and the JSON summary as the last output line.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadRunTest {
    private HttpServer server;
    private ExecutorService executor;
    private final LongAdder requests = new LongAdder();
    private final Set<String> keysSeen = ConcurrentHashMap.newKeySet();
    private final Map<String, LongAdder> remotePorts = new ConcurrentHashMap<>();
    private final AtomicLong failEvery = new AtomicLong(0);
    private final AtomicLong served = new AtomicLong();

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        final long n = served.incrementAndGet();
        requests.increment();
        remotePorts.computeIfAbsent(String.valueOf(exchange.getRemoteAddress().getPort()), p -> new LongAdder())
                .increment();
        final String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length == 4) {
            keysSeen.add(parts[2]);
        }
        final long every = failEvery.get();
        final int status = every > 0 && n % every == 0 ? 503 : 200;
        final byte[] body = "\"ok\"".getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Test
    void shouldCountEveryResponseOverKeepAliveConnectionsAndSpreadKeys() throws InterruptedException {
        final LoadReport report = LoadRun.run(LoadOptions.parse(new String[] {"--url", url(), "--connections", "4",
            "--warmup", "0s", "--duration", "800ms", "--target", "Counter/{key}/add", "--keys", "5",
            "--body", "1"}, 3));
        assertTrue(report.ok() > 20, "expected a steady stream of responses, got " + report.ok());
        assertEquals(0, report.errors());
        assertTrue(report.ok() <= requests.sum(), "the tool cannot count more responses than the server sent");
        assertEquals(Set.of("0", "1", "2", "3", "4"), keysSeen);
        assertEquals(4, remotePorts.size(), "each connection must be kept alive: " + remotePorts.keySet());
        assertEquals(report.ok(), report.latencyNs().count());
        assertTrue(report.latencyNs().valueAtPercentile(50) > 0);
    }

    @Test
    void shouldCountErrorStatusesByCode() throws InterruptedException {
        failEvery.set(4);
        final LoadReport report = LoadRun.run(LoadOptions.parse(new String[] {"--url", url(), "--connections", "2",
            "--warmup", "0s", "--duration", "1s"}, 3));
        final long total = report.ok() + report.errors();
        assertTrue(total >= 8, "expected a steady stream of responses: " + report.text());
        assertEquals(report.errors(), report.stats().errorsByKind().get("503"), report.text());
        // The server fails exactly every fourth request; the window edges may cut one off on each side.
        assertTrue(Math.abs(report.errors() - total / 4) <= 2, "a quarter should fail: " + report.text());
    }

    @Test
    void shouldHonourTheOpenLoopRate() throws InterruptedException {
        final LoadReport report = LoadRun.run(LoadOptions.parse(new String[] {"--url", url(), "--connections", "2",
            "--warmup", "200ms", "--duration", "1s", "--rate", "100"}, 3));
        // 100 req/s over 200 ms + 1 s: two connections, 60 due times each. A late request is still sent (no
        // coordinated omission), so the server sees exactly the schedule however loaded the machine is.
        assertTrue(requests.sum() >= 119 && requests.sum() <= 121, "120 requests due, server saw "
            + requests.sum());
        // Only responses that end inside the 1 s window count: about 100, fewer when the machine stalls near its
        // end (a request due then completes after it), never more than were sent.
        assertTrue(report.ok() >= 50 && report.ok() <= requests.sum(), "100 req/s over 1 s, got " + report.ok());
    }

    @Test
    void shouldCountConnectionFailuresWhenNothingListens() throws InterruptedException {
        final int port = server.getAddress().getPort();
        server.stop(0);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int exit = LoadMain.run(new String[] {"--url", "http://127.0.0.1:" + port, "--warmup", "0s",
            "--duration", "300ms"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertEquals(1, exit, "no successful request means exit status 1");
        final String[] lines = out.toString(StandardCharsets.UTF_8).strip().split("\n");
        final String json = lines[lines.length - 1];
        assertTrue(json.startsWith("{\"tool\":\"jrestate-load\"") && json.endsWith("}}"), json);
        assertTrue(json.contains("\"ok\":0,"), json);
        assertTrue(json.contains("\"errors_by_kind\":{\"io\":"), json);
    }

    @Test
    void shouldExitWithStatus2AndNameTheProblemOnABadCommandLine() throws InterruptedException {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = LoadMain.run(new String[] {"--connections", "none"}, new PrintStream(
                new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true,
                StandardCharsets.UTF_8));
        assertEquals(2, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
                "load: option '--connections': 'none' is not an integer"));
    }
}
