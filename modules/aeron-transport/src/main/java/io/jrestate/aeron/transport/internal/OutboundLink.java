package io.jrestate.aeron.transport.internal;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.jrestate.aeron.transport.SendStatus;
import io.jrestate.aeron.transport.TransportException.Reason;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.util.concurrent.locks.ReentrantLock;

/**
 * This node's sending side towards one peer: an Aeron publication to the peer's advertised address, the
 * handshake state, and a bounded FIFO of frames waiting for the session or for room in the publication: an
 * Agrona {@link ExpandableRingBuffer} of entries laid out as below (native order; in memory only).
 *
 * <pre>
 *   0        1        2                 4                                 8
 *   +--------+--------+-----------------+---------------------------------+
 *   |  kind  |  pad   |  message type   |  resume at (body offset already |
 *   |        |        |                 |  written, for fragmented bodies)|
 *   +--------+--------+-----------------+---------------------------------+
 *   |  correlation id (i64)                                              |  8
 *   +--------------------------------------------------------------------+
 *   |  deadline (i64, transport nano clock)                              |  16
 *   +--------------------------------------------------------------------+
 *   |  body ...                                                          |  24
 * </pre>
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
    private static final int KIND_OFFSET = 0;
    private static final int TYPE_OFFSET = 2;
    private static final int RESUME_AT_OFFSET = 4;
    private static final int CORRELATION_OFFSET = 8;
    private static final int DEADLINE_OFFSET = 16;
    private static final int ENTRY_HEADER_LENGTH = 24;
    private static final int QUEUE_INITIAL_BYTES = 64 * 1024;

    /**
     * The deadline of a one-way message: {@link TransportOptions#outboundQueueTimeoutNs()} from the moment it is
     * queued, read from the clock only then (a frame written at once never reads it).
     */
    static final long DEADLINE_QUEUE_TIMEOUT = Long.MIN_VALUE;

    final int nodeId;
    private final TransportOptions options;
    private final NanoClock clock;
    private final Counters counters;
    private final PendingRequests pendingRequests;
    private final ReentrantLock lock = new ReentrantLock();
    private final UnsafeBuffer header = new UnsafeBuffer(new byte[FrameFlyweight.FRAGMENT_HEADER_LENGTH]);
    private final ExpandableRingBuffer queue;
    private final ExpandableArrayBuffer entry = new ExpandableArrayBuffer(1024);
    private final BufferClaim claim = new BufferClaim();
    private final ExpandableRingBuffer.MessageConsumer drainer = this::drainOne;
    private int queuedMessages;
    private long drainNowNs;
    private int drainedMessages;
    private volatile InetSocketAddress endpoint;
    private volatile Publication publication;
    private volatile boolean established;
    private volatile int peerGeneration;

    // Agent-only state.
    long nextHelloNs;
    int ackOwedSessionId;
    boolean ackOwed;

    OutboundLink(final int nodeId, final InetSocketAddress endpoint, final TransportOptions options,
        final NanoClock clock, final Counters counters, final PendingRequests pendingRequests) {
        this.nodeId = nodeId;
        this.clock = clock;
        this.endpoint = endpoint;
        this.options = options;
        this.counters = counters;
        this.pendingRequests = pendingRequests;
        final long wanted = options.outboundQueueBytesMax() + (long) options.outboundQueueMessagesMax()
            * (ENTRY_HEADER_LENGTH + ExpandableRingBuffer.HEADER_LENGTH + ExpandableRingBuffer.HEADER_ALIGNMENT);
        final int max = (int) Math.min(ExpandableRingBuffer.MAX_CAPACITY, Long.highestOneBit(wanted - 1) << 1);
        this.queue = new ExpandableRingBuffer(Math.min(QUEUE_INITIAL_BYTES, max), max, false);
    }

    /**
     * Sends or queues one message. A sender that finds frames queued first helps to write them, so the queue only
     * holds what the publication cannot take right now.
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
            if (established && pub != null) {
                if (queuedMessages > 0) {
                    drainLocked(clock.nanoTime());
                }
                if (queuedMessages == 0) {
                    if (FrameFlyweight.HEADER_LENGTH + length <= pub.maxPayloadLength()) {
                        if (claimAndWrite(pub, kind, messageType, correlationId, body, offset, length)) {
                            markSent(pending);
                            return SendStatus.SENT;
                        }
                        return enqueue(kind, messageType, correlationId, body, offset, length, deadlineNs, 0);
                    }
                    resumeAt = FrameEncoder.encode(header, kind, messageType, correlationId, body, offset, length,
                        0, pub.maxMessageLength(), this);
                    if (resumeAt == length) {
                        markSent(pending);
                        return SendStatus.SENT;
                    }
                }
            }
            return enqueue(kind, messageType, correlationId, body, offset, length, deadlineNs, resumeAt);
        } finally {
            lock.unlock();
        }
    }

    private SendStatus enqueue(final byte kind, final int messageType, final long correlationId,
        final DirectBuffer body, final int offset, final int length, final long deadlineNs, final int resumeAt) {
        if (queuedMessages >= options.outboundQueueMessagesMax()
            || queue.size() + (long) length > options.outboundQueueBytesMax()) {
            counters.onQueueFull();
            return SendStatus.QUEUE_FULL;
        }
        entry.putByte(KIND_OFFSET, kind);
        entry.putShort(TYPE_OFFSET, (short) messageType);
        entry.putInt(RESUME_AT_OFFSET, resumeAt);
        entry.putLong(CORRELATION_OFFSET, correlationId);
        entry.putLong(DEADLINE_OFFSET, deadlineNs == DEADLINE_QUEUE_TIMEOUT
            ? clock.nanoTime() + options.outboundQueueTimeoutNs() : deadlineNs);
        entry.putBytes(ENTRY_HEADER_LENGTH, body, offset, length);
        if (!queue.append(entry, 0, ENTRY_HEADER_LENGTH + length)) {
            counters.onQueueFull();
            return SendStatus.QUEUE_FULL;
        }
        queuedMessages++;
        return SendStatus.QUEUED;
    }

    /**
     * Writes a frame that fits in one Aeron frame straight into the publication's term (one copy, no gathering
     * offer); false when the publication cannot take it now.
     */
    private boolean claimAndWrite(final Publication pub, final byte kind, final int messageType,
        final long correlationId, final DirectBuffer body, final int offset, final int length) {
        final int frameLength = FrameFlyweight.HEADER_LENGTH + length;
        long result = pub.tryClaim(frameLength, claim);
        if (result == Publication.ADMIN_ACTION) {
            result = pub.tryClaim(frameLength, claim);
        }
        if (result <= 0) {
            return false;
        }
        final MutableDirectBuffer term = claim.buffer();
        final int at = claim.offset();
        FrameFlyweight.encode(term, at, kind, messageType, correlationId);
        term.putBytes(at + FrameFlyweight.HEADER_LENGTH, body, offset, length);
        claim.commit();
        return true;
    }

    @Override
    public boolean accept(final DirectBuffer hdr, final int headerLength, final DirectBuffer body,
        final int bodyOffset, final int bodyLength) {
        long result = publication.offer(hdr, 0, headerLength, body, bodyOffset, bodyLength);
        if (result == Publication.ADMIN_ACTION) {
            // The term rotated under this offer; Aeron asks for an immediate retry, which is cheaper than queueing.
            result = publication.offer(hdr, 0, headerLength, body, bodyOffset, bodyLength);
        }
        return result > 0;
    }

    /**
     * Agent: writes queued frames while the publication takes them. When a sending thread holds the link it is
     * writing them itself, so the agent does not wait for it.
     *
     * @return the number of messages written
     */
    int drain(final long nowNs) {
        if (!established || queuedMessages == 0 || !lock.tryLock()) {
            return 0;
        }
        try {
            return drainLocked(nowNs);
        } finally {
            lock.unlock();
        }
    }

    private int drainLocked(final long nowNs) {
        if (publication == null) {
            return 0;
        }
        drainNowNs = nowNs;
        drainedMessages = 0;
        queue.consume(drainer, Integer.MAX_VALUE);
        return drainedMessages;
    }

    private boolean drainOne(final MutableDirectBuffer buffer, final int offset, final int length,
        final int headOffset) {
        final byte kind = buffer.getByte(offset + KIND_OFFSET);
        final int messageType = buffer.getShort(offset + TYPE_OFFSET) & 0xFFFF;
        final long correlationId = buffer.getLong(offset + CORRELATION_OFFSET);
        final int resumeAt = buffer.getInt(offset + RESUME_AT_OFFSET);
        final PendingRequests.Pending pending = kind == FrameFlyweight.REQUEST
            ? pendingRequests.find(correlationId) : null;
        if (resumeAt == 0 && isStale(kind, pending, buffer.getLong(offset + DEADLINE_OFFSET))) {
            queuedMessages--;
            return true;
        }
        final int bodyLength = length - ENTRY_HEADER_LENGTH;
        final int done = FrameEncoder.encode(header, kind, messageType, correlationId, buffer,
            offset + ENTRY_HEADER_LENGTH, bodyLength, resumeAt, publication.maxMessageLength(), this);
        if (done < bodyLength) {
            buffer.putInt(offset + RESUME_AT_OFFSET, done);
            return false;
        }
        markSent(pending);
        queuedMessages--;
        drainedMessages++;
        return true;
    }

    private boolean isStale(final byte kind, final PendingRequests.Pending pending, final long deadlineNs) {
        if (kind == FrameFlyweight.REQUEST && (pending == null || pending.isDone())) {
            return true;
        }
        if (drainNowNs - deadlineNs >= 0) {
            counters.messagesExpiredInQueue.incrementAndGet();
            if (pending != null) {
                pendingRequests.fail(pending, Reason.TIMEOUT, "still queued for N" + nodeId + " at its deadline");
            }
            return true;
        }
        return false;
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

    /** The session ended: the next one is a new image at the peer, so a half-written message restarts whole. */
    void unestablish() {
        lock.lock();
        try {
            established = false;
            nextHelloNs = 0;
            queue.forEach((buffer, offset, length, headOffset) -> {
                buffer.putInt(offset + RESUME_AT_OFFSET, 0);
                return false;
            }, Integer.MAX_VALUE);
        } finally {
            lock.unlock();
        }
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
