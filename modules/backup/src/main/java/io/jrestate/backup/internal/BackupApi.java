package io.jrestate.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The backup coordinator's admin routes. One backup runs at a time, on its own thread; the client polls it.
 *
 * <pre>
 *   POST /backups        {"to":"/abs/dir", "max_hold_ms":5000, "max_bytes_per_second":0}
 *                        -&gt; 202 job status | 400 bad request | 409 a backup is running
 *   GET  /backups/{id}   -&gt; 200 {"id","state":"running|completed|failed","to","files_done","files_total",
 *                                 "bytes_done","bytes_total","hold_micros","capture_micros","elapsed_ms",
 *                                 "held_micros","positions","error"?}
 *   hold_micros: how long writes were held (first participant's cut to release); capture_micros: the whole
 *   capture step (first capture call to release), an upper bound of any write's wait; held_micros: per
 *   participant, how long it held its writes (the worker's is the ingress pause)
 * </pre>
 * {@code to} is a path on the server's machine: the server writes the backup itself, so the files never cross the
 * network and the server needs no client to stay connected.
 */
public final class BackupApi {
    /** The default and largest hold a client may ask for. */
    static final Duration DEFAULT_MAX_HOLD = Duration.ofSeconds(5);
    static final Duration LIMIT_MAX_HOLD = Duration.ofSeconds(60);
    private static final int JOBS_KEPT = 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<BackupWriter> writers;
    private final Map<String, BackupJob> jobs = new LinkedHashMap<>();
    private long nextId = 1;
    private BackupJob running;
    private Thread runningThread;

    /**
     * Creates the API.
     *
     * @param writers makes a writer over the node's current participants, for each backup
     */
    public BackupApi(final Supplier<BackupWriter> writers) {
        this.writers = writers;
    }

    /**
     * Mounts the routes.
     *
     * @param router the admin router
     */
    public void register(final Router router) {
        router.route("POST", "/backups", request -> CompletableFuture.completedFuture(start(request)));
        router.route("GET", "/backups/{id}", request -> CompletableFuture.completedFuture(status(request)));
    }

    private HttpResponse start(final HttpRequest request) {
        final JsonNode body;
        try {
            body = JSON.readTree(request.body());
        } catch (final IOException e) {
            return error(400, "the request body is not JSON: " + e.getMessage());
        }
        if (body == null || !body.hasNonNull("to") || !body.get("to").isTextual()) {
            return error(400, "field 'to' (the absolute path of the new backup directory) is missing");
        }
        final Path target;
        try {
            target = Path.of(body.get("to").asText());
        } catch (final InvalidPathException e) {
            return error(400, "field 'to' is not a path: " + e.getMessage());
        }
        if (!target.isAbsolute() || target.getParent() == null) {
            return error(400, "field 'to' must be an absolute path below the root, got '" + target + "'");
        }
        final long maxHoldMs = body.path("max_hold_ms").asLong(DEFAULT_MAX_HOLD.toMillis());
        final long maxBytesPerSecond = body.path("max_bytes_per_second").asLong(0);
        if (maxHoldMs <= 0 || maxHoldMs > LIMIT_MAX_HOLD.toMillis() || maxBytesPerSecond < 0) {
            return error(400, "max_hold_ms must lie in 1.." + LIMIT_MAX_HOLD.toMillis()
                    + " and max_bytes_per_second must not be negative");
        }
        synchronized (this) {
            if (running != null && running.state() == BackupJob.State.RUNNING) {
                return error(409, "backup " + running.id() + " to " + running.target() + " is still running; "
                        + "wait for it to finish");
            }
            final BackupJob job = new BackupJob("backup-" + nextId++, target.normalize());
            final BackupWriter writer = writers.get();
            jobs.put(job.id(), job);
            while (jobs.size() > JOBS_KEPT) {
                jobs.remove(jobs.keySet().iterator().next());
            }
            running = job;
            runningThread = Thread.ofPlatform().name(job.id()).daemon().start(() -> writer.run(job,
                    Duration.ofMillis(maxHoldMs), maxBytesPerSecond));
            return HttpResponse.json(202, job.status());
        }
    }

    private synchronized HttpResponse status(final HttpRequest request) {
        final BackupJob job = jobs.get(request.pathParam("id"));
        return job == null ? error(404, "no backup with id '" + request.pathParam("id") + "'")
                : HttpResponse.json(200, job.status());
    }

    private static HttpResponse error(final int status, final String message) {
        return HttpResponse.json(status, Map.of("message", message));
    }

    /**
     * Abandons a running backup (the node is stopping) and waits for its thread.
     *
     * @param timeout how long to wait
     * @throws InterruptedException when interrupted while waiting
     */
    public void stop(final Duration timeout) throws InterruptedException {
        final Thread thread;
        synchronized (this) {
            if (running != null) {
                running.cancel();
            }
            thread = runningThread;
        }
        if (thread != null) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeout.toNanos())));
        }
    }
}
