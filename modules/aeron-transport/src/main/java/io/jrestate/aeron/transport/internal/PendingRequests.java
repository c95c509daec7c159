package io.jrestate.aeron.transport.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Response;
import io.jrestate.aeron.transport.TransportException;
import io.jrestate.aeron.transport.TransportException.Reason;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests waiting for their response, by correlation id. Callers add from any thread; the agent thread completes
 * them on a response, fails them when they expire, and fails the ones already sent when their peer is lost or
 * restarts (a request still queued is kept: it will go to the new incarnation).
 */
public final class PendingRequests {
    /** One request in flight. */
    public static final class Pending {
        final long correlationId;
        final int nodeId;
        final int messageType;
        final long deadlineNs;
        final CompletableFuture<Response> future = new CompletableFuture<>();
        volatile boolean sent;

        Pending(final long correlationId, final int nodeId, final int messageType, final long deadlineNs) {
            this.correlationId = correlationId;
            this.nodeId = nodeId;
            this.messageType = messageType;
            this.deadlineNs = deadlineNs;
        }

        /**
         * The future the caller holds.
         *
         * @return the future
         */
        public CompletableFuture<Response> future() {
            return future;
        }

        /**
         * The correlation id the request is sent with.
         *
         * @return the id
         */
        public long correlationId() {
            return correlationId;
        }

        void markSent() {
            sent = true;
        }

        boolean isDone() {
            return future.isDone();
        }

        String describe() {
            return "request " + correlationId + " of type " + messageType + " to N" + nodeId;
        }
    }

    private final ConcurrentHashMap<Long, Pending> byCorrelationId = new ConcurrentHashMap<>();
    private final AtomicLong nextCorrelationId;
    private final Counters counters;

    /**
     * Creates the table.
     *
     * @param firstCorrelationId the first id to hand out; random per process, so that a response meant for a
     *     previous process of this node cannot match a new request by accident
     * @param counters where timeouts are counted
     */
    public PendingRequests(final long firstCorrelationId, final Counters counters) {
        this.nextCorrelationId = new AtomicLong(firstCorrelationId);
        this.counters = counters;
    }

    /**
     * Registers a new request.
     *
     * @param nodeId the destination
     * @param messageType the message type
     * @param deadlineNs when it times out, on the transport's nano clock
     * @return the pending request
     */
    public Pending register(final int nodeId, final int messageType, final long deadlineNs) {
        final long id = nextCorrelationId.getAndIncrement();
        final Pending pending = new Pending(id, nodeId, messageType, deadlineNs);
        byCorrelationId.put(id, pending);
        return pending;
    }

    /**
     * The request waiting under a correlation id.
     *
     * @param correlationId the id
     * @return the request, or null when none waits
     */
    public Pending find(final long correlationId) {
        return byCorrelationId.get(correlationId);
    }

    /**
     * Fails one request now, for example when it could not be queued.
     *
     * @param pending the request
     * @param reason the reason
     * @param detail details
     */
    public void fail(final Pending pending, final Reason reason, final String detail) {
        byCorrelationId.remove(pending.correlationId);
        pending.future.completeExceptionally(new TransportException(reason, pending.describe() + ": " + detail));
    }

    /**
     * Completes a request with its response, if it is still waiting and the response came from its destination.
     *
     * @param correlationId the correlation id of the response
     * @param from who answered
     * @param body the response body
     * @return false when nobody waits for that id from that node (late, duplicate or forged)
     */
    public boolean complete(final long correlationId, final GenerationalNodeId from, final byte[] body) {
        final Pending pending = byCorrelationId.get(correlationId);
        if (pending == null || pending.nodeId != from.id() || !byCorrelationId.remove(correlationId, pending)) {
            return false;
        }
        return pending.future.complete(new Response(from, body));
    }

    /**
     * Fails a request with an error answer from its destination.
     *
     * @param correlationId the correlation id
     * @param from who answered
     * @param text the remote error
     * @return false when nobody waits for that id from that node
     */
    public boolean completeWithError(final long correlationId, final GenerationalNodeId from, final String text) {
        final Pending pending = byCorrelationId.get(correlationId);
        if (pending == null || pending.nodeId != from.id()) {
            return false;
        }
        fail(pending, Reason.REMOTE_ERROR, from + " answered: " + text);
        return true;
    }

    /**
     * Fails every request whose deadline has passed, and forgets those whose caller completed or cancelled the
     * future itself.
     *
     * @param nowNs the current time on the transport's nano clock
     */
    public void failExpired(final long nowNs) {
        for (final Pending pending : byCorrelationId.values()) {
            if (pending.isDone()) {
                // The caller completed or cancelled the future itself: stop awaiting an answer nobody reads.
                byCorrelationId.remove(pending.correlationId, pending);
            } else if (nowNs - pending.deadlineNs >= 0) {
                counters.requestsTimedOut.incrementAndGet();
                fail(pending, Reason.TIMEOUT, "no response in time");
            }
        }
    }

    /**
     * Fails the requests already sent to a node, when its link breaks or it restarts.
     *
     * @param nodeId the node
     * @param reason {@link Reason#PEER_LOST} or {@link Reason#PEER_RESTARTED}
     * @param detail details
     */
    public void failSentTo(final int nodeId, final Reason reason, final String detail) {
        for (final Pending pending : byCorrelationId.values()) {
            if (pending.nodeId == nodeId && pending.sent) {
                fail(pending, reason, detail);
            }
        }
    }

    /**
     * Fails everything, when the transport closes.
     *
     * @param detail details
     */
    public void failAll(final String detail) {
        for (final Pending pending : byCorrelationId.values()) {
            fail(pending, Reason.CLOSED, detail);
        }
    }

    /**
     * Whether any request waits for its answer; the agent's idle strategy parks briefly while one does.
     *
     * @return true when at least one request is in flight
     */
    public boolean awaitsAnswers() {
        return !byCorrelationId.isEmpty();
    }

    /**
     * How many requests wait.
     *
     * @return the count
     */
    public int size() {
        return byCorrelationId.size();
    }
}
