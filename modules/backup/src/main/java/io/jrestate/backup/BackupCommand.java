package io.jrestate.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code restate-server backup --to DIR}: asks the running node's backup coordinator (admin port, {@code POST
 * /backups}) to write an online backup into {@code DIR}, a path on the server's machine, then polls it and prints
 * progress and a one-line summary with the time writes were held.
 *
 * <p>Exit codes: 0 the backup is complete; 1 the server refused or the backup failed (the message says why);
 * 2 bad command line or configuration (the launcher's); 3 the admin port cannot be reached, or the server went
 * away during the backup.
 */
public final class BackupCommand {
    /** Exit code: the backup is complete. */
    public static final int EXIT_OK = 0;
    /** Exit code: the backup was refused or failed. */
    public static final int EXIT_FAILED = 1;
    /** Exit code: the server cannot be reached. */
    public static final int EXIT_UNREACHABLE = 3;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * What to back up where.
     *
     * @param adminUri the node's admin address, e.g. {@code http://127.0.0.1:9070/}
     * @param to the new backup directory, absolute, on the server's machine
     * @param maxHold the longest the node may hold writes for the cut
     * @param maxBytesPerSecond a copy rate limit, 0 for none
     */
    public record Options(URI adminUri, Path to, Duration maxHold, long maxBytesPerSecond) {
    }

    /**
     * Creates the command.
     *
     * @param options what to back up
     * @param out progress and the summary
     * @param err errors
     */
    public BackupCommand(final Options options, final PrintStream out, final PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the backup and waits for it.
     *
     * @return the exit code
     */
    public int run() {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1).build()) {
            final Map<String, Object> request = new LinkedHashMap<>();
            request.put("to", options.to().toString());
            request.put("max_hold_ms", options.maxHold().toMillis());
            request.put("max_bytes_per_second", options.maxBytesPerSecond());
            final HttpResponse<String> started;
            try {
                started = send(client, HttpRequest.newBuilder(uri("backups")).header("content-type",
                        "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(
                        request))));
            } catch (final IOException e) {
                err.println("restate-server backup: cannot reach the admin API at " + options.adminUri() + " (" + e
                        + "); is the server running? Set its address with --admin-address");
                return EXIT_UNREACHABLE;
            }
            if (started.statusCode() != 202) {
                err.println("restate-server backup: the server refused (" + started.statusCode() + "): "
                        + message(started.body()));
                return EXIT_FAILED;
            }
            return follow(client, JSON.readTree(started.body()).path("id").asText());
        } catch (final IOException e) {
            err.println("restate-server backup: " + e);
            return EXIT_FAILED;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("restate-server backup: interrupted; the server may still finish the backup");
            return EXIT_FAILED;
        }
    }

    private int follow(final HttpClient client, final String id) throws IOException, InterruptedException {
        final Sizes.Throttle throttle = new Sizes.Throttle();
        while (true) {
            final JsonNode status;
            try {
                status = JSON.readTree(send(client, HttpRequest.newBuilder(uri("backups/" + id)).GET()).body());
            } catch (final IOException e) {
                err.println("restate-server backup: lost the server during backup " + id + " (" + e + "); the "
                        + "backup did not complete: " + options.to() + BackupManifest.INCOMPLETE_SUFFIX
                        + " holds a partial copy that cannot be restored; delete it and take a new backup");
                return EXIT_UNREACHABLE;
            }
            final String state = status.path("state").asText();
            if (throttle.due(!state.equals("running"))) {
                out.println("backup " + id + ": " + status.path("files_done").asLong() + "/"
                        + status.path("files_total").asLong() + " files, "
                        + Sizes.bytes(status.path("bytes_done").asLong()) + "/"
                        + Sizes.bytes(status.path("bytes_total").asLong()));
            }
            switch (state) {
                case "completed" -> {
                    out.println(summary(status));
                    return EXIT_OK;
                }
                case "failed" -> {
                    err.println("restate-server backup: backup " + id + " failed: " + status.path("error").asText());
                    return EXIT_FAILED;
                }
                default -> Thread.sleep(POLL_INTERVAL);
            }
        }
    }

    private static String summary(final JsonNode status) {
        final Map<String, Map<String, Long>> positions = new LinkedHashMap<>();
        status.path("positions").properties().forEach(participant -> {
            final Map<String, Long> values = new LinkedHashMap<>();
            participant.getValue().properties().forEach(p -> values.put(p.getKey(), p.getValue().asLong()));
            positions.put(participant.getKey(), values);
        });
        return "backup completed: " + status.path("to").asText() + ", " + status.path("files_total").asLong()
                + " files, " + Sizes.bytes(status.path("bytes_total").asLong()) + " in "
                + Sizes.millis(status.path("elapsed_ms").asLong()) + "; writes held " + held(status.path("held_micros"))
                + " (capture step " + Sizes.micros(status.path("capture_micros").asLong()) + "); cut at "
                + RestoreCommand.positions(positions);
    }

    private static String held(final JsonNode heldMicros) {
        final StringBuilder text = new StringBuilder();
        heldMicros.properties().forEach(p -> text.append(text.isEmpty() ? "" : ", ").append(p.getKey()).append(' ')
                .append(Sizes.micros(p.getValue().asLong())));
        return text.toString();
    }

    private URI uri(final String path) {
        final String base = options.adminUri().toString();
        return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
    }

    private static HttpResponse<String> send(final HttpClient client, final HttpRequest.Builder request)
            throws IOException, InterruptedException {
        return client.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(final String body) {
        try {
            final JsonNode node = JSON.readTree(body);
            return node.hasNonNull("message") ? node.get("message").asText() : body;
        } catch (final IOException e) {
            return body;
        }
    }
}
