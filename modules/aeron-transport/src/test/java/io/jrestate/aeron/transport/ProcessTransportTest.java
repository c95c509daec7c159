package io.jrestate.aeron.transport;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.jrestate.aeron.transport.AeronTransportTest.SECOND_NS;
import static io.jrestate.aeron.transport.AeronTransportTest.awaitConnected;
import static io.jrestate.aeron.transport.HandshakeTest.reasonOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes on loopback: the test JVM is node 1, child JVMs ({@link TransportNodeMain}) are nodes 2 and 3. It
 * checks RPC across processes, that an idle node uses almost no CPU (measured on the child's own CPU clock), and
 * that after {@code kill -9} of a node its in-flight requests fail and its restarted process (next generation, same
 * port) is reached again without restarting anyone else.
 */
@Tag("slow")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ProcessTransportTest {
    private static final double IDLE_CPU_FRACTION_MAX = 0.05;

    @Test
    void shouldServeAcrossProcessesIdleCheaplyAndSurviveKillMinusNine() {
        final int port1 = TestNodes.freeUdpPort();
        final int port2 = TestNodes.freeUdpPort();
        final int port3 = TestNodes.freeUdpPort();
        try (AeronTransport self = AeronTransport.start(TestNodes.options(1, 1, port1));
             NodeProcess n3 = NodeProcess.start(3, 1, port3, "1:" + port1, "2:" + port2)) {
            NodeProcess n2 = NodeProcess.start(2, 1, port2, "1:" + port1, "3:" + port3);
            try {
                self.addPeer(2, TestNodes.options(2, 1, port2).advertisedAddress());
                self.addPeer(3, TestNodes.options(3, 1, port3).advertisedAddress());
                assertEquals("N2:1", who(self, 2));
                assertEquals("N3:1", who(self, 3));
                assertTrue(n3.pid() > 0);
                assertEquals("over udp", echo(self, 2, "over udp"));

                measureIdleCpu(n2);

                final CompletableFuture<Response> inFlight = self.request(2, TransportNodeMain.SILENT, new byte[1],
                    60 * SECOND_NS);
                final long killedAtNs = System.nanoTime();
                n2.kill();
                final TransportException.Reason reason = reasonOf(inFlight);
                System.out.printf("in-flight request failed with %s %.0f ms after kill -9%n", reason,
                    (System.nanoTime() - killedAtNs) / 1e6);
                assertEquals(TransportException.Reason.PEER_LOST, reason);

                n2 = NodeProcess.start(2, 2, port2, "1:" + port1, "3:" + port3);
                awaitConnected(self, new GenerationalNodeId(2, 2));
                System.out.printf("reconnected to N2:2 %.0f ms after kill -9%n",
                    (System.nanoTime() - killedAtNs) / 1e6);
                assertEquals("N2:2", who(self, 2));
                assertEquals("N3:1", who(self, 3));
            } finally {
                n2.close();
            }
        }
    }

    private static void measureIdleCpu(final NodeProcess node) {
        // Let start-up work (JIT, class loading) settle before measuring.
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
        // Noise only adds (a late compilation, a GC, other processes on the host): the quietest of up to three
        // windows is the node's idle cost.
        double quietest = Double.MAX_VALUE;
        for (int window = 0; window < 3 && quietest >= IDLE_CPU_FRACTION_MAX; window++) {
            quietest = Math.min(quietest, idleWindow(node));
        }
        assertTrue(quietest < IDLE_CPU_FRACTION_MAX, "idle node used " + quietest * 100
            + "% of a core outside the JIT compiler in its quietest window");
    }

    /** One 4 s window: the node's CPU outside JIT compiler threads, as a fraction of one core. */
    private static double idleWindow(final NodeProcess node) {
        final Duration before = node.cpu();
        final long ticksBefore = node.nonJitCpuTicks();
        final long startNs = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(4));
        final double elapsedNs = System.nanoTime() - startNs;
        final double fraction = (node.cpu().minus(before).toNanos()) / elapsedNs;
        final double nonJitFraction = (node.nonJitCpuTicks() - ticksBefore) * 10_000_000.0 / elapsedNs;
        System.out.printf("idle node N2 (pid %d, connected to 2 peers) used %.2f%% of one core, %.2f%% without JIT"
            + " compiler threads%n", node.pid(), fraction * 100, nonJitFraction * 100);
        return nonJitFraction;
    }

    private static String who(final AeronTransport self, final int nodeId) {
        return new String(self.request(nodeId, TransportNodeMain.WHO, new byte[0], 20 * SECOND_NS).join().body(),
            StandardCharsets.UTF_8);
    }

    private static String echo(final AeronTransport self, final int nodeId, final String text) {
        return new String(self.request(nodeId, TransportNodeMain.ECHO, text.getBytes(StandardCharsets.UTF_8),
            10 * SECOND_NS).join().body(), StandardCharsets.UTF_8);
    }
}
