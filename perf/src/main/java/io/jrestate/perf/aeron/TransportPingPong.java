package io.jrestate.perf.aeron;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Response;
import io.jrestate.aeron.transport.SendStatus;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The same two measurements through {@link AeronTransport}: request/response round trips (the next request is sent
 * from the previous response's completion, on A's agent thread) and one-way {@code send}s from a sender thread
 * that yields whenever the transport reports back-pressure, as the bare sender yields when its offer fails.
 */
final class TransportPingPong implements RoundTripSide {
    private static final int ECHO = 1;
    private static final int COUNT = 2;
    private static final int PIN_B = 3;
    private static final int PIN_A = 4;
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final Set<Long> threadsBefore = NodeThreads.liveIds();
    private final int pair = BenchNodes.nextPair();
    private final TransportOptions aOptions = BenchNodes.options(pair, 1, "transport");
    private final TransportOptions bOptions = BenchNodes.options(pair, 2, "transport");
    private final AeronTransport a = AeronTransport.start(aOptions);
    private final AeronTransport b = AeronTransport.start(bOptions);
    private final AtomicLong received = new AtomicLong();
    private final long[] nodeThreadIds = NodeThreads.startedSince(threadsBefore, "jrestate-transport");

    TransportPingPong() {
        b.serve(ECHO, (from, type, buffer, offset, length, responder) -> responder.respond(buffer, offset, length));
        b.handle(COUNT, (from, type, buffer, offset, length) -> received.incrementAndGet());
        a.addPeer(2, bOptions.advertisedAddress());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        final Optional<GenerationalNodeId> connected = Optional.of(new GenerationalNodeId(2, 1));
        while (!a.connectedPeer(2).equals(connected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transport did not connect N1 to N2");
            }
            // Not a spin: the handshake needs both node threads, which share the machine with this one.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        pinNodeThreads();
    }

    /**
     * Pins B's agent thread (in a request handler) and then A's (in the handler of a message B sends once pinned),
     * as {@link BareAeronPingPong} pins its node threads.
     */
    private void pinNodeThreads() {
        if (!CpuPinning.enabled()) {
            return;
        }
        final CountDownLatch pinned = new CountDownLatch(1);
        a.handle(PIN_A, (from, type, buffer, offset, length) -> {
            CpuPinning.pinCurrentThread(0);
            pinned.countDown();
        });
        b.serve(PIN_B, (from, type, buffer, offset, length, responder) -> {
            CpuPinning.pinCurrentThread(1);
            responder.respond(buffer, offset, 0);
            b.send(1, PIN_A, buffer, offset, 0);
        });
        a.request(2, PIN_B, new UnsafeBuffer(new byte[0]), 0, 0, TIMEOUT_NS).join();
        try {
            if (!pinned.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("N1's agent thread was not pinned within 20 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning node threads", e);
        }
    }

    @Override
    public long[] nodeThreadIds() {
        return nodeThreadIds.clone();
    }

    @Override
    public long[] roundTrips(final int size, final int warmup, final int count) {
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[size]);
        final long[] samples = new long[count];
        final CompletableFuture<long[]> finished = new CompletableFuture<>();
        new Object() {
            private int done;
            private long sentAtNs;

            void next() {
                sentAtNs = System.nanoTime();
                a.request(2, ECHO, ping, 0, size, TIMEOUT_NS).whenComplete(this::onResponse);
            }

            private void onResponse(final Response response, final Throwable error) {
                if (error != null) {
                    finished.completeExceptionally(error);
                    return;
                }
                final long rtt = System.nanoTime() - sentAtNs;
                if (done >= warmup) {
                    samples[done - warmup] = rtt;
                }
                if (++done < warmup + count) {
                    next();
                } else {
                    finished.complete(samples);
                }
            }
        }.next();
        return finished.join();
    }

    @Override
    public long[] callerRoundTrips(final int size, final int warmup, final int count) {
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[size]);
        final long[] samples = new long[count];
        for (int i = 0; i < warmup + count; i++) {
            final long sentAtNs = System.nanoTime();
            a.request(2, ECHO, ping, 0, size, TIMEOUT_NS).join();
            if (i >= warmup) {
                samples[i - warmup] = System.nanoTime() - sentAtNs;
            }
        }
        return samples;
    }

    /** One-way messages from a fresh sender thread for one window; the rate counted at B. */
    double window(final int size, final long warmupNs, final long measureNs) throws InterruptedException {
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
        final AtomicBoolean sending = new AtomicBoolean(true);
        final Thread sender = Thread.ofPlatform().name("transport-sender").start(() -> {
            while (sending.get()) {
                // Like the bare sender, give way when the transport reports back-pressure: QUEUED means the
                // publication was full (or the queue not empty), QUEUE_FULL that nothing more is taken.
                if (a.send(2, COUNT, msg, 0, size) != SendStatus.SENT) {
                    Thread.yield();
                }
            }
        });
        final double rate = Windows.measureRate(received, warmupNs, measureNs);
        sending.set(false);
        sender.join();
        Windows.settle();
        return rate;
    }

    @Override
    public void close() {
        a.close();
        b.close();
    }
}
