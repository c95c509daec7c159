package io.jrestate.perf.aeron;

import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.jrestate.aeron.transport.EmbeddedMediaDriver;
import io.jrestate.aeron.transport.NodeIdleStrategy;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The baseline: bare Aeron between two embedded drivers configured exactly as the transport configures them (same
 * terms, MTU, INVOKER threading), with raw publications and subscriptions and no framing, handshake, correlation or
 * queueing. Like a transport node, each node has one thread that runs its driver's duty cycle and polls its
 * subscription in turn, with the transport's idle strategy ({@link EmbeddedMediaDriver#idleStrategy}); the caller
 * of {@link #roundTrips} waits while node A's thread plays ping-pong, as it waits for the transport's agent thread.
 */
final class BareAeronPingPong implements RoundTripSide {
    private static final int STREAM_ID = 77;

    private final int pair = BenchNodes.nextPair();
    private final TransportOptions aOptions = BenchNodes.options(pair, 1, "bare");
    private final TransportOptions bOptions = BenchNodes.options(pair, 2, "bare");
    private final EmbeddedMediaDriver a = EmbeddedMediaDriver.launch(aOptions);
    private final EmbeddedMediaDriver b = EmbeddedMediaDriver.launch(bOptions);
    private final Subscription aSub = a.aeron().addSubscription(channel(aOptions), STREAM_ID);
    private final Subscription bSub = b.aeron().addSubscription(channel(bOptions), STREAM_ID);
    private final Publication ab = a.aeron().addPublication(channel(bOptions), STREAM_ID);
    private final Publication ba = b.aeron().addPublication(channel(aOptions), STREAM_ID);
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong received = new AtomicLong();
    private final AtomicReference<PingPong> posted = new AtomicReference<>();
    // Caller-thread mode: the pong a caller waits for, completed by A's thread.
    private final AtomicReference<CompletableFuture<Void>> awaitedPong = new AtomicReference<>();
    private volatile NodeIdleStrategy aIdle;
    private Thread bThread;
    private Thread aThread;

    /** One block of round trips, run by node A's thread. */
    private static final class PingPong {
        final UnsafeBuffer ping;
        final int warmup;
        final long[] samples;
        final CompletableFuture<long[]> finished = new CompletableFuture<>();
        int done;
        long sentAtNs;

        PingPong(final int size, final int warmup, final int count) {
            this.ping = new UnsafeBuffer(new byte[size]);
            this.warmup = warmup;
            this.samples = new long[count];
        }
    }

    private static String channel(final TransportOptions options) {
        return "aeron:udp?endpoint=127.0.0.1:" + options.bindAddress().getPort() + "|term-length="
            + options.termLengthBytes() + "|mtu=" + options.mtuLengthBytes();
    }

    /**
     * Starts both node threads: B echoes every message back (latency) or only counts it (throughput); A runs the
     * blocks of round trips posted by {@link #roundTrips}.
     */
    void start(final boolean echo) {
        final Agent bDuty = b.dutyCycle();
        final FragmentHandler echoer = new FragmentAssembler((buffer, offset, length, header) -> {
            received.incrementAndGet();
            if (echo) {
                offerUntilAccepted(ba, buffer, offset, length, bDuty);
            }
        });
        bThread = Thread.ofPlatform().name("bare-B").start(() -> {
            CpuPinning.pinCurrentThread(1);
            final IdleStrategy idle = EmbeddedMediaDriver.idleStrategy(bOptions);
            while (running.get()) {
                idle.idle(invoke(bDuty) + bSub.poll(echoer, 64));
            }
        });
        awaitConnected();
        final PingPong[] current = {null};
        // Awaiting an answer while a block runs or a caller waits, as the transport does while a request waits.
        aIdle = EmbeddedMediaDriver.idleStrategy(aOptions, () -> current[0] != null || awaitedPong.get() != null);
        aThread = Thread.ofPlatform().name("bare-A").start(() -> runA(current));
    }

    private void runA(final PingPong[] current) {
        CpuPinning.pinCurrentThread(0);
        final Agent duty = a.dutyCycle();
        final FragmentHandler pong = new FragmentAssembler((buffer, offset, length, header) -> {
            if (current[0] == null) {
                final CompletableFuture<Void> caller = awaitedPong.getAndSet(null);
                if (caller != null) {
                    caller.complete(null);
                }
            } else if (onPong(current[0], duty)) {
                current[0] = null;
            }
        });
        final NodeIdleStrategy idle = aIdle;
        while (running.get()) {
            int work = invoke(duty) + aSub.poll(pong, 64);
            if (current[0] == null && posted.get() != null) {
                current[0] = posted.getAndSet(null);
                current[0].sentAtNs = System.nanoTime();
                offerUntilAccepted(ab, current[0].ping, 0, current[0].ping.capacity(), duty);
                work++;
            }
            idle.idle(work);
        }
    }

    @Override
    public long[] nodeThreadIds() {
        return new long[] {aThread.threadId(), bThread.threadId()};
    }

    /** Records a round trip and sends the next ping, as the transport run does; true when the block is done. */
    private boolean onPong(final PingPong block, final Agent duty) {
        final long rtt = System.nanoTime() - block.sentAtNs;
        if (block.done >= block.warmup) {
            block.samples[block.done - block.warmup] = rtt;
        }
        block.done++;
        if (block.done == block.warmup + block.samples.length) {
            block.finished.complete(block.samples);
            return true;
        }
        block.sentAtNs = System.nanoTime();
        offerUntilAccepted(ab, block.ping, 0, block.ping.capacity(), duty);
        return false;
    }

    static void offerUntilAccepted(final Publication pub, final DirectBuffer buffer, final int offset,
        final int length, final Agent duty) {
        while (pub.offer(buffer, offset, length) < 0) {
            invoke(duty);
        }
    }

    /** Round trips played by A's node thread, one request outstanding; the caller waits for the samples. */
    @Override
    public long[] roundTrips(final int size, final int warmup, final int count) {
        final PingPong block = new PingPong(size, warmup, count);
        posted.set(block);
        return block.finished.join();
    }

    /**
     * Round trips from the calling thread: it offers the ping, wakes A's thread (whose driver sends it) and waits
     * for A's thread to see the pong, as a transport caller waits for its future.
     */
    @Override
    public long[] callerRoundTrips(final int size, final int warmup, final int count) {
        final UnsafeBuffer ping = new UnsafeBuffer(new byte[size]);
        final long[] samples = new long[count];
        for (int i = 0; i < warmup + count; i++) {
            final CompletableFuture<Void> pong = new CompletableFuture<>();
            final long sentAtNs = System.nanoTime();
            awaitedPong.set(pong);
            while (ab.offer(ping, 0, size) < 0) {
                Thread.yield();
            }
            aIdle.wake();
            pong.join();
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

    /** Runs A's driver on this thread until both publications connect (B's thread runs B's). */
    private void awaitConnected() {
        final Agent duty = a.dutyCycle();
        final NodeIdleStrategy idle = EmbeddedMediaDriver.idleStrategy(aOptions);
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!(ab.isConnected() && ba.isConnected())) {
            idle.idle(invoke(duty));
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("bare Aeron publications did not connect");
            }
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
