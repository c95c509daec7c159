package io.jrestate.launcher.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures how long an online backup holds writes on a node under load (not a test; tag {@code benchmark}): a real
 * server process, the Java SDK counter, {@code -Dclients=8} closed-loop clients calling {@code add}, and
 * {@code -Dbackups=10} backups one second apart. Prints per backup how long each participant held its writes (the
 * worker's hold is the ingress pause) and the capture step (first capture call to release), the clients' slowest
 * call overlapping each backup, and the clients' latency percentiles outside backups. Run:
 * {@code bin/mvn25 -pl modules/launcher -am verify -Dtest=BackupHoldBenchmark -Dtest.groups=benchmark
 * -Dtest.excludedGroups= -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class BackupHoldBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One client call: when it started and ended. */
    private record Call(long startNs, long endNs) {
    }

    @Test
    void measureHoldUnderLoad() throws Exception {
        final int clients = Integer.getInteger("clients", 8);
        final int backups = Integer.getInteger("backups", 10);
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new BackupCounter()).build(), 0);
        final int admin = ServerProcess.freePort();
        final int ingress = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(work, Map.of("RESTATE_ADMIN__BIND_ADDRESS", "127.0.0.1:"
                + admin, "RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:" + ingress), "--node-name", "n1")) {
            server.awaitHttp200(admin, "/health", Duration.ofSeconds(60));
            server.awaitHttp200(ingress, "/restate/health", Duration.ofSeconds(60));
            post(admin, "/deployments", "{\"uri\":\"http://127.0.0.1:" + sdkPort + "/\"}");
            final List<Call> calls = new ArrayList<>();
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<CompletableFuture<Void>> loops = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                final int client = c;
                loops.add(CompletableFuture.runAsync(() -> load(ingress, client, running, calls),
                        command -> Thread.ofPlatform().start(command)));
            }
            Thread.sleep(3000);
            final List<long[]> windows = new ArrayList<>();
            for (int b = 0; b < backups; b++) {
                windows.add(backup(admin, work.resolve("backups/b" + b), calls));
                Thread.sleep(1000);
            }
            running.set(false);
            CompletableFuture.allOf(loops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            report(calls, windows);
        }
    }

    /** Runs one backup; answers {startNs, endNs, the worker's held micros, captureMicros}. */
    private long[] backup(final int admin, final Path to, final List<Call> calls) throws Exception {
        final long startNs = System.nanoTime();
        final String id = JSON.readTree(post(admin, "/backups", "{\"to\":\"" + to + "\"}")).path("id").asText();
        JsonNode status;
        do {
            Thread.sleep(20);
            status = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
                    + "/backups/" + id)).build(), HttpResponse.BodyHandlers.ofString()).body());
        } while (status.path("state").asText().equals("running"));
        if (!status.path("state").asText().equals("completed")) {
            throw new AssertionError("backup failed: " + status);
        }
        System.out.println("backup " + id + ": hold " + status.path("hold_micros").asLong() + " us, capture "
                + status.path("capture_micros").asLong() + " us, held " + status.path("held_micros") + " us, "
                + status.path("bytes_total").asLong() + " bytes in " + status.path("elapsed_ms").asLong() + " ms");
        return new long[] {startNs, System.nanoTime(), status.path("held_micros").path("worker").asLong(),
            status.path("capture_micros").asLong()};
    }

    private static void report(final List<Call> calls, final List<long[]> windows) {
        final List<Long> outside = new ArrayList<>();
        final long[] slowestDuring = new long[windows.size()];
        synchronized (calls) {
            for (final Call call : calls) {
                boolean overlapped = false;
                for (int w = 0; w < windows.size(); w++) {
                    if (call.endNs() >= windows.get(w)[0] && call.startNs() <= windows.get(w)[1]) {
                        slowestDuring[w] = Math.max(slowestDuring[w], call.endNs() - call.startNs());
                        overlapped = true;
                    }
                }
                if (!overlapped) {
                    outside.add(call.endNs() - call.startNs());
                }
            }
        }
        final long[] sorted = outside.stream().mapToLong(Long::longValue).sorted().toArray();
        final long[] holds = windows.stream().mapToLong(w -> w[2]).sorted().toArray();
        final long[] captures = windows.stream().mapToLong(w -> w[3]).sorted().toArray();
        System.out.printf(Locale.ROOT, "%d calls; outside backups p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                calls.size(), ms(pct(sorted, 50)), ms(pct(sorted, 99)), ms(pct(sorted, 100)));
        System.out.printf(Locale.ROOT, "worker (ingress) hold: median %.1f ms, max %.1f ms; capture step: median "
                + "%.1f ms, max %.1f ms; slowest call overlapping each backup (ms): %s%n",
                holds[holds.length / 2] / 1e3,
                holds[holds.length - 1] / 1e3, captures[captures.length / 2] / 1e3,
                captures[captures.length - 1] / 1e3, Arrays.toString(Arrays.stream(slowestDuring)
                .mapToObj(ns -> String.format(Locale.ROOT, "%.0f", ms(ns))).toArray()));
    }

    private static long pct(final long[] sorted, final int percent) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, sorted.length * percent / 100)];
    }

    private static double ms(final long ns) {
        return ns / 1e6;
    }

    private void load(final int ingress, final int client, final AtomicBoolean running, final List<Call> calls) {
        for (int n = 0; running.get(); n++) {
            final long start = System.nanoTime();
            try {
                post(ingress, "/BackupCounter/k" + (client * 1000 + n % 50) + "/add", "1");
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
            synchronized (calls) {
                calls.add(new Call(start, System.nanoTime()));
            }
        }
    }

    private String post(final int port, final String path, final String body) throws Exception {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }
}
