package io.jrestate.launcher.internal;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code restate-server} process for tests, run like {@code bin/restate-server} runs it: on the module path,
 * built from this test JVM's class path (every module's classes and jars, without the test-only ones), so module
 * descriptors are checked as in production. Its stderr goes to a file the test can read.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private ServerProcess(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    static ServerProcess start(final Path workDir, final Map<String, String> env, final String... args)
            throws IOException {
        final List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.misc=org.agrona",
                "--add-opens", "java.base/java.util.zip=org.agrona",
                "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-p", modulePath(), "-m", "io.jrestate.launcher/io.jrestate.launcher.Main"));
        command.addAll(List.of(args));
        final Path log = Files.createTempFile(workDir, "server", ".log");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RESTATE_") || name.equals("RUST_LOG"));
        builder.environment().putAll(env);
        return new ServerProcess(builder.start(), log);
    }

    /**
     * This module's classes and its runtime dependencies (listed by the build in
     * {@code target/server-module-path.txt}), without tests, the test framework or the SDK the tests use.
     */
    private static String modulePath() {
        final List<String> entries = new ArrayList<>();
        for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (Path.of(entry).endsWith(Path.of("launcher", "target", "classes"))) {
                entries.add(entry);
            }
        }
        try {
            final String runtime = Files.readString(Path.of("target", "server-module-path.txt")).strip();
            entries.addAll(List.of(runtime.split(File.pathSeparator)));
        } catch (final IOException e) {
            throw new java.io.UncheckedIOException("run the tests through Maven: it writes the server's module path "
                    + "to target/server-module-path.txt", e);
        }
        return String.join(File.pathSeparator, entries);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Waits until GET answers 200, failing after {@code timeout} or when the process dies. */
    void awaitHttp200(final int port, final String path, final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("server exited with " + process.exitValue() + ":\n" + output());
                }
                try {
                    final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (final IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("no 200 from port " + port + path + " within " + timeout + ":\n" + output());
    }

    /** Sends SIGKILL and waits for the process to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Sends SIGTERM (what {@link Process#destroy()} does on Linux). */
    void terminate() {
        process.destroy();
    }

    int awaitExit(final Duration timeout) throws Exception {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("server did not exit within " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

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
