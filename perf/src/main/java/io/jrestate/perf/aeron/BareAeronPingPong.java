package io.jrestate.perf.aeron;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.jrestate.aeron.transport.EmbeddedMediaDriver;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The baseline: bare Aeron between two embedded drivers configured exactly as the transport configures them (same
 * terms, MTU, INVOKER threading run by one thread per node, same idle strategy), with raw publications and
 * subscriptions and no framing, handshake, correlation or queueing.
 */
final class BareAeronPingPong implements AutoCloseable {
    private static final int STREAM_ID = 77;

    private final TransportOptions aOptions = BenchNodes.options(1, "bare");
    private final TransportOptions bOptions = BenchNodes.options(2, "bare");
    private final EmbeddedMediaDriver a = EmbeddedMediaDriver.launch(aOptions);
    private final EmbeddedMediaDriver b = EmbeddedMediaDriver.launch(bOptions);
    private final Subscription aSub = a.aeron().addSubscription(channel(aOptions), STREAM_ID);
    private final Subscription bSub = b.aeron().addSubscription(channel(bOptions), STREAM_ID);
    private final Publication ab = a.aeron().addPublication(channel(bOptions), STREAM_ID);
    private final Publication ba = b.aeron().addPublication(channel(aOptions), STREAM_ID);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private Thread bThread;
    private Thread aThread;

    private static String channel(final TransportOptions options) {
        return "aeron:udp?endpoint=127.0.0.1:" + options.bindAddress().getPort() + "|term-length="
            + options.termLengthBytes() + "|mtu=" + options.mtuLengthBytes();
    }

    /** Node B echoes every message back (latency) or only counts it (throughput). */
    void startB(final boolean echo) {
        final Agent duty = b.dutyCycle();
        final FragmentHandler handler = new FragmentAssembler((buffer, offset, length, header) -> {
            received.incrementAndGet();
            if (echo) {
                offerUntilAccepted(ba, buffer, offset, length, duty);
            }
        });
        bThread = Thread.ofPlatform().name("bare-B").start(() -> {
            final IdleStrategy idle = EmbeddedMediaDriver.idleStrategy(bOptions);
            while (running.get()) {
                idle.idle(invoke(duty) + bSub.poll(handler, 64));
            }
        });
    }

    static void offerUntilAccepted(final Publication pub, final DirectBuffer buffer, final int offset,
        final int length, final Agent duty) {
        while (pub.offer(buffer, offset, length) < 0) {
            invoke(duty);
        }
    }

    /** Round trips from A's node thread: the next ping goes out when the pong arrives, as in the transport run. */
    long[] roundTrips(final int size, final int warmup, final int count) throws Exception {
        startB(true);
        final Agent duty = a.dutyCycle();
        final IdleStrategy idle = EmbeddedMediaDriver.idleStrategy(aOptions);
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[size]);
        final long[] samples = new long[count];
        final int[] done = {0};
        final long[] sentAt = {0};
        final FragmentHandler pong = new FragmentAssembler((buffer, offset, length, header) -> {
            final long rtt = System.nanoTime() - sentAt[0];
            if (done[0] >= warmup) {
                samples[done[0] - warmup] = rtt;
            }
            done[0]++;
            if (done[0] < warmup + count) {
                sentAt[0] = System.nanoTime();
                offerUntilAccepted(ab, ping, 0, size, duty);
            }
        });
        awaitConnected(duty);
        sentAt[0] = System.nanoTime();
        offerUntilAccepted(ab, ping, 0, size, duty);
        while (done[0] < warmup + count) {
            idle.idle(invoke(duty) + aSub.poll(pong, 64));
        }
        return samples;
    }

    /** Throughput mode: B counts, a thread runs A's driver; senders come and go per {@link #window}. */
    void startThroughputMode() {
        startB(false);
        final Agent duty = a.dutyCycle();
        awaitConnected(duty);
        aThread = Thread.ofPlatform().name("bare-A").start(() -> {
            final IdleStrategy idle = EmbeddedMediaDriver.idleStrategy(aOptions);
            while (running.get()) {
                idle.idle(invoke(duty));
            }
        });
    }

    /** One-way messages from a fresh sender thread for one window; the rate counted at B. */
    double window(final int size, final long warmupNs, final long measureNs) throws InterruptedException {
        final UnsafeBuffer msg = new UnsafeBuffer(new byte[size]);
        final AtomicBoolean sending = new AtomicBoolean(true);
        final Thread sender = Thread.ofPlatform().name("bare-sender").start(() -> {
            while (sending.get()) {
                if (ab.offer(msg, 0, size) < 0) {
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

    /** Runs one duty cycle of a node's driver and client conductor. */
    static int invoke(final Agent duty) {
        try {
            return duty.doWork();
        } catch (final Exception e) {
            throw new IllegalStateException("driver duty cycle failed", e);
        }
    }

    private void awaitConnected(final Agent duty) {
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(ab.isConnected() && ba.isConnected())) {
            invoke(duty);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bare Aeron publications did not connect");
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        running.set(false);
        for (final Thread thread : new Thread[] {bThread, aThread}) {
            if (thread != null) {
                try {
                    thread.join();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        a.close();
        b.close();
    }
}
