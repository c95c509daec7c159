package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kills a worker server process with SIGKILL at random moments under load and restarts it on the same data.
 *
 * <p>Clients send logical operations, each with its own idempotency key, and retry each one until it is
 * acknowledged (also across restarts). Checks at the end: every counter equals exactly the number of increments
 * sent to it (nothing lost, nothing applied twice); the output of every acknowledged invocation is still served
 * by id; a journaled side effect ran once unless a kill hit while its invocation was in flight. Seeded; replay the
 * kill schedule with {@code -Dseed=N}.
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ServerCrashTest {
    private static final int KEYS = 5;
    private static final int CLIENTS = 6;
    private static final int KILLS = 4;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger kills = new AtomicInteger();
    private volatile int port;

    /** One acknowledged operation: its invocation id, body, and the kill count when first sent and when acked. */
    private record Acked(String path, String id, String body, int killsAtSend, int killsAtAck) {
    }

    @Test
    void shouldKeepEveryAcknowledgedResultAndCountExactlyAcrossKills() throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("ServerCrashTest seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final Path nodeDir = Files.createTempDirectory("worker-crash").resolve("n1");
        Files.createDirectories(nodeDir);
        registerSdk(nodeDir);
        final List<Acked> acked = new ArrayList<>();
        final AtomicBoolean running = new AtomicBoolean(true);
        final ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        Process server = startServer(nodeDir);
        final List<Future<?>> futures = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            final int client = c;
            futures.add(clients.submit(() -> clientLoop(client, running, acked)));
        }
        for (int k = 0; k < KILLS; k++) {
            Thread.sleep(1500 + random.nextInt(2000));
            server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            kills.incrementAndGet();
            server = startServer(nodeDir);
        }
        Thread.sleep(1000);
        running.set(false);
        for (final Future<?> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        clients.shutdown();
        try {
            verify(acked);
        } finally {
            server.getOutputStream().close();
            if (!server.waitFor(10, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    private void verify(final List<Acked> acked) throws Exception {
        final Map<String, Integer> increments = new ConcurrentHashMap<>();
        int sideEffectsChecked = 0;
        for (final Acked a : acked) {
            if (a.path().startsWith("/SdkCounter/")) {
                increments.merge(a.path(), 1, Integer::sum);
            } else {
                final String label = a.body().replace("\"", "").substring("ran ".length());
                final int ran = SdkGreeter.SIDE_EFFECTS.get(label).get();
                assertTrue(ran >= 1, "side effect " + label + " never ran");
                if (a.killsAtSend() == a.killsAtAck()) {
                    assertEquals(1, ran, "side effect " + label + " ran again without a crash in flight");
                    sideEffectsChecked++;
                }
            }
            final HttpResponse<String> output = send("GET", "/restate/invocation/" + a.id() + "/output", null, null);
            assertEquals(200, output.statusCode(), "output of " + a.id() + ": " + output.body());
            assertEquals(a.body(), output.body(), "output of " + a.id());
        }
        for (final Map.Entry<String, Integer> e : increments.entrySet()) {
            final String get = e.getKey().replace("/add", "/get");
            assertEquals(Integer.toString(e.getValue()), send("POST", get, "", null).body(), e.getKey());
        }
        System.out.println("ServerCrashTest: " + acked.size() + " acknowledged operations, " + kills.get()
                + " kills, " + increments.size() + " counters exact, " + sideEffectsChecked
                + " side effects checked ran once");
        assertTrue(acked.size() > 10, "too few operations completed: " + acked.size());
    }

    private void clientLoop(final int client, final AtomicBoolean running, final List<Acked> acked) {
        int n = 0;
        while (running.get()) {
            final String op = "c" + client + "-" + n++;
            final boolean counter = n % 5 != 0;
            final String path = counter ? "/SdkCounter/k" + (n % KEYS) + "/add" : "/SdkGreeter/runThenSleep";
            final String body = counter ? "1" : "\"" + op + "\"";
            final int killsAtSend = kills.get();
            while (true) {
                try {
                    final HttpResponse<String> r = send("POST", path, body, op);
                    if (r.statusCode() == 200) {
                        synchronized (acked) {
                            acked.add(new Acked(path, r.headers().firstValue("x-restate-id").orElseThrow(), r.body(),
                                    killsAtSend, kills.get()));
                        }
                        break;
                    }
                } catch (final Exception e) {
                    // The server is down or was killed mid-request: retry with the same idempotency key.
                }
                sleep(100);
            }
        }
    }

    private HttpResponse<String> send(final String method, final String path, final String body, final String idem)
            throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idem != null) {
            b.header("idempotency-key", idem);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void sleep(final long ms) {
        try {
            Thread.sleep(ms);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void registerSdk(final Path nodeDir) throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkGreeter()).bind(new SdkCounter()).build(),
                0);
        try (EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final DiscoveredEndpoint endpoint = new DiscoveryClient(client, InvokerOptions.defaults(),
                    Duration.ofSeconds(30), 2, Duration.ofMillis(50)).discover(URI.create("http://127.0.0.1:"
                    + sdkPort + "/"), List.of(), false).get(30, TimeUnit.SECONDS);
            new SchemaRegistry(new FileSchemaStore(nodeDir), ServiceDefaults.defaults(), Clock.systemUTC(),
                    new SecureRandom()).register(endpoint, false, false, false, Map.of());
        }
    }

    private Process startServer(final Path nodeDir) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final Process p = new ProcessBuilder(List.of(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-opens", "java.base/java.util.zip=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-XX:+UseSerialGC", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                WorkerProcessMain.class.getName(), nodeDir.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("PORT ")) {
            continue;
        }
        if (line == null) {
            throw new IllegalStateException("worker process exited before listening: " + p.waitFor());
        }
        port = Integer.parseInt(line.substring(5).trim());
        return p;
    }
}
