package io.jrestate.restatectl.internal;

import io.jrestate.aeron.transport.TransportOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.jrestate.restatectl.internal.RestatectlServerTest.Run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * restatectl against a cluster of four real {@code restate-server} processes, shaped like the cluster deployment
 * page: {@code n1}, {@code n2}, {@code n3} run every role and form the replicated metadata store
 * ({@code conf/cluster-node.toml}); {@code n4} runs worker, admin and ingress and joins by its name through
 * {@code [metadata-client] addresses} ({@code conf/worker-only.toml}; it gets {@code N4}). Every node is listed as
 * alive in {@code nodes list} and {@code status}, whichever node answers (a member and the worker-only node are
 * asked). After {@code kill -9} of {@code n4} and of the member {@code n3} (the store keeps its quorum), {@code n1}
 * and {@code n2} list both as dead ({@code offline} in {@code status}) and the others as alive. Liveness depends on
 * the network, so each expectation is polled (every 200 ms, deadline 60 s) and a failure shows the last output and
 * the servers' logs.
 */
@Tag("slow")
@Timeout(value = 420, unit = TimeUnit.SECONDS)
class RestatectlClusterTest {
    /** Unique per test JVM: media driver directories ({@code /dev/shm/jrestate-<cluster>-<node>}) are per name. */
    private static final String CLUSTER = "ctl-cluster-test-" + ProcessHandle.current().pid();
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int NODES = 4;
    private static final String MEMBER_ROLES = "admin \\| http-ingress \\| log-server \\| metadata-server \\| worker";
    private static final String WORKER_ROLES = "admin \\| http-ingress \\| worker";

    @TempDir
    Path dir;

    private final JrestateProcess[] nodes = new JrestateProcess[NODES];
    private final int[] ports = new int[NODES];

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * The node's fabric and metadata settings. Members start together and need a quorum before their roles can
     * read the store: clients retry for about 90 s instead of the default 10 attempts.
     */
    private String config(final int index) {
        final StringBuilder addresses = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            addresses.append(i == 0 ? "" : ", ").append("\"http://127.0.0.1:").append(ports[i]).append("/\"");
        }
        final String identity = index < 3
            ? "force-node-id = " + (index + 1) + "\n" + (index == 0 ? "" : "auto-provision = false\n")
            : "roles = [\"worker\", \"admin\", \"http-ingress\"]\nauto-provision = false\n";
        return "cluster-name = \"" + CLUSTER + "\"\n" + identity
            + "bind-address = \"127.0.0.1:" + ports[index] + "\"\n"
            + "advertised-address = \"http://127.0.0.1:" + ports[index] + "/\"\n"
            + "[metadata-client]\ntype = \"replicated\"\naddresses = [" + addresses + "]\n"
            + "[metadata-client.backoff-policy]\nmax-attempts = 90\n"
            + "[metadata-server]\nraft-tick-interval = \"50ms\"\n";
    }

    /** A {@code nodes list} row: id, generation, name, address, roles, status. */
    private String row(final int index, final String status) {
        return " N" + (index + 1) + " +\\d+ +n" + (index + 1) + " +http://127\\.0\\.0\\.1:" + ports[index] + "/ +"
            + (index < 3 ? MEMBER_ROLES : WORKER_ROLES) + " +" + status + " +";
    }

    private String nodesList(final String... statuses) {
        final StringBuilder pattern = new StringBuilder("Node Configuration \\(v\\d+\\)\n"
            + " NODE +GEN +NAME +ADDRESS +ROLES +STATUS +\n");
        for (int i = 0; i < statuses.length; i++) {
            pattern.append(row(i, statuses[i])).append('\n');
        }
        return pattern.toString();
    }

    @Test
    void shouldListEveryNodeAliveFromAnyNodeAndKilledOnesDead() throws Exception {
        for (int i = 0; i < NODES; i++) {
            ports[i] = freeUdpPort();
        }
        try {
            for (int i = 0; i < 3; i++) {
                nodes[i] = JrestateProcess.launch(dir.resolve("n" + (i + 1)), "n" + (i + 1), 4, config(i));
            }
            for (int i = 0; i < 3; i++) {
                nodes[i].awaitHealthy(Duration.ofSeconds(120));
            }
            nodes[3] = JrestateProcess.start(dir.resolve("n4"), "n4", 4, config(3));
            final String allAlive = nodesList("Alive", "Alive", "Alive", "Alive");
            for (final JrestateProcess answering : List.of(nodes[0], nodes[3])) {
                await(answering, out -> out.matches(allAlive), "nodes", "list");
            }
            final Run status = await(nodes[3], out -> out.lines().count() == 6, "status");
            final List<String> lines = status.out().lines().toList();
            for (int i = 0; i < 3; i++) {
                assertTrue(lines.get(2 + i).matches(" N" + (i + 1) + ":\\d+ +n" + (i + 1) + " +alive +Member +- +- +-"
                    + " +- +" + MEMBER_ROLES + " +"), lines.get(2 + i));
            }
            assertTrue(lines.get(5).matches(" N4:1 +n4 +\\d+s +- +4 +0 +0 +4 +" + WORKER_ROLES + " +"), lines.get(5));

            System.out.println("status at n4 with every node up:\n" + status.out());

            nodes[3].kill();
            nodes[2].kill();
            final long killedNs = System.nanoTime();
            final String twoDead = nodesList("Alive", "Alive", "Dead", "Dead");
            for (final JrestateProcess answering : List.of(nodes[0], nodes[1])) {
                final Run list = await(answering, out -> out.matches(twoDead), "nodes", "list");
                System.out.printf("n3 and n4 listed dead %d ms after kill -9:%n%s%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedNs), list.out());
            }
            final Run afterKill = await(nodes[0], out -> out.contains(" N4 "), "status");
            System.out.println("status at n1 after kill -9 of n3 and n4:\n" + afterKill.out());
            final List<String> rows = afterKill.out().lines().toList();
            assertTrue(rows.get(2).matches(" N1:\\d+ +n1 +\\d+s +Member +4 +0 +4 +4 +" + MEMBER_ROLES + " +"),
                rows.get(2));
            assertTrue(rows.get(3).matches(" N2:\\d+ +n2 +alive +Member +- +- +- +- +.*"), rows.get(3));
            assertTrue(rows.get(4).matches(" N3 +n3 +offline +Member +- +- +- +- +" + MEMBER_ROLES + " +"),
                rows.get(4));
            assertTrue(rows.get(5).matches(" N4 +n4 +offline +- +- +- +- +- +" + WORKER_ROLES + " +"), rows.get(5));
        } catch (Exception | Error e) {
            for (int i = 0; i < NODES; i++) {
                printLog("n" + (i + 1), nodes[i]);
            }
            throw e;
        } finally {
            for (int i = NODES - 1; i >= 0; i--) {
                if (nodes[i] != null) {
                    nodes[i].close();
                }
            }
            // A killed node cannot remove its media driver directory, which lives in /dev/shm (memory).
            for (int i = 1; i <= NODES; i++) {
                deleteDirectory(TransportOptions.defaultAeronDirectory(CLUSTER, "n" + i));
            }
        }
    }

    /** Runs the command against a node until its output satisfies the condition (deadline 60 s). */
    private static Run await(final JrestateProcess node, final Predicate<String> condition, final String... args)
        throws InterruptedException {
        final long startNs = System.nanoTime();
        Run last = null;
        while (System.nanoTime() - startNs < DEADLINE_NS) {
            last = RestatectlServerTest.run(Map.of("RESTATECTL_ADDRESS", node.adminAddress()), args);
            if (last.status() == 0 && condition.test(last.out())) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("restatectl " + String.join(" ", args) + " at " + node.adminAddress()
            + " never printed what was expected; last run: " + last);
    }

    private static void printLog(final String name, final JrestateProcess node) {
        if (node != null) {
            final String log = node.output();
            System.out.println("---- log of " + name + " (last 8000 chars) ----\n"
                + log.substring(Math.max(0, log.length() - 8000)));
        }
    }

    private static void deleteDirectory(final Path path) throws IOException {
        if (Files.exists(path)) {
            try (Stream<Path> paths = Files.walk(path)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
