package io.jrestate.aeron.transport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link TransportNodeMain} child JVM: started with the test's class path and flags, killed with SIGKILL. */
final class NodeProcess implements AutoCloseable {
    private final Process process;
    private final Path logFile;
    private final Path aeronDirectory;

    private NodeProcess(final Process process, final Path logFile, final Path aeronDirectory) {
        this.process = process;
        this.logFile = logFile;
        this.aeronDirectory = aeronDirectory;
    }

    static NodeProcess start(final int nodeId, final int generation, final int port, final String... peers) {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of("--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--sun-misc-unsafe-memory-access=allow", "-Xmx96m", "-Xss512k", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"),
            TransportNodeMain.class.getName(), String.valueOf(nodeId), String.valueOf(generation),
            String.valueOf(port)));
        command.addAll(List.of(peers));
        final Path log = Path.of("target", "node-N" + nodeId + "-" + generation + "-" + port + ".log");
        try {
            final Process process = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(log.toFile()).start();
            final NodeProcess node = new NodeProcess(process, log,
                TransportNodeMain.aeronDirectory(nodeId, port));
            node.awaitReady();
            return node;
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start node process " + command, e);
        }
    }

    private void awaitReady() {
        final CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
            try {
                final BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                return reader.readLine();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        try {
            final String line = ready.get(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("READY")) {
                throw new IllegalStateException("node process did not start; see " + logFile.toAbsolutePath());
            }
        } catch (final Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("node process did not get ready; see " + logFile.toAbsolutePath(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * The CPU time the process has used so far.
     *
     * @return user plus system time
     */
    Duration cpu() {
        return process.toHandle().info().totalCpuDuration().orElseThrow();
    }

    /**
     * CPU ticks (1/100 s) used so far by the process's threads, leaving out the JIT compiler threads, whose
     * warm-up work says nothing about the idle cost of messaging. Linux only: read from /proc.
     *
     * @return the ticks
     */
    long nonJitCpuTicks() {
        long ticks = 0;
        final java.io.File[] tasks = new java.io.File("/proc/" + process.pid() + "/task").listFiles();
        for (final java.io.File task : tasks == null ? new java.io.File[0] : tasks) {
            try {
                final String comm = java.nio.file.Files.readString(task.toPath().resolve("comm")).trim();
                if (comm.contains("Compiler")) {
                    continue;
                }
                final String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
                final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (final IOException e) {
                // The thread ended between listing and reading: it uses no more CPU.
            }
        }
        return ticks;
    }

    /**
     * SIGKILL, then wait for the process to be gone and remove the media driver directory it could not remove
     * itself (it lives in /dev/shm, which is memory).
     */
    void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TestNodes.deleteDirectory(aeronDirectory);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
