package io.jrestate.metadata.raft;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link MetadataNodeMain} child JVM, started with the test's class path and killed with SIGKILL. */
final class MemberProcess implements AutoCloseable {
    private final Process process;
    private final Path aeronDirectory;

    private MemberProcess(final Process process, final Path aeronDirectory) {
        this.process = process;
        this.aeronDirectory = aeronDirectory;
    }

    static MemberProcess start(final int nodeId, final int generation, final int port, final Path raftDir,
                               final List<String> peers) {
        final List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "-Xmx128m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
            MetadataNodeMain.class.getName(), String.valueOf(nodeId), String.valueOf(generation),
            String.valueOf(port), raftDir.toString()));
        command.addAll(peers);
        final Path log = raftDir.resolveSibling("N" + nodeId + "-gen" + generation + ".log");
        try {
            raftDir.getParent().toFile().mkdirs();
            final Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
            final CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            final String line = ready.get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("READY")) {
                process.destroyForcibly();
                throw new IllegalStateException("member N" + nodeId + " did not start; see " + log.toAbsolutePath());
            }
            return new MemberProcess(process, MetadataNodeMain.options(nodeId, generation, port).aeronDirectory());
        } catch (final Exception e) {
            throw new IllegalStateException("member N" + nodeId + " did not start; see " + log.toAbsolutePath(), e);
        }
    }

    /**
     * SIGKILL (kill -9), then wait until the process is gone and remove the media driver directory it could not
     * remove itself (it lives in /dev/shm, which is memory).
     */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deleteDirectory(aeronDirectory);
    }

    static void deleteDirectory(final Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
