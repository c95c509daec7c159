package io.jrestate.metadata.raft.internal.node;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.internal.client.MetadataMember;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one {@link RaftNode} on its own thread: commands (client requests, peer messages) arrive through a bounded
 * queue, and the node ticks at a fixed interval. The thread sleeps in the queue's timed poll between ticks, so an
 * idle node costs no CPU beyond one wake-up per tick.
 *
 * <pre>
 *   submit()/deliver() --offer--> [bounded queue] --poll(until next tick)--> RaftNode (one thread)
 *                                                                            |-- tick() every tickNs
 * </pre>
 *
 * Answers complete on the node's thread; callers must not block in their continuations.
 */
public final class RaftNodeRunner implements MetadataMember, AutoCloseable {
    private static final int COMMANDS_PER_WAKEUP_MAX = 256;
    private static final long JOIN_TIMEOUT_MS = 5_000;

    private final RaftNode node;
    private final ArrayBlockingQueue<Runnable> commands;
    private final long tickNs;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts the node's thread.
     *
     * @param name the thread name
     * @param node the node (handed over: only the runner's thread touches it from now on)
     * @param tickNs the tick interval ({@code raft-tick-interval}, 100 ms)
     * @param queueCapacity commands waiting at most ({@code request-queue-length} plus room for peer messages)
     */
    public RaftNodeRunner(final String name, final RaftNode node, final long tickNs, final int queueCapacity) {
        Verify.argument(tickNs > 0, "tick interval must be > 0 ns, was " + tickNs);
        Verify.argument(queueCapacity >= 1, "queue capacity must be >= 1, was " + queueCapacity);
        this.node = node;
        this.tickNs = tickNs;
        this.commands = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this::loop);
        thread.start();
    }

    private void loop() {
        long nextTickNs = System.nanoTime() + tickNs;
        while (running) {
            final long nowNs = System.nanoTime();
            if (nowNs - nextTickNs >= 0) {
                node.tick();
                nextTickNs = Math.max(nextTickNs + tickNs, nowNs);
                continue;
            }
            final Runnable command;
            try {
                command = commands.poll(nextTickNs - nowNs, TimeUnit.NANOSECONDS);
            } catch (final InterruptedException e) {
                break;
            }
            if (command != null) {
                node.batch(() -> runQueued(command));
            }
        }
        Runnable left;
        while ((left = commands.poll()) != null) {
            left.run();
        }
    }

    /** Runs {@code first} and whatever else is queued (bounded), as one batch of the node. */
    private void runQueued(final Runnable first) {
        first.run();
        for (int i = 1; i < COMMANDS_PER_WAKEUP_MAX; i++) {
            final Runnable more = commands.poll();
            if (more == null) {
                break;
            }
            more.run();
        }
    }

    /**
     * Sends a client request to the node.
     *
     * @param request the request
     * @return the answer; {@link MetadataResponse.Busy} when the queue is full or the runner stopped
     */
    @Override
    public CompletableFuture<MetadataResponse> submit(final MetadataRequest request) {
        final CompletableFuture<MetadataResponse> answer = new CompletableFuture<>();
        final boolean queued = running && commands.offer(() -> {
            if (running) {
                node.submit(request, answer::complete);
            } else {
                answer.complete(new MetadataResponse.Busy("metadata server node " + node.id() + " is stopping"));
            }
        });
        if (!queued) {
            answer.complete(new MetadataResponse.Busy(running ? "metadata server node " + node.id()
                + " request queue is full (" + commands.size() + " waiting)" : "metadata server node " + node.id()
                + " is stopped"));
        }
        return answer;
    }

    /**
     * Hands a peer's message to the node (dropped when the queue is full: Raft retries).
     *
     * @param message the message
     * @return whether it was queued
     */
    public boolean deliver(final Message message) {
        return running && commands.offer(() -> node.receive(message));
    }

    /**
     * Runs a task on the node's thread between two batches (nothing else touches the node meanwhile); for the
     * node's online backup, which captures the applied state and holds the thread for the cut.
     *
     * @param task receives the node
     * @return whether the task was queued (false when the queue is full or the runner stopped)
     */
    public boolean execute(final Consumer<RaftNode> task) {
        return running && commands.offer(() -> task.accept(node));
    }

    @Override
    public long nodeId() {
        return node.id();
    }

    /**
     * Stops the thread; requests still queued are answered busy, answers pending inside the node never come (the
     * client's timeout reports them).
     */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(JOIN_TIMEOUT_MS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
