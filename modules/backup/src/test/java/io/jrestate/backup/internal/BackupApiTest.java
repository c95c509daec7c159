package io.jrestate.backup.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupParticipant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's admin routes: a request without an absolute {@code to} is refused with 400 naming the field; a
 * second backup while one runs is refused with 409; a started backup is followed by id to its completion; an
 * unknown id answers 404.
 */
class BackupApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private static HttpResponse call(final Router router, final String method, final String path,
            final String body) throws Exception {
        final Map<String, String> params = path.startsWith("/backups/") ? Map.of("id", path.substring(9)) : Map.of();
        return router.dispatch(new HttpRequest(method, path, "", List.of(), body.getBytes(StandardCharsets.UTF_8),
                params, Map.of())).get(30, TimeUnit.SECONDS);
    }

    @Test
    void shouldValidateRefuseConcurrentBackupsAndReportProgress() throws Exception {
        final Path nodeDir = Files.createDirectories(work.resolve("n1"));
        Files.writeString(nodeDir.resolve(BackupWriter.MARKER_FILE), "{\"format_version\":1}");
        final CompletableFuture<BackupCut> gate = new CompletableFuture<>();
        final FakeParticipant fake = new FakeParticipant("worker").file("a", new byte[] {1, 2, 3}, 0);
        final BackupParticipant gated = new BackupParticipant() {
            @Override
            public String name() {
                return "worker";
            }

            @Override
            public CompletableFuture<BackupCut> capture(final Duration maxHold) {
                return gate.thenCompose(ignored -> fake.capture(maxHold));
            }
        };
        final Router router = new Router();
        new BackupApi(() -> new BackupWriter(new BackupWriter.NodeIdentity("1.7.12", "c", "n1", nodeDir, ""),
                List.of(gated))).register(router);

        final HttpResponse missing = call(router, "POST", "/backups", "{}");
        assertEquals(400, missing.status());
        assertTrue(new String(missing.body(), StandardCharsets.UTF_8).contains("field 'to'"));
        assertEquals(400, call(router, "POST", "/backups", "{\"to\":\"relative/dir\"}").status());

        final String to = work.resolve("b1").toString();
        final HttpResponse started = call(router, "POST", "/backups", "{\"to\":\"" + to + "\"}");
        assertEquals(202, started.status());
        final String id = JSON.readTree(started.body()).path("id").asText();
        assertEquals(409, call(router, "POST", "/backups", "{\"to\":\"" + to + "2\"}").status());
        gate.complete(null);
        JsonNode status;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        status = JSON.readTree(call(router, "GET", "/backups/" + id, "").body());
        while (status.path("state").asText().equals("running") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            status = JSON.readTree(call(router, "GET", "/backups/" + id, "").body());
        }
        assertEquals("completed", status.path("state").asText(), status.toString());
        assertEquals(3, status.path("files_total").asLong(), status.toString());
        assertEquals(status.path("bytes_total").asLong(), status.path("bytes_done").asLong());
        assertTrue(Files.exists(work.resolve("b1/manifest.json")));
        assertEquals(404, call(router, "GET", "/backups/backup-99", "").status());
    }
}
