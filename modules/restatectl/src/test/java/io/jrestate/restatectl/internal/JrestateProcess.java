package io.jrestate.restatectl.internal;

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
import java.util.concurrent.TimeUnit;

/**
 * A real jrestate server process for the tests, started on the module path from this test JVM's class path (the
 * launcher and its role modules are test dependencies), with its own ports and data directory.
 */
final class JrestateProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int adminPort;

    private JrestateProcess(final Process process, final Path log, final int adminPort) {
        this.process = process;
        this.log = log;
        this.adminPort = adminPort;
    }

    static JrestateProcess start(final Path dir, final String nodeName, final int partitions) throws Exception {
        return start(dir, nodeName, partitions, "bind-address = \"127.0.0.1:" + freePort() + "\"\n");
    }

    /**
     * Starts a node and waits until its admin API is healthy.
     *
     * @param dir the node's own directory (configuration, data, log)
     * @param nodeName the node name
     * @param partitions {@code default-num-partitions}
     * @param extraToml more configuration (see {@link #launch})
     * @return the running node
     * @throws Exception when it does not become healthy within 60 s (its log in the message)
     */
    static JrestateProcess start(final Path dir, final String nodeName, final int partitions,
                                 final String extraToml) throws Exception {
        final JrestateProcess server = launch(dir, nodeName, partitions, extraToml);
        try {
            server.awaitHealthy(Duration.ofSeconds(60));
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts a node without waiting for it (nodes of a replicated metadata store need each other to start).
     *
     * @param dir the node's own directory (configuration, data, log)
     * @param nodeName the node name
     * @param partitions {@code default-num-partitions}
     * @param extraToml more configuration: top-level keys (the fabric's {@code bind-address} among them), then any
     *     tables other than {@code [admin]} and {@code [ingress]}
     * @return the started process
     * @throws IOException when the configuration cannot be written or the process cannot start
     */
    static JrestateProcess launch(final Path dir, final String nodeName, final int partitions,
                                  final String extraToml) throws IOException {
        final int admin = freePort();
        final Path config = dir.resolve("restate.toml");
        Files.createDirectories(dir);
        Files.writeString(config, String.join("\n",
            "node-name = \"" + nodeName + "\"",
            "base-dir = \"" + dir.resolve("data") + "\"",
            "default-num-partitions = " + partitions,
            extraToml.strip(),
            "[admin]", "bind-address = \"127.0.0.1:" + admin + "\"",
            "[ingress]", "bind-address = \"127.0.0.1:" + freePort() + "\"", ""));
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=org.agrona",
            "--add-opens", "java.base/java.util.zip=org.agrona",
            "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-p", modulePath(), "-m", "io.jrestate.launcher/io.jrestate.launcher.Main",
            "--config-file", config.toString()));
        final Path log = dir.resolve("server.log");
        final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("RESTATE") || name.equals("RUST_LOG"));
        return new JrestateProcess(builder.start(), log, admin);
    }

    /** The class path without test classes and test frameworks: the server's modules (and restatectl's). */
    static String modulePath() {
        final List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith("test-classes") || entry.contains("junit") || entry.contains("opentest4j")
                || entry.contains("apiguardian") || entry.contains("surefire")) {
                continue;
            }
            entries.add(entry);
        }
        return String.join(File.pathSeparator, entries);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    String adminAddress() {
        return "http://127.0.0.1:" + adminPort + "/";
    }

    /**
     * Waits until {@code GET /health} of the admin API answers 200.
     *
     * @param timeout how long to wait
     * @throws Exception when it does not within the timeout or the process exits (its log in the message)
     */
    void awaitHealthy(final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("server exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
                }
                try {
                    final HttpResponse<Void> response = client.send(HttpRequest.newBuilder(
                            URI.create(adminAddress() + "health")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("admin API not healthy within " + timeout + ":\n" + Files.readString(log));
    }

    /** The server's output so far (stdout and stderr), for failure messages. */
    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Sends SIGKILL and waits up to 30 s for the process to end. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
