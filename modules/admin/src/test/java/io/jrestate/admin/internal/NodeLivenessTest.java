package io.jrestate.admin.internal;

import io.jrestate.admin.internal.NodeLiveness.Liveness;
import io.jrestate.admin.internal.NodeLiveness.Verdict;
import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.metadata.raft.NodesConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The liveness of the nodes of a nodes configuration as one node sees it, with real node transports in this JVM:
 * node 1 answers for itself, probes node 2 over the transport's handshake (alive with its generation), sees
 * node 2 as dead once node 2's transport is closed, reports a silent address and an address held by another node
 * id as dead, and an address without port, or a node without transport, as unknown. Verdicts that depend on the
 * network are polled until they hold (deadline 60 s), so a stalled machine delays the test but cannot fail it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeLivenessTest {
    /** Unique per test JVM: the drivers' directories are named after the cluster. */
    private static final String CLUSTER = "liveness-test-" + ProcessHandle.current().pid();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    private final List<AeronTransport> started = new ArrayList<>();

    @AfterEach
    void closeTransports() {
        started.forEach(AeronTransport::close);
    }

    private AeronTransport start(final int nodeId, final int port) {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        final NodeIdentity identity = new NodeIdentity(CLUSTER, 42L, new GenerationalNodeId(nodeId, 3));
        final AeronTransport transport = AeronTransport.start(TransportOptions.defaults(identity, address, address,
                TransportOptions.defaultAeronDirectory(CLUSTER, "n" + nodeId + "-" + port))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(2)));
        started.add(transport);
        return transport;
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static NodesConfiguration.Node node(final int id, final String address) {
        return new NodesConfiguration.Node(id, 1, "n" + id, address, List.of("worker", "log-server"));
    }

    /** Asks until the verdicts satisfy the condition, failing with the last ones after the deadline. */
    private static Map<Integer, Verdict> awaitVerdicts(final NodeLiveness liveness,
                                                       final List<NodesConfiguration.Node> nodes,
                                                       final Predicate<Map<Integer, Verdict>> condition)
        throws InterruptedException {
        final long startNs = System.nanoTime();
        Map<Integer, Verdict> last = Map.of();
        while (System.nanoTime() - startNs < DEADLINE_NS) {
            last = liveness.of(nodes, "n1").orTimeout(60, TimeUnit.SECONDS).join();
            if (condition.test(last)) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("verdicts never satisfied the condition; last " + last);
    }

    @Test
    void shouldSeeAnotherNodeAliveThroughTheHandshakeAndDeadOnceItStops() throws Exception {
        final int port1 = freeUdpPort();
        final int port2 = freeUdpPort();
        final AeronTransport self = start(1, port1);
        final AeronTransport other = start(2, port2);
        final List<NodesConfiguration.Node> nodes = List.of(node(1, "http://127.0.0.1:" + port1 + "/"),
            node(2, "http://127.0.0.1:" + port2 + "/"));
        final NodeLiveness liveness = new NodeLiveness(() -> Optional.of(self), PROBE_TIMEOUT);

        final Map<Integer, Verdict> up = awaitVerdicts(liveness, nodes,
            v -> v.get(2).liveness() == Liveness.ALIVE);
        assertEquals(Liveness.ALIVE, up.get(1).liveness(), "the answering node itself");
        assertEquals(Optional.of(3), up.get(2).seenGeneration(), "the generation node 2's handshake carried");
        assertEquals(List.of(1, 2), List.copyOf(up.keySet()), "verdicts in the order of the nodes");
        // The probe made node 2 a peer: the next request finds the session established, without a probe.
        awaitVerdicts(liveness, nodes, v -> v.get(2).detail().equals("session established"));

        other.close();
        final Map<Integer, Verdict> down = awaitVerdicts(liveness, nodes,
            v -> v.get(2).liveness() == Liveness.DEAD);
        assertTrue(down.get(2).detail().startsWith("no answer at 127.0.0.1:" + port2 + " within 2000 ms"),
            down.get(2).detail());
        assertEquals(Liveness.ALIVE, down.get(1).liveness(), "the answering node stays alive");
    }

    @Test
    void shouldCallASilentAddressOrOneHeldByAnotherNodeDead() throws Exception {
        final int port1 = freeUdpPort();
        final int port2 = freeUdpPort();
        final int silent = freeUdpPort();
        final AeronTransport self = start(1, port1);
        start(2, port2);
        // Node 4 is registered at node 2's address: whoever answers there is not node 4.
        final List<NodesConfiguration.Node> nodes = List.of(node(1, "127.0.0.1:" + port1),
            node(3, "http://127.0.0.1:" + silent + "/"), node(4, "http://127.0.0.1:" + port2 + "/"));
        final NodeLiveness liveness = new NodeLiveness(() -> Optional.of(self), PROBE_TIMEOUT);

        final Map<Integer, Verdict> verdicts = awaitVerdicts(liveness, nodes,
            v -> v.get(4).detail().startsWith("N2 answers"));
        assertEquals(Liveness.DEAD, verdicts.get(3).liveness(), verdicts.get(3).detail());
        assertEquals(Liveness.DEAD, verdicts.get(4).liveness());
        assertEquals("N2 answers at 127.0.0.1:" + port2 + ", not N4", verdicts.get(4).detail());
    }

    @Test
    void shouldReportUnknownWithoutATransportOrWithoutAUsableAddress() throws Exception {
        final List<NodesConfiguration.Node> nodes = List.of(node(1, "http://127.0.0.1:5122/"),
            node(2, "http://127.0.0.1:5123/"));
        final Map<Integer, Verdict> noTransport = new NodeLiveness(Optional::empty, PROBE_TIMEOUT)
            .of(nodes, "n1").orTimeout(60, TimeUnit.SECONDS).join();
        assertEquals(Liveness.ALIVE, noTransport.get(1).liveness());
        assertEquals(new Verdict(Liveness.UNKNOWN, Optional.empty(),
            "the answering node runs no node transport to probe it with"), noTransport.get(2));

        final Map<Integer, Verdict> notStarted = new NodeLiveness(() -> {
            throw new IllegalStateException("metadata client is not running");
        }, PROBE_TIMEOUT).of(nodes, "n1").orTimeout(60, TimeUnit.SECONDS).join();
        assertEquals(Liveness.UNKNOWN, notStarted.get(2).liveness(), "a transport that is not running yet");

        final Transport self = start(1, freeUdpPort());
        final Map<Integer, Verdict> noPort = new NodeLiveness(() -> Optional.of(self), PROBE_TIMEOUT)
            .of(List.of(node(1, "x"), node(2, "http://127.0.0.1/")), "n1").orTimeout(60, TimeUnit.SECONDS).join();
        assertEquals(new Verdict(Liveness.UNKNOWN, Optional.empty(),
            "advertised address 'http://127.0.0.1/' has no resolvable host and port"), noPort.get(2));
    }

    @Test
    void shouldParseAdvertisedAddressesWithAndWithoutScheme() {
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 5122)),
            NodeLiveness.address("http://127.0.0.1:5122/"));
        assertEquals(Optional.of(new InetSocketAddress("127.0.0.1", 5123)), NodeLiveness.address("127.0.0.1:5123"));
        assertEquals(Optional.empty(), NodeLiveness.address("http://127.0.0.1/"));
        assertEquals(Optional.empty(), NodeLiveness.address("not a uri"));
        assertEquals(Optional.empty(), NodeLiveness.address("http://127.0.0.1:70000/"), "port out of range");
    }
}
