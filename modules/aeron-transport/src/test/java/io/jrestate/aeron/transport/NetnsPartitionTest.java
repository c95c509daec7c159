package io.jrestate.aeron.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real network partition: two node processes in two network namespaces joined by a veth pair. Taking the link
 * down makes the prober's requests fail (timeout, then the peer is lost); bringing it back up restores them
 * without restarting anything. Needs root for {@code ip netns}; skipped (not failed) where that is refused.
 */
@Tag("slow")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NetnsPartitionTest {
    private final String suffix = Long.toString(ProcessHandle.current().pid() % 100_000);
    private final String nsA = "jra" + suffix;
    private final String nsB = "jrb" + suffix;
    private final String vethA = "jrva" + suffix;
    private final String vethB = "jrvb" + suffix;
    private final List<Process> processes = new ArrayList<>();

    @BeforeEach
    void createNamespaces() throws Exception {
        Assumptions.assumeTrue(run("ip", "netns", "add", nsA) == 0, "ip netns add refused: needs root");
        run("ip", "netns", "add", nsB);
        check("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
        check("ip", "link", "set", vethA, "netns", nsA);
        check("ip", "link", "set", vethB, "netns", nsB);
        check("ip", "netns", "exec", nsA, "ip", "addr", "add", "10.231.0.1/24", "dev", vethA);
        check("ip", "netns", "exec", nsB, "ip", "addr", "add", "10.231.0.2/24", "dev", vethB);
        for (final String[] up : new String[][] {{nsA, vethA}, {nsA, "lo"}, {nsB, vethB}, {nsB, "lo"}}) {
            check("ip", "netns", "exec", up[0], "ip", "link", "set", up[1], "up");
        }
    }

    @AfterEach
    void removeNamespaces() throws Exception {
        processes.forEach(Process::destroyForcibly);
        for (final Process p : processes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        run("ip", "netns", "del", nsA);
        run("ip", "netns", "del", nsB);
        TestNodes.deleteDirectory(aeronDirectory("1"));
        TestNodes.deleteDirectory(aeronDirectory("2"));
    }

    private java.nio.file.Path aeronDirectory(final String nodeId) {
        return java.nio.file.Path.of("/dev/shm/jrestate-netns-test-" + suffix + "-N" + nodeId);
    }

    @Test
    void shouldFailRequestsAcrossADownedLinkAndRecoverWhenItComesBack() throws Exception {
        start(nsB, "2", "10.231.0.2", "1", "10.231.0.1", "false");
        final BlockingQueue<String> probe = start(nsA, "1", "10.231.0.1", "2", "10.231.0.2", "true");
        awaitLine(probe, "OK", 20);
        check("ip", "netns", "exec", nsA, "ip", "link", "set", vethA, "down");
        final long downAtNs = System.nanoTime();
        awaitLine(probe, "FAIL", 10);
        System.out.printf("first failure %.0f ms after the link went down%n", (System.nanoTime() - downAtNs) / 1e6);
        TimeUnit.SECONDS.sleep(2);
        probe.clear();
        awaitLine(probe, "FAIL", 5);
        check("ip", "netns", "exec", nsA, "ip", "link", "set", vethA, "up");
        final long upAtNs = System.nanoTime();
        awaitLine(probe, "OK", 20);
        System.out.printf("requests succeed again %.0f ms after the link came back%n",
            (System.nanoTime() - upAtNs) / 1e6);
    }

    private BlockingQueue<String> start(final String ns, final String... args)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", ns,
            ProcessHandle.current().info().command().orElse("java"), "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx96m",
            "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), PartitionProbeMain.class.getName(),
            args[0], args[1], "7001", args[2], args[3], "7001", args[4], aeronDirectory(args[0]).toString()));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(process);
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (final IOException e) {
                // The process was killed at the end of the test.
            }
        });
        awaitLine(lines, "READY", 30);
        return lines;
    }

    private static void awaitLine(final BlockingQueue<String> lines, final String prefix, final long seconds)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.startsWith(prefix)) {
                return;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within " + seconds + " s");
    }

    private static int run(final String... command) throws IOException, InterruptedException {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), String.join(" ", command) + " hung");
        return p.exitValue();
    }

    private static void check(final String... command) throws IOException, InterruptedException {
        assertEquals(0, run(command), String.join(" ", command) + " failed");
    }
}
