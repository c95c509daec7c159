package io.jrestate.aeron.transport;

import io.jrestate.aeron.transport.internal.TransportAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.jrestate.aeron.transport.AeronTransportTest.SECOND_NS;
import static io.jrestate.aeron.transport.AeronTransportTest.assertReason;
import static io.jrestate.aeron.transport.AeronTransportTest.awaitConnected;
import static io.jrestate.aeron.transport.AeronTransportTest.echo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions with identity: a node of another cluster (by name or by fingerprint), a node claiming the refuser's own
 * id, and an older generation of a known node are all refused, the refusal is logged with both identities on the
 * refusing side and reported back to the refused side, and nothing the refused node sends reaches a handler. A
 * restarted node (newer generation) is accepted, and requests sent to its previous incarnation fail.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HandshakeTest {
    private final List<AeronTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(AeronTransport::close);
    }

    private AeronTransport start(final TransportOptions options) {
        final AeronTransport transport = AeronTransport.start(options);
        started.add(transport);
        return transport;
    }

    @Test
    void shouldRefuseANodeOfAnotherClusterName() {
        assertRefused(new NodeIdentity("other-cluster", TestNodes.FINGERPRINT, new GenerationalNodeId(2, 1)),
            "cluster name 'other-cluster' differs from 'test-cluster'");
    }

    @Test
    void shouldRefuseANodeWithTheSameNameButAnotherFingerprint() {
        assertRefused(new NodeIdentity(TestNodes.CLUSTER, 42L, new GenerationalNodeId(2, 1)),
            "cluster fingerprint mismatch: 2a vs 5eedf00dcafebeef");
    }

    @Test
    void shouldRefuseANodeClaimingTheRefusersOwnId() {
        assertRefused(new NodeIdentity(TestNodes.CLUSTER, TestNodes.FINGERPRINT, new GenerationalNodeId(1, 9)),
            "peer claims this node's own id N1");
    }

    private void assertRefused(final NodeIdentity intruder, final String reason) {
        final TransportOptions aOptions = TestNodes.options(1, 1, TestNodes.freeUdpPort());
        final TransportOptions intruderOptions = TestNodes.options(intruder, TestNodes.freeUdpPort());
        try (LogCapture log = new LogCapture(TransportAgent.class)) {
            final AeronTransport a = start(aOptions);
            final AeronTransport b = start(intruderOptions);
            final List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
            a.handle(1, (from, type, buffer, offset, length) -> handled.add(from.toString()));
            // The intruder may not call its own id a peer, so it knows node 1 under another id when it claims id 1.
            final int aIdAtIntruder = intruder.nodeId().id() == 1 ? 3 : 1;
            b.addPeer(aIdAtIntruder, aOptions.advertisedAddress());
            await(() -> log.contains("refused handshake from") && log.contains("refused our handshake"),
                "refusal logged on both sides");
            assertTrue(a.counters().handshakesRefused() > 0 && b.counters().rejectsReceived() > 0);
            assertTrue(log.contains("WARNING", aOptions.identity().toString(), "refused handshake from",
                intruder.toString(), reason), "refusal logged with both identities and the reason: " + log.lines());
            assertTrue(log.contains("refused our handshake", reason), "refused side logs it too: " + log.lines());
            b.send(aIdAtIntruder, 1, new byte[8]);
            assertReason(TransportException.Reason.TIMEOUT, b.request(aIdAtIntruder, 1, new byte[8], SECOND_NS / 2),
                "in time");
            assertEquals(Optional.empty(), b.connectedPeer(aIdAtIntruder));
            assertEquals(Optional.empty(), a.connectedPeer(intruder.nodeId().id()));
            assertTrue(handled.isEmpty(), "nothing from a refused node reaches a handler");
        }
    }

    @Test
    void shouldAcceptARestartedNodeAndRefuseItsOlderGeneration() {
        final int portB = TestNodes.freeUdpPort();
        final TransportOptions aOptions = TestNodes.options(1, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(aOptions);
        final AeronTransport b1 = start(TestNodes.options(2, 1, portB));
        echo(b1, 1);
        b1.serve(2, (from, type, buffer, offset, length, responder) -> { });
        a.addPeer(2, TestNodes.options(2, 1, portB).advertisedAddress());
        awaitConnected(a, new GenerationalNodeId(2, 1));
        final CompletableFuture<Response> unanswered = a.request(2, 2, new byte[1], 30 * SECOND_NS);

        b1.close();
        final AeronTransport b2 = start(TestNodes.options(2, 2, portB));
        echo(b2, 1);
        // Depending on timing the old link is seen to break, or the new generation's handshake arrives first.
        final TransportException.Reason reason = reasonOf(unanswered);
        assertTrue(reason == TransportException.Reason.PEER_LOST || reason == TransportException.Reason.PEER_RESTARTED,
            "a request to the previous incarnation fails with PEER_LOST or PEER_RESTARTED, not " + reason);
        awaitConnected(a, new GenerationalNodeId(2, 2));
        final Response response = a.request(2, 1, "again".getBytes(StandardCharsets.UTF_8), 10 * SECOND_NS).join();
        assertEquals(new GenerationalNodeId(2, 2), response.from());

        try (LogCapture log = new LogCapture(TransportAgent.class)) {
            final AeronTransport stale = start(TestNodes.options(2, 1, TestNodes.freeUdpPort()));
            stale.addPeer(1, aOptions.advertisedAddress());
            await(() -> stale.counters().rejectsReceived() > 0 && log.contains("refused handshake from N2:1"),
                "the stale generation is refused and told so");
            assertTrue(log.contains("refused handshake from N2:1", "generation N2:1 is older than N2:2 already seen"),
                log.lines().toString());
            assertEquals(Optional.of(new GenerationalNodeId(2, 2)), a.connectedPeer(2));
        }
    }

    static TransportException.Reason reasonOf(final CompletableFuture<?> future) {
        final java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.CompletionException.class, future::join);
        return org.junit.jupiter.api.Assertions.assertInstanceOf(TransportException.class, e.getCause()).reason();
    }

    static void await(final BooleanSupplier condition, final String what) {
        final long deadline = System.nanoTime() + 20 * SECOND_NS;
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            TestNodes.pause();
        }
    }
}
