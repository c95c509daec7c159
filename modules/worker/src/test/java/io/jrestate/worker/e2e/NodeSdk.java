package io.jrestate.worker.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The TypeScript SDK services of {@code ts-services.mjs} in a Node 22 process installed by
 * {@code bin/ensure-node-sdk}. When the install fails the test fails with the script's message (never skipped).
 */
final class NodeSdk implements AutoCloseable {
    private final Process process;
    final int h2Port;
    final int h1Port;

    private NodeSdk(final Process process, final int h2Port, final int h1Port) {
        this.process = process;
        this.h2Port = h2Port;
        this.h1Port = h1Port;
    }

    static NodeSdk start() throws IOException, InterruptedException {
        final Path root = projectRoot();
        final Process ensure = new ProcessBuilder(List.of("bash", root.resolve("bin/ensure-node-sdk").toString()))
                .redirectErrorStream(true).start();
        final String output = new String(ensure.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!ensure.waitFor(10, TimeUnit.MINUTES) || ensure.exitValue() != 0) {
            throw new IllegalStateException("bin/ensure-node-sdk failed:\n" + output);
        }
        final String[] lines = output.strip().split("\n");
        final Path node = Path.of(lines[lines.length - 1].strip());
        final Path dir = root.resolve(".cache/node-sdk");
        final Path script = dir.resolve("worker-e2e-services.mjs");
        try (InputStream in = NodeSdk.class.getResourceAsStream("ts-services.mjs")) {
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        final Process p = new ProcessBuilder(List.of(node.toString(), script.getFileName().toString()))
                .directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8));
        final String first = out.readLine();
        if (first == null) {
            p.destroyForcibly();
            throw new IllegalStateException("the TypeScript SDK process exited before listening");
        }
        drain(out);
        final JsonNode ports = new ObjectMapper().readTree(first);
        return new NodeSdk(p, ports.get("h2").asInt(), ports.get("h1").asInt());
    }

    /**
     * Keeps reading the SDK's stdout (its INFO log: two lines per attempt) into this JVM's stdout. Unread, the pipe
     * fills after some hundred attempts and Node blocks on its next log line, which hangs every later call.
     */
    static void drain(final BufferedReader out) {
        Thread.ofPlatform().daemon().name("ts-sdk-stdout").start(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    System.out.println("[ts-sdk] " + line);
                }
            } catch (final IOException e) {
                // The process ended.
            }
        });
    }

    static Path projectRoot() {
        final String root = System.getProperty("jrestate.project.root");
        Path p = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("bin/ensure-node-sdk"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find bin/ensure-node-sdk above " + root);
        }
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (final IOException e) {
            // Stopped below anyway.
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
