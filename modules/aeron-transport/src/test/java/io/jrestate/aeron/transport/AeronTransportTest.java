package io.jrestate.aeron.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two or three real Aeron transports in one JVM talk over UDP loopback, each with its own media driver. The tests
 * cover request/response, one-way order, fragmentation of large messages, errors from the remote side, timeouts,
 * and what happens when a peer is unreachable, restarts, or is not yet known.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AeronTransportTest {
    static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private final List<AeronTransport> started = new ArrayList<>();

    @AfterEach
    void closeAll() {
        started.forEach(AeronTransport::close);
    }

    AeronTransport start(final TransportOptions options) {
        final AeronTransport transport = AeronTransport.start(options);
        started.add(transport);
        return transport;
    }

    static void connect(final AeronTransport a, final AeronTransport b, final TransportOptions bOptions) {
        a.addPeer(bOptions.identity().nodeId().id(), bOptions.advertisedAddress());
        awaitConnected(a, bOptions.identity().nodeId());
    }

    static void awaitConnected(final AeronTransport a, final GenerationalNodeId peer) {
        final long deadline = System.nanoTime() + 20 * SECOND_NS;
        while (!a.connectedPeer(peer.id()).equals(java.util.Optional.of(peer))) {
            assertTrue(System.nanoTime() < deadline, a.identity() + " never connected to " + peer + ", sees "
                + a.connectedPeer(peer.id()));
            TestNodes.pause();
        }
    }

    static void echo(final AeronTransport t, final int type) {
        t.serve(type, (from, messageType, buffer, offset, length, responder) -> {
            final byte[] body = new byte[length];
            buffer.getBytes(offset, body);
            responder.respond(body);
        });
    }

    @Test
    void shouldAnswerARequestAndReportWhoAnswered() {
        final TransportOptions bOptions = TestNodes.options(2, 7, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 3, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        echo(b, 10);
        connect(a, b, bOptions);
        final Response response = a.request(2, 10, "ping".getBytes(StandardCharsets.UTF_8), 5 * SECOND_NS).join();
        assertEquals("ping", new String(response.body(), StandardCharsets.UTF_8));
        assertEquals(new GenerationalNodeId(2, 7), response.from());
        awaitConnected(b, new GenerationalNodeId(1, 3));
    }

    @Test
    void shouldDeliverOneWayMessagesInOrderWithTheirSender() {
        final TransportOptions bOptions = TestNodes.options(2, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        final List<Integer> received = new CopyOnWriteArrayList<>();
        final List<GenerationalNodeId> senders = new CopyOnWriteArrayList<>();
        b.handle(3, (from, type, buffer, offset, length) -> {
            received.add(buffer.getInt(offset));
            senders.add(from);
        });
        connect(a, b, bOptions);
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[4]);
        for (int i = 0; i < 1000; i++) {
            msg.putInt(0, i);
            assertTrue(a.send(2, 3, msg, 0, 4).accepted());
        }
        awaitSize(received, 1000);
        for (int i = 0; i < 1000; i++) {
            assertEquals(i, received.get(i));
        }
        assertEquals(new GenerationalNodeId(1, 1), senders.get(0));
    }

    @Test
    void shouldCarryMessagesLongerThanATermInFragments() {
        final TransportOptions bOptions = TestNodes.options(2, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        echo(b, 1);
        connect(a, b, bOptions);
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        for (final int size : new int[] {0, 1, 1400, 32 * 1024 - 16, 32 * 1024, 300_000, 3 * 1024 * 1024}) {
            final byte[] body = new byte[size];
            random.nextBytes(body);
            final Response response = a.request(2, 1, body, 20 * SECOND_NS).join();
            assertArrayEquals(body, response.body(), "size " + size + " seed " + seed);
        }
    }

    @Test
    void shouldFailARequestWithTheRemoteErrorOrATimeout() {
        final TransportOptions bOptions = TestNodes.options(2, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        b.serve(5, (from, type, buffer, offset, length, responder) -> {
            throw new IllegalStateException("handler exploded");
        });
        b.serve(6, (from, type, buffer, offset, length, responder) -> { });
        connect(a, b, bOptions);
        assertReason(TransportException.Reason.REMOTE_ERROR, a.request(2, 4, new byte[1], 5 * SECOND_NS),
            "no handler for request type 4");
        assertReason(TransportException.Reason.REMOTE_ERROR, a.request(2, 5, new byte[1], 5 * SECOND_NS),
            "handler exploded");
        assertReason(TransportException.Reason.TIMEOUT, a.request(2, 6, new byte[1], SECOND_NS / 5), "in time");
        assertEquals(1, a.counters().requestsTimedOut());
        assertReason(TransportException.Reason.UNKNOWN_PEER, a.request(9, 6, new byte[1], SECOND_NS), "N9");
    }

    @Test
    void shouldQueueForAnUnreachablePeerUntilTheQueueIsFull() {
        final TransportOptions aOptions = TestNodes.options(1, 1, TestNodes.freeUdpPort())
            .withOutboundQueue(10, 1 << 24);
        final AeronTransport a = start(aOptions);
        a.addPeer(2, new InetSocketAddress("127.0.0.1", TestNodes.freeUdpPort()));
        for (int i = 0; i < 10; i++) {
            assertEquals(SendStatus.QUEUED, a.send(2, 1, new byte[100]));
        }
        assertEquals(SendStatus.QUEUE_FULL, a.send(2, 1, new byte[100]));
        assertReason(TransportException.Reason.QUEUE_FULL, a.request(2, 1, new byte[1], SECOND_NS), "full");
        assertEquals(2, a.counters().queueFullRejections());
    }

    @Test
    void shouldDeliverEverythingAcceptedUnderBackPressure() {
        final TransportOptions bOptions = TestNodes.options(2, 1, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        final List<Integer> received = new CopyOnWriteArrayList<>();
        b.handle(1, (from, type, buffer, offset, length) -> received.add(buffer.getInt(offset)));
        connect(a, b, bOptions);
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[4096]);
        int queued = 0;
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            msg.putInt(0, accepted);
            final SendStatus status = a.send(2, 1, msg, 0, msg.capacity());
            if (status.accepted()) {
                accepted++;
                queued += status == SendStatus.QUEUED ? 1 : 0;
            }
        }
        System.out.println("accepted " + accepted + " of 20000 4 KiB messages, " + queued + " of them queued");
        assertTrue(queued > 0, "a 256 KiB term cannot take 80 MB at once: some sends must have been queued");
        awaitSize(received, accepted);
        for (int i = 0; i < accepted; i++) {
            assertEquals(i, received.get(i), "message " + i + " out of order or lost");
        }
    }

    @Test
    void shouldReachAPeerThatWasAddedBeforeItStarted() {
        final int portB = TestNodes.freeUdpPort();
        final TransportOptions bOptions = TestNodes.options(2, 1, portB);
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        a.addPeer(2, bOptions.advertisedAddress());
        final CompletableFuture<Response> early = a.request(2, 1, "early".getBytes(StandardCharsets.UTF_8),
            20 * SECOND_NS);
        final AeronTransport b = start(bOptions);
        echo(b, 1);
        assertEquals("early", new String(early.join().body(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldLearnTheNodeIdBehindAnAddressByProbing() {
        final TransportOptions bOptions = TestNodes.options(5, 3, TestNodes.freeUdpPort());
        final AeronTransport a = start(TestNodes.options(1, 1, TestNodes.freeUdpPort()));
        final AeronTransport b = start(bOptions);
        echo(b, 1);
        final GenerationalNodeId found = a.probe(bOptions.advertisedAddress()).orTimeout(20, TimeUnit.SECONDS).join();
        assertEquals(new GenerationalNodeId(5, 3), found);
        final Response response = a.request(5, 1, "probed".getBytes(StandardCharsets.UTF_8), 10 * SECOND_NS).join();
        assertEquals("probed", new String(response.body(), StandardCharsets.UTF_8));
    }

    static void assertReason(final TransportException.Reason reason, final CompletableFuture<?> future,
        final String messagePart) {
        final CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class,
            future::join);
        final TransportException cause = assertInstanceOf(TransportException.class, e.getCause());
        assertEquals(reason, cause.reason(), cause.getMessage());
        assertTrue(cause.getMessage().contains(messagePart), cause.getMessage() + " lacks '" + messagePart + "'");
    }

    static void awaitSize(final List<?> list, final int size) {
        final long deadline = System.nanoTime() + 30 * SECOND_NS;
        while (list.size() < size) {
            assertTrue(System.nanoTime() < deadline, "only " + list.size() + " of " + size + " arrived");
            TestNodes.pause();
        }
    }
}
