package io.jrestate.launcher.images;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A process started from an image (a node, or a training run), with its stdout and stderr in one log file, and
 * bounded waits on it: for an HTTP 200, for a log line, for its exit. Every wait polls at most every few
 * milliseconds and gives up at its timeout; {@link #close()} kills what is still running.
 */
public final class ImageProcess implements AutoCloseable {
    private static final long POLL_MS = 5;

    private final Process process;
    private final Path log;
    private final long startedNs;

    private ImageProcess(final Process process, final Path log, final long startedNs) {
        this.process = process;
        this.log = log;
        this.startedNs = startedNs;
    }

    /**
     * Starts a command with a clean restate environment: {@code RESTATE_*} and {@code RUST_LOG} of this process
     * are dropped, then {@code env} is added.
     *
     * @param command the command, e.g. {@code [<image>/bin/restate-server, --base-dir, ...]}
     * @param workDir the working folder
     * @param env extra environment variables
     * @param log the file receiving the process's stdout and stderr
     * @return the running process
     * @throws IOException when the process cannot start
     */
    public static ImageProcess start(final List<String> command, final Path workDir, final Map<String, String> env,
            final Path log) throws IOException {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RESTATE_") || name.equals("RUST_LOG"));
        builder.environment().putAll(env);
        final long startedNs = System.nanoTime();
        return new ImageProcess(builder.start(), log, startedNs);
    }

    /**
     * Waits until {@code GET path} on a loopback port answers 200.
     *
     * @param port the port
     * @param path the path, e.g. {@code /health}
     * @param timeout how long to wait
     * @return the time from the process's start to the first 200
     * @throws IOException when the log cannot be read for the error message
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException with the process's output when it exits first or the timeout passes
     */
    public Duration awaitHttp200(final int port, final String path, final Duration timeout)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (statusOf(port, path) == 200) {
                return Duration.ofNanos(System.nanoTime() - startedNs);
            }
            requireAlive("answering " + path);
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException("no 200 from 127.0.0.1:" + port + path + " within " + timeout + ":\n"
                + output());
    }

    /**
     * Waits until the output holds a text.
     *
     * @param text the text
     * @param timeout how long to wait
     * @throws IOException when the log cannot be read
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException with the process's output when it exits first or the timeout passes
     */
    public void awaitOutput(final String text, final Duration timeout) throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(text)) {
                return;
            }
            requireAlive("printing `" + text + "`");
            Thread.sleep(POLL_MS * 4);
        }
        throw new IllegalStateException("no `" + text + "` within " + timeout + ":\n" + output());
    }

    private void requireAlive(final String what) throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("process exited with " + process.exitValue() + " before " + what
                    + ":\n" + output());
        }
    }

    /**
     * The status code of one {@code GET}, or -1 when nothing answers (yet).
     *
     * @param port the loopback port
     * @param path the path
     * @return the status code, or -1
     */
    public static int statusOf(final int port, final String path) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1_000);
            socket.setSoTimeout(2_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.US_ASCII)).readLine();
            if (statusLine == null || statusLine.length() < 12) {
                return -1;
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        } catch (final IOException | NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The process's id (the JVM's own, since launchers exec it).
     *
     * @return the pid
     */
    public long pid() {
        return process.pid();
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux): the server shuts down gracefully. */
    public void terminate() {
        process.destroy();
    }

    /**
     * Waits for the process to exit, killing it when the timeout passes.
     *
     * @param timeout how long to wait
     * @return the exit code
     * @throws IOException when the log cannot be read for the error message
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException with the output when the process had to be killed
     */
    public int awaitExit(final Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("process did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /**
     * The process's output so far.
     *
     * @return stdout and stderr, interleaved
     * @throws IOException when the log cannot be read
     */
    public String output() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process if it still runs, and waits (bounded) for it to go. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
