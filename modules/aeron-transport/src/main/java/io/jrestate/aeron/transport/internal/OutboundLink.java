package io.jrestate.aeron.transport.internal;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.jrestate.aeron.transport.SendStatus;
import io.jrestate.aeron.transport.TransportException.Reason;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's sending side towards one peer: an Aeron publication to the peer's advertised address, the
 * handshake state, and a bounded FIFO of frames waiting for the session or for room in the publication.
 *
 * <p>Every write to the publication happens under {@link #lock}, by a sending thread or by the agent. That keeps
 * the fragments of a long message together and keeps FIFO order: a sender writes directly only when the session is
 * established and nothing is queued; otherwise its frame joins the queue, which the agent drains in order.
 *
 * <table>
 *   <caption>Link states, driven by the agent</caption>
 *   <tr><th>state</th><th>event</th><th>next</th></tr>
 *   <tr><td>any</td><td>publication not connected</td><td>not established; sent requests fail PEER_LOST</td></tr>
 *   <tr><td>not established</td><td>connected, hello interval elapsed</td><td>send HELLO</td></tr>
 *   <tr><td>not established</td><td>HELLO_ACK for this publication's session</td><td>established</td></tr>
 *   <tr><td>established</td><td>keep-alive interval elapsed</td><td>send HELLO again</td></tr>
 *   <tr><td>any</td><td>peer seen with a newer generation</td><td>not established, HELLO at once</td></tr>
 * </table>
 */
final class OutboundLink implements FrameEncoder.FrameSink {
    /** A frame waiting in the queue, with a private copy of its body. */
    private static final class Queued {
        final byte kind;
        final int messageType;
        final long correlationId;
        final UnsafeBuffer body;
        final long deadlineNs;
        final PendingRequests.Pending pending;
        int resumeAt;

        Queued(final byte kind, final int messageType, final long correlationId, final UnsafeBuffer body,
            final long deadlineNs, final PendingRequests.Pending pending, final int resumeAt) {
            this.kind = kind;
            this.messageType = messageType;
            this.correlationId = correlationId;
            this.body = body;
            this.deadlineNs = deadlineNs;
            this.pending = pending;
            this.resumeAt = resumeAt;
        }
    }

    final int nodeId;
    private final TransportOptions options;
    private final Counters counters;
    private final ReentrantLock lock = new ReentrantLock();
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[FrameFlyweight.FRAGMENT_HEADER_LENGTH]);
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    private volatile InetSocketAddress endpoint;
    private volatile Publication publication;
    private volatile boolean established;
    private volatile int peerGeneration;

    // Agent-only state.
    long nextHelloNs;
    int ackOwedSessionId;
    boolean ackOwed;

    OutboundLink(final int nodeId, final InetSocketAddress endpoint, final TransportOptions options,
        final Counters counters) {
        this.nodeId = nodeId;
        this.endpoint = endpoint;
        this.options = options;
        this.counters = counters;
    }

    /**
     * Sends or queues one message.
     *
     * @return {@link SendStatus#SENT}, {@link SendStatus#QUEUED} or {@link SendStatus#QUEUE_FULL}
     */
    SendStatus send(final byte kind, final int messageType, final long correlationId, final DirectBuffer body,
        final int offset, final int length, final long deadlineNs, final PendingRequests.Pending pending) {
        if (options.faults().dropOutbound(nodeId)) {
            markSent(pending);
            return SendStatus.SENT;
        }
        lock.lock();
        try {
            int resumeAt = 0;
            final Publication pub = publication;
            if (established && queue.isEmpty() && pub != null) {
                resumeAt = FrameEncoder.encode(header, kind, messageType, correlationId, body, offset, length, 0,
                    pub.maxMessageLength(), this);
                if (resumeAt == length) {
                    markSent(pending);
                    return SendStatus.SENT;
                }
            }
            return enqueue(kind, messageType, correlationId, body, offset, length, deadlineNs, pending, resumeAt);
        } finally {
            lock.unlock();
        }
    }

    private SendStatus enqueue(final byte kind, final int messageType, final long correlationId,
        final DirectBuffer body, final int offset, final int length, final long deadlineNs,
        final PendingRequests.Pending pending, final int resumeAt) {
        if (queue.size() >= options.outboundQueueMessagesMax()
            || queuedBytes + length > options.outboundQueueBytesMax()) {
            counters.onQueueFull();
            return SendStatus.QUEUE_FULL;
        }
        final byte[] copy = new byte[length];
        body.getBytes(offset, copy);
        queue.addLast(new Queued(kind, messageType, correlationId, new UnsafeBuffer(copy), deadlineNs, pending,
            resumeAt));
        queuedBytes += length;
        return SendStatus.QUEUED;
    }

    @Override
    public boolean accept(final DirectBuffer hdr, final int headerLength, final DirectBuffer body,
        final int bodyOffset, final int bodyLength) {
        return publication.offer(hdr, 0, headerLength, body, bodyOffset, bodyLength) > 0;
    }

    /** Agent: writes queued frames while the publication takes them. Returns the number of messages written. */
    int drain(final long nowNs, final PendingRequests pendingRequests) {
        if (!established) {
            return 0;
        }
        int written = 0;
        lock.lock();
        try {
            final Publication pub = publication;
            while (!queue.isEmpty() && pub != null) {
                final Queued q = queue.peekFirst();
                if (q.resumeAt == 0 && dropIfStale(q, nowNs, pendingRequests)) {
                    continue;
                }
                final int length = q.body.capacity();
                q.resumeAt = FrameEncoder.encode(header, q.kind, q.messageType, q.correlationId, q.body, 0, length,
                    q.resumeAt, pub.maxMessageLength(), this);
                if (q.resumeAt < length) {
                    break;
                }
                removeFirst();
                markSent(q.pending);
                written++;
            }
        } finally {
            lock.unlock();
        }
        return written;
    }

    private boolean dropIfStale(final Queued q, final long nowNs, final PendingRequests pendingRequests) {
        if (q.pending != null && q.pending.isDone()) {
            removeFirst();
            return true;
        }
        if (nowNs - q.deadlineNs >= 0) {
            removeFirst();
            counters.messagesExpiredInQueue.incrementAndGet();
            if (q.pending != null) {
                pendingRequests.fail(q.pending, Reason.TIMEOUT, "still queued for N" + nodeId + " at its deadline");
            }
            return true;
        }
        return false;
    }

    private void removeFirst() {
        final Queued q = queue.removeFirst();
        queuedBytes -= q.body.capacity();
    }

    /** Agent: sends a control frame (HELLO, HELLO_ACK) ahead of the queue; false when the publication refused. */
    boolean offerControl(final byte kind, final DirectBuffer body, final int length) {
        if (options.faults().dropOutbound(nodeId)) {
            return true;
        }
        lock.lock();
        try {
            final Publication pub = publication;
            if (pub == null) {
                return false;
            }
            FrameFlyweight.encode(header, 0, kind, 0, 0);
            return pub.offer(header, 0, FrameFlyweight.HEADER_LENGTH, body, 0, length) > 0;
        } finally {
            lock.unlock();
        }
    }

    /** Agent: creates the publication if needed (blocking briefly on the driver); returns it. */
    Publication ensurePublication(final Aeron aeron) {
        Publication pub = publication;
        if (pub == null || pub.isClosed()) {
            final InetSocketAddress to = endpoint;
            pub = aeron.addPublication(channel(to, options), options.streamId());
            lock.lock();
            try {
                publication = pub;
            } finally {
                lock.unlock();
            }
        }
        return pub;
    }

    static String channel(final InetSocketAddress to, final TransportOptions options) {
        final String host = to.getAddress().getHostAddress();
        final String printable = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "aeron:udp?endpoint=" + printable + ":" + to.getPort() + "|term-length=" + options.termLengthBytes()
            + "|mtu=" + options.mtuLengthBytes();
    }

    /** Agent: points the link at another address; the publication is recreated on the next duty cycle. */
    void retarget(final InetSocketAddress to) {
        lock.lock();
        try {
            endpoint = to;
            CloseHelper.quietClose(publication);
            publication = null;
            established = false;
            nextHelloNs = 0;
        } finally {
            lock.unlock();
        }
    }

    private static void markSent(final PendingRequests.Pending pending) {
        if (pending != null) {
            pending.markSent();
        }
    }

    InetSocketAddress endpoint() {
        return endpoint;
    }

    Publication publication() {
        return publication;
    }

    boolean established() {
        return established;
    }

    int peerGeneration() {
        return peerGeneration;
    }

    void establish(final int generation) {
        peerGeneration = generation;
        established = true;
    }

    void unestablish() {
        established = false;
        nextHelloNs = 0;
    }

    void close() {
        lock.lock();
        try {
            CloseHelper.quietClose(publication);
            publication = null;
            established = false;
        } finally {
            lock.unlock();
        }
    }
}
