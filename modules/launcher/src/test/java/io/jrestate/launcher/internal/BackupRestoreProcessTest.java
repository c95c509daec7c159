package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.launcher.ServiceCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Online backup and restore through real server processes and the real Java SDK.
 *
 * <p>Phase 1: clients call a counter object (each add answers the new count) and a journaling service on node A
 * while a partition snapshot that trims the logs ({@code POST /snapshots}, {@code trim_log}) is taken and then
 * {@code restate-server backup} runs; the backup is restored into a new base directory and node B started on it.
 * The calls completed before the snapshot are retained invocations that only the snapshot and the retained-store
 * files its checkpoint names can bring back (their log records are trimmed). The restored node must hold one
 * consistent cut: per counter key, after the adds in the cut have finished ({@code add 0} queues behind them), the
 * count c is such that the adds A answered with 1..c are served by id on B with the same answer and the later ones
 * are unknown to B (404); every call acknowledged before the backup started is served by id with its answer.
 * Phase 2: a slowed backup of B is cut short by {@code kill -9} of B: the backup command reports the lost server,
 * only {@code DIR.incomplete} (without a manifest) exists, restore refuses it, and B restarted on its data serves
 * everything it served before.
 */
@Tag("slow")
@Timeout(300)
class BackupRestoreProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final int KEYS = 4;
    private static final int CLIENTS = 4;

    @TempDir
    Path work;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** One acknowledged call on node A. */
    private record Acked(String path, String id, String body, boolean beforeBackup) {
    }

    /** A server process and its ports. */
    private record Server(ServerProcess process, int admin, int ingress) {
    }

    private Server start(final String base) throws Exception {
        final int admin = ServerProcess.freePort();
        final int ingress = ServerProcess.freePort();
        // The fabric port too: the log-server role listens on it (UDP), so parallel runs must not share 5122.
        final ServerProcess process = ServerProcess.start(work, Map.of("RESTATE_ADMIN__BIND_ADDRESS",
                "127.0.0.1:" + admin, "RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:" + ingress,
                "RESTATE_BIND_ADDRESS", "127.0.0.1:" + ServerProcess.freePort()), "--node-name", "n1",
                "--base-dir", work.resolve(base).toString());
        process.awaitHttp200(admin, "/health", STARTUP);
        process.awaitHttp200(ingress, "/restate/health", STARTUP);
        return new Server(process, admin, ingress);
    }

    @Test
    void shouldRestoreOneConsistentCutTakenUnderLoadAndSurviveAKillDuringABackup() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new BackupCounter()).bind(new BackupGreeter())
                .build(), 0);
        final List<Acked> acked = new ArrayList<>();
        final Path backup = work.resolve("backups/b1");
        final Server nodeA = start("a");
        try (ServerProcess a = nodeA.process()) {
            final HttpResponse<String> registered = send("POST", nodeA.admin(), "/deployments",
                    "{\"uri\":\"http://127.0.0.1:" + sdkPort + "/\"}", null);
            assertEquals(201, registered.statusCode(), registered.body());
            final AtomicBoolean backupStarted = new AtomicBoolean();
            final AtomicBoolean running = new AtomicBoolean(true);
            final List<CompletableFuture<Void>> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                final int client = c;
                clients.add(CompletableFuture.runAsync(() -> clientLoop(nodeA.ingress(), client, running,
                        backupStarted, acked), command -> Thread.ofPlatform().start(command)));
            }
            awaitAcked(acked, 150);
            final HttpResponse<String> snapshot = send("POST", nodeA.admin(), "/snapshots", "{\"trim_log\": true}",
                    null);
            assertEquals(200, snapshot.statusCode(), snapshot.body());
            awaitAcked(acked, acked.size() + 30);
            backupStarted.set(true);
            final Tool backupRun = tool("backup", "--to", backup.toString(), "--admin-address",
                    "http://127.0.0.1:" + nodeA.admin() + "/");
            assertEquals(0, backupRun.exitCode(), backupRun.text());
            assertTrue(backupRun.out().contains("backup completed: " + backup), backupRun.text());
            System.out.println("BackupRestoreProcessTest under load: " + backupRun.out().lines()
                    .filter(line -> line.startsWith("backup completed")).findFirst().orElseThrow());
            awaitAcked(acked, acked.size() + 50);
            running.set(false);
            CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            a.terminate();
            a.awaitExit(Duration.ofSeconds(30));
        }
        final Tool restore = tool("restore", "--from", backup.toString(), "--node-name", "n1", "--base-dir",
                work.resolve("b").toString());
        assertEquals(0, restore.exitCode(), restore.text());
        assertTrue(restore.out().contains("restore completed:"), restore.text());

        Server nodeB = start("b");
        final Map<String, String> servedByB;
        try {
            servedByB = verifyCut(nodeB.ingress(), acked);
            killDuringBackup(nodeB);
        } finally {
            nodeB.process().close();
        }
        nodeB = start("b");
        try (ServerProcess b = nodeB.process()) {
            for (final Map.Entry<String, String> e : servedByB.entrySet()) {
                assertEquals(e.getValue(), output(nodeB.ingress(), e.getKey()), "after kill -9: output of "
                        + e.getKey());
            }
            b.terminate();
        }
    }

    /** Checks node B against what A acknowledged; answers B's outputs by invocation id. */
    private Map<String, String> verifyCut(final int ingress, final List<Acked> acked) throws Exception {
        final Map<String, Long> counts = new HashMap<>();
        for (int k = 0; k < KEYS; k++) {
            final HttpResponse<String> settled = send("POST", ingress, "/BackupCounter/k" + k + "/add", "0", null);
            assertEquals(200, settled.statusCode(), settled.body());
            counts.put("/BackupCounter/k" + k + "/add", Long.parseLong(settled.body()));
        }
        final Map<String, String> served = new HashMap<>();
        int absent = 0;
        for (final Acked a : acked) {
            final Long count = counts.get(a.path());
            final String output = output(ingress, a.id());
            if (count != null) {
                assertEquals(Long.parseLong(a.body()) <= count ? a.body() : null, output, "restored output of add "
                        + a.id() + " (count " + count + ")");
            } else {
                assertTrue(output == null ? !a.beforeBackup() : output.equals(a.body()), "restored output of "
                        + a.id() + ": " + output + ", A answered " + a.body());
            }
            if (a.beforeBackup()) {
                assertEquals(a.body(), output, "acknowledged before the backup: " + a.id());
            }
            if (output != null) {
                served.put(a.id(), output);
            } else {
                absent++;
            }
        }
        System.out.println("BackupRestoreProcessTest: " + acked.size() + " calls acknowledged on A, " + served.size()
                + " in the cut, " + absent + " after it; restored counts " + counts);
        return served;
    }

    private void killDuringBackup(final Server node) throws Exception {
        final Path partial = work.resolve("backups/k1");
        final CompletableFuture<Tool> backupRun = CompletableFuture.supplyAsync(() -> tool("backup", "--to",
                partial.toString(), "--admin-address", "http://127.0.0.1:" + node.admin() + "/",
                "--max-bytes-per-second", "16384"), command -> Thread.ofPlatform().start(command));
        final Path copying = work.resolve("backups/k1.incomplete/data/worker-log");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(copying) && System.nanoTime() < deadline && !backupRun.isDone()) {
            Thread.sleep(10);
        }
        assertFalse(backupRun.isDone(), "the slowed backup ended before the kill: " + backupRun.getNow(null));
        node.process().kill();
        final Tool result = backupRun.get(30, TimeUnit.SECONDS);
        assertEquals(3, result.exitCode(), result.text());
        assertTrue(result.err().contains("lost the server during backup"), result.text());
        assertFalse(Files.exists(partial));
        assertFalse(Files.exists(work.resolve("backups/k1.incomplete/manifest.json")));
        final Tool refused = tool("restore", "--from", partial.toString(), "--node-name", "n1", "--base-dir",
                work.resolve("c").toString());
        assertEquals(3, refused.exitCode(), refused.text());
        assertTrue(refused.err().contains("is not a complete backup"), refused.text());
    }

    private void clientLoop(final int ingress, final int client, final AtomicBoolean running,
            final AtomicBoolean backupStarted, final List<Acked> acked) {
        for (int n = 0; running.get(); n++) {
            final boolean counter = n % 4 != 3;
            final String path = counter ? "/BackupCounter/k" + ((client + n) % KEYS) + "/add"
                    : "/BackupGreeter/greet";
            final String body = counter ? "1" : "\"c" + client + "-" + n + "\"";
            final boolean before = !backupStarted.get();
            try {
                final HttpResponse<String> r = send("POST", ingress, path, body, "c" + client + "-" + n);
                assertEquals(200, r.statusCode(), r.body());
                synchronized (acked) {
                    acked.add(new Acked(path, r.headers().firstValue("x-restate-id").orElseThrow(), r.body(),
                            before));
                }
            } catch (final Exception e) {
                throw new IllegalStateException("call " + path + " failed", e);
            }
        }
    }

    private static void awaitAcked(final List<Acked> acked, final int count) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            synchronized (acked) {
                if (acked.size() >= count) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("fewer than " + count + " calls acknowledged within 60 s");
    }

    /** The output of an invocation by id, null when the node does not know it; waits while it is running. */
    private String output(final int ingress, final String id) throws Exception {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadlineNs) {
            final HttpResponse<String> r = send("GET", ingress, "/restate/invocation/" + id + "/output", null, null);
            if (r.statusCode() == 200) {
                return r.body();
            }
            if (r.statusCode() == 404) {
                return null;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("invocation " + id + " did not finish on the restored node within 60 s");
    }

    private HttpResponse<String> send(final String method, final int port, final String path, final String body,
            final String idempotencyKey) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            b.header("idempotency-key", idempotencyKey);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A subcommand's outcome. */
    private record Tool(int exitCode, String out, String err) {
        String text() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs {@code restate-server <args>} in this JVM, as {@code Main} would. */
    private static Tool tool(final String... args) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = new Launcher(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ServiceCatalog.of(Map.of())).run(List.of(args));
        return new Tool(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
