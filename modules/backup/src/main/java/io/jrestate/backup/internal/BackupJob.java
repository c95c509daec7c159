package io.jrestate.backup.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One backup run's progress, updated by the thread that writes it and read by {@code GET /backups/{id}}.
 *
 * <pre>
 *   running --(manifest written, directory renamed)--&gt; completed
 *      '----(any failure, or the node stopping)-------&gt; failed (error says why; DIR.incomplete is left)
 * </pre>
 */
public final class BackupJob {
    /** A job's state. */
    public enum State { RUNNING, COMPLETED, FAILED }

    private final String id;
    private final Path target;
    private final long startedNs = System.nanoTime();
    private final AtomicLong filesDone = new AtomicLong();
    private final AtomicLong bytesDone = new AtomicLong();
    private volatile long filesTotal;
    private volatile long bytesTotal;
    private volatile long holdMicros = -1;
    private volatile long captureMicros = -1;
    private volatile Map<String, Long> heldMicros = Map.of();
    private volatile long elapsedMs = -1;
    private volatile Map<String, Map<String, Long>> positions = Map.of();
    private volatile State state = State.RUNNING;
    private volatile String error;
    private volatile boolean cancelled;

    /**
     * Creates a running job.
     *
     * @param id the job's id
     * @param target the backup directory it writes
     */
    public BackupJob(final String id, final Path target) {
        this.id = id;
        this.target = target;
    }

    /**
     * The job's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * The backup directory.
     *
     * @return the path
     */
    public Path target() {
        return target;
    }

    void planned(final long files, final long bytes) {
        filesTotal = files;
        bytesTotal = bytes;
    }

    void cut(final long holdMicrosValue, final long captureMicrosValue, final Map<String, Long> held,
            final Map<String, Map<String, Long>> cutPositions) {
        heldMicros = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(held));
        holdMicros = holdMicrosValue;
        captureMicros = captureMicrosValue;
        positions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cutPositions));
    }

    void addBytes(final long bytes) {
        bytesDone.addAndGet(bytes);
    }

    void fileDone() {
        filesDone.incrementAndGet();
    }

    void complete() {
        elapsedMs = (System.nanoTime() - startedNs) / 1_000_000;
        state = State.COMPLETED;
    }

    void fail(final String message) {
        elapsedMs = (System.nanoTime() - startedNs) / 1_000_000;
        error = message;
        state = State.FAILED;
    }

    /** Asks the writer to stop at the next chunk (the node is stopping). */
    public void cancel() {
        cancelled = true;
    }

    boolean cancelled() {
        return cancelled;
    }

    /**
     * The job's state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /**
     * Why the job failed.
     *
     * @return the error, null unless failed
     */
    public String error() {
        return error;
    }

    /**
     * How long writes were held for the cut.
     *
     * @return microseconds, -1 before the cut
     */
    public long holdMicros() {
        return holdMicros;
    }

    /**
     * The job as the JSON object {@code GET /backups/{id}} answers.
     *
     * @return field names to values
     */
    public Map<String, Object> status() {
        final Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", id);
        status.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        status.put("to", target.toString());
        status.put("files_done", filesDone.get());
        status.put("files_total", filesTotal);
        status.put("bytes_done", bytesDone.get());
        status.put("bytes_total", bytesTotal);
        status.put("hold_micros", holdMicros);
        status.put("capture_micros", captureMicros);
        status.put("held_micros", heldMicros);
        status.put("elapsed_ms", elapsedMs >= 0 ? elapsedMs : (System.nanoTime() - startedNs) / 1_000_000);
        status.put("positions", positions);
        if (error != null) {
            status.put("error", error);
        }
        return status;
    }
}
