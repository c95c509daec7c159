package io.jrestate.aeron.transport.internal;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.Header;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.MessageHandler;
import io.jrestate.aeron.transport.RequestHandler;
import io.jrestate.aeron.transport.SendStatus;
import io.jrestate.aeron.transport.TransportException.Reason;
import io.jrestate.aeron.transport.TransportOptions;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The transport's duty cycle, run by one agent thread: polls the node's subscription, decodes and dispatches frames,
 * runs the handshakes, drains the per-peer queues and expires requests.
 *
 * <pre>
 *   senders (any thread) --offer--> OutboundLink --Aeron UDP--> peer's subscription
 *                                      ^  | queue                  |
 *          HELLO / HELLO_ACK / drain   |  v                        v
 *   [TransportAgent] --poll--> InboundDecoder --> PeerSessions --> handlers / PendingRequests
 * </pre>
 */
public final class TransportAgent implements Agent, InboundDecoder.Listener {
    private static final System.Logger LOG = System.getLogger(TransportAgent.class.getName());
    private static final int FRAGMENT_LIMIT = 64;
    private static final int CLOSED_SESSIONS_CAPACITY = 1024;
    private static final long LOG_INTERVAL_NS = 10_000_000_000L;
    private static final long HOUSEKEEPING_INTERVAL_NS = 1_000_000L;
    private static final int LINKS_BY_ID_MAX = 4096;

    /** The deadline argument of {@link #send} for a one-way frame: the outbound queue timeout once queued. */
    public static final long QUEUE_TIMEOUT = OutboundLink.DEADLINE_QUEUE_TIMEOUT;

    private final TransportOptions options;
    private final Aeron aeron;
    private final NanoClock clock;
    private final Counters counters;
    private final PendingRequests pending;
    private final Handlers handlers = new Handlers();
    private final PeerSessions sessions;
    private final InboundDecoder decoder;
    private final Subscription subscription;
    private final FragmentAssembler assembler;
    private final ConcurrentHashMap<Integer, OutboundLink> links = new ConcurrentHashMap<>();
    // The duty cycle walks this copy-on-write array, not the map: no iterator allocated per cycle.
    private volatile OutboundLink[] linkArray = new OutboundLink[0];
    // The same links indexed by node id (ids below LINKS_BY_ID_MAX), copy-on-write: no boxing, no hashing per send.
    private volatile OutboundLink[] linksById = new OutboundLink[0];
    private final java.util.function.Consumer<Integer> onClosedSession = this::closeSession;
    private final ManyToOneConcurrentArrayQueue<Integer> closedSessions =
        new ManyToOneConcurrentArrayQueue<>(CLOSED_SESSIONS_CAPACITY);
    private final Rejecter rejecter;
    private final Probes probes;
    private final UnsafeBuffer helloBody = new UnsafeBuffer(new byte[HelloCodec.LENGTH_MAX]);
    // Ends the agent thread's idle park; other threads call it after handing the agent work (wakeAgent).
    private final Runnable waker;
    private volatile Thread agentThread;
    private long lastHousekeepingNs;
    private long lastMalformedLogNs;
    private long lastRejectLogNs;
    private int currentSessionId;

    /**
     * Creates the agent and its subscription on the node's bind address.
     *
     * @param options the node's options
     * @param aeron the Aeron client of the node's driver
     * @param clock the nano clock for deadlines
     * @param pending the table of requests in flight
     * @param counters the counters
     * @param waker ends the agent thread's idle park at once (called from other threads only)
     */
    public TransportAgent(final TransportOptions options, final Aeron aeron, final NanoClock clock,
        final PendingRequests pending, final Counters counters, final Runnable waker) {
        this.options = options;
        this.waker = waker;
        this.aeron = aeron;
        this.clock = clock;
        this.pending = pending;
        this.counters = counters;
        this.sessions = new PeerSessions(options.identity());
        this.decoder = new InboundDecoder(options.messageLengthMaxBytes(), this);
        this.rejecter = new Rejecter(aeron, options);
        this.probes = new Probes(aeron, options);
        this.assembler = new FragmentAssembler(this::onFragment);
        this.lastMalformedLogNs = clock.nanoTime() - LOG_INTERVAL_NS;
        this.lastRejectLogNs = lastMalformedLogNs;
        this.subscription = aeron.addSubscription(subscriptionChannel(options), options.streamId(),
            image -> { }, this::onUnavailableImage);
    }

    static String subscriptionChannel(final TransportOptions options) {
        final String host = options.bindAddress().getAddress().getHostAddress();
        final String printable = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return "aeron:udp?endpoint=" + printable + ":" + options.bindAddress().getPort();
    }

    @Override
    public String roleName() {
        return "jrestate-transport-" + options.identity().nodeId();
    }

    @Override
    public void onStart() {
        agentThread = Thread.currentThread();
    }

    /**
     * A frame written to a publication goes out only when this node's media driver runs, on the agent thread, and
     * a queued frame waits for the agent: a caller on another thread wakes the agent rather than letting the
     * frame wait for the end of an idle park (up to {@link TransportOptions#idleParkMaxNs()}).
     */
    private void wakeAgent() {
        if (Thread.currentThread() != agentThread) {
            waker.run();
        }
    }

    private SendStatus wakeAfter(final SendStatus status) {
        if (status == SendStatus.SENT || status == SendStatus.QUEUED) {
            wakeAgent();
        }
        return status;
    }

    @Override
    public int doWork() {
        final long nowNs = clock.nanoTime();
        int work = drainClosedSessions();
        work += subscription.poll(assembler, FRAGMENT_LIMIT);
        final boolean housekeeping = nowNs - lastHousekeepingNs >= HOUSEKEEPING_INTERVAL_NS;
        if (housekeeping) {
            lastHousekeepingNs = nowNs;
            pending.failExpired(nowNs);
            if (!probes.isEmpty()) {
                work += probes.tick(nowNs, helloBody, encodeHello(0));
            }
        }
        for (final OutboundLink link : linkArray) {
            work += housekeeping ? tickLink(link, nowNs) : link.drain(nowNs);
        }
        return work;
    }

    /**
     * Whether nothing this node expects can arrive: no peer link, no probe, no inbound image on the subscription
     * (a node that sends to us first shows up as an image) and no closed session to clean up. Then the idle
     * strategy may park longer than {@link TransportOptions#idleParkMaxNs()}. Agent thread only.
     *
     * @return true while the node talks to nobody
     */
    public boolean quiet() {
        return linkArray.length == 0 && probes.isEmpty() && subscription.imageCount() == 0
            && closedSessions.isEmpty();
    }

    private int tickLink(final OutboundLink link, final long nowNs) {
        final var pub = link.ensurePublication(aeron);
        if (!pub.isConnected()) {
            if (link.established()) {
                link.unestablish();
                LOG.log(Level.INFO, "{0}: link to N{1} at {2} lost", options.identity().nodeId(), link.nodeId,
                    link.endpoint());
                pending.failSentTo(link.nodeId, Reason.PEER_LOST, "link to N" + link.nodeId + " lost");
            }
            return 0;
        }
        int work = 0;
        if (link.ackOwed
            && link.offerControl(FrameFlyweight.HELLO_ACK, helloBody, encodeHello(link.ackOwedSessionId))) {
            link.ackOwed = false;
            work++;
        }
        if (nowNs - link.nextHelloNs >= 0) {
            if (link.offerControl(FrameFlyweight.HELLO, helloBody, encodeHello(0))) {
                work++;
            }
            link.nextHelloNs = nowNs + (link.established() ? options.peerTimeoutNs() / 2 : options.helloIntervalNs());
        }
        return work + link.drain(nowNs);
    }

    private int encodeHello(final int ackedSessionId) {
        final InetSocketAddress advertised = options.advertisedAddress();
        return new HelloCodec(options.identity(), advertised.getAddress().getHostAddress(), advertised.getPort(),
            ackedSessionId).encode(helloBody, 0);
    }

    private void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header) {
        currentSessionId = header.sessionId();
        try {
            decoder.decode(currentSessionId, buffer, offset, length);
        } catch (final MalformedFrameException e) {
            counters.framesMalformed.incrementAndGet();
            final long nowNs = clock.nanoTime();
            if (nowNs - lastMalformedLogNs >= LOG_INTERVAL_NS) {
                lastMalformedLogNs = nowNs;
                LOG.log(Level.WARNING, "{0}: dropped a malformed frame from session {1} ({2}): {3}",
                    options.identity().nodeId(), currentSessionId, header.context(), e.getMessage());
            }
        }
    }

    private void onUnavailableImage(final Image image) {
        // Called on the Aeron client conductor's thread: hand the session over to the agent thread.
        if (!closedSessions.offer(image.sessionId())) {
            LOG.log(Level.WARNING, "closed-session queue full; session {0} stays bound until reused",
                image.sessionId());
        }
    }

    private int drainClosedSessions() {
        return closedSessions.isEmpty() ? 0 : closedSessions.drain(onClosedSession);
    }

    private void closeSession(final Integer sessionId) {
        sessions.close(sessionId);
        decoder.onSessionClosed(sessionId);
        rejecter.forget(sessionId);
    }

    private OutboundLink newLink(final int nodeId, final InetSocketAddress endpoint) {
        final OutboundLink link = new OutboundLink(nodeId, endpoint, options, clock, counters, pending);
        synchronized (links) {
            final OutboundLink[] grown = java.util.Arrays.copyOf(linkArray, linkArray.length + 1);
            grown[grown.length - 1] = link;
            linkArray = grown;
            if (nodeId < LINKS_BY_ID_MAX) {
                final OutboundLink[] byId = java.util.Arrays.copyOf(linksById, Math.max(linksById.length,
                    nodeId + 1));
                byId[nodeId] = link;
                linksById = byId;
            }
        }
        return link;
    }

    @Override
    public void onHello(final int sessionId, final HelloCodec hello) {
        if (acceptHandshake(sessionId, hello)) {
            final OutboundLink link = links.get(hello.identity().nodeId().id());
            link.ackOwed = true;
            link.ackOwedSessionId = sessionId;
        }
    }

    @Override
    public void onHelloAck(final int sessionId, final HelloCodec hello) {
        if (acceptHandshake(sessionId, hello)) {
            final GenerationalNodeId peer = hello.identity().nodeId();
            probes.onAck(hello.ackedSessionId(), peer);
            final OutboundLink link = links.get(peer.id());
            final var pub = link.publication();
            if (pub != null && hello.ackedSessionId() == pub.sessionId() && !link.established()) {
                link.establish(peer.generation());
                LOG.log(Level.DEBUG, "{0}: session with {1} established", options.identity().nodeId(), peer);
            }
        }
    }

    private boolean acceptHandshake(final int sessionId, final HelloCodec hello) {
        final GenerationalNodeId peer = hello.identity().nodeId();
        if (options.faults().dropInbound(peer.id())) {
            return false;
        }
        final PeerSessions.Refusal refusal = sessions.check(hello.identity());
        if (refusal != null) {
            refuse(sessionId, hello, refusal);
            return false;
        }
        final int restartedFrom = sessions.accept(sessionId, peer);
        final InetSocketAddress endpoint = new InetSocketAddress(hello.advertisedHost(), hello.advertisedPort());
        final OutboundLink link = links.computeIfAbsent(peer.id(), id -> newLink(id, endpoint));
        if (!link.endpoint().equals(endpoint)) {
            LOG.log(Level.INFO, "{0}: {1} moved from {2} to {3}", options.identity().nodeId(), peer, link.endpoint(),
                endpoint);
            link.retarget(endpoint);
        }
        if (restartedFrom != 0) {
            LOG.log(Level.INFO, "{0}: N{1} restarted, generation {2} -> {3}", options.identity().nodeId(), peer.id(),
                restartedFrom, peer.generation());
            link.unestablish();
            pending.failSentTo(peer.id(), Reason.PEER_RESTARTED, "N" + peer.id() + " restarted as " + peer);
        }
        return true;
    }

    private void refuse(final int sessionId, final HelloCodec hello, final PeerSessions.Refusal refusal) {
        counters.handshakesRefused.incrementAndGet();
        final String text = options.identity() + " refused handshake from " + hello.identity() + " at "
            + hello.advertisedHost() + ":" + hello.advertisedPort() + ": " + refusal.reason();
        if (rejecter.firstRefusal(sessionId)) {
            LOG.log(Level.WARNING, text);
        }
        rejecter.reject(sessionId, hello, new ErrorCodec(refusal.code(), text));
    }

    @Override
    public void onReject(final int sessionId, final ErrorCodec error) {
        counters.rejectsReceived.incrementAndGet();
        final long nowNs = clock.nanoTime();
        if (nowNs - lastRejectLogNs >= LOG_INTERVAL_NS) {
            lastRejectLogNs = nowNs;
            LOG.log(Level.WARNING, "{0}: a peer refused our handshake (code {1}): {2}", options.identity().nodeId(),
                error.code(), error.text());
        }
    }

    @Override
    public void onData(final int sessionId, final byte kind, final int messageType, final long correlationId,
        final DirectBuffer buffer, final int offset, final int length) {
        final GenerationalNodeId from = sessions.peerOf(sessionId);
        if (from == null) {
            counters.framesFromUnknownSessions.incrementAndGet();
            return;
        }
        if (options.faults().dropInbound(from.id())) {
            return;
        }
        switch (kind) {
            case FrameFlyweight.MESSAGE -> dispatchMessage(from, messageType, buffer, offset, length);
            case FrameFlyweight.REQUEST -> dispatchRequest(from, messageType, correlationId, buffer, offset, length);
            case FrameFlyweight.RESPONSE -> {
                final byte[] body = new byte[length];
                buffer.getBytes(offset, body);
                pending.complete(correlationId, from, body);
            }
            default -> pending.completeWithError(correlationId, from, ErrorCodec.decode(buffer, offset, length).text());
        }
    }

    private void dispatchMessage(final GenerationalNodeId from, final int messageType, final DirectBuffer buffer,
        final int offset, final int length) {
        final MessageHandler handler = handlers.messageHandler(messageType);
        if (handler == null) {
            counters.messagesWithoutHandler.incrementAndGet();
            return;
        }
        try {
            handler.onMessage(from, messageType, buffer, offset, length);
        } catch (final RuntimeException e) {
            LOG.log(Level.WARNING, "handler of message type " + messageType + " from " + from + " failed", e);
        }
    }

    private void dispatchRequest(final GenerationalNodeId from, final int messageType, final long correlationId,
        final DirectBuffer buffer, final int offset, final int length) {
        final LinkResponder responder = new LinkResponder(this, from, messageType, correlationId);
        final RequestHandler handler = handlers.requestHandler(messageType);
        if (handler == null) {
            responder.failWithCode(ErrorCodec.CODE_NO_HANDLER, options.identity().nodeId()
                + " has no handler for request type " + messageType);
            return;
        }
        try {
            handler.onRequest(from, messageType, buffer, offset, length, responder);
        } catch (final RuntimeException e) {
            LOG.log(Level.WARNING, "handler of request type " + messageType + " from " + from + " failed", e);
            responder.fail("handler failed: " + e);
        }
    }

    SendStatus sendResponse(final GenerationalNodeId requester, final byte kind, final int messageType,
        final long correlationId, final DirectBuffer buffer, final int offset, final int length) {
        final OutboundLink link = linkOf(requester.id());
        if (link == null || link.established() && link.peerGeneration() != requester.generation()) {
            return SendStatus.DISCARDED;
        }
        return wakeAfter(link.send(kind, messageType, correlationId, buffer, offset, length,
            OutboundLink.DEADLINE_QUEUE_TIMEOUT, null));
    }

    /**
     * The link to a node, or null when the node is unknown.
     *
     * @param nodeId the plain node id
     * @return the link
     */
    OutboundLink link(final int nodeId) {
        return linkOf(nodeId);
    }

    // The send path's lookup: an array read for the usual small node ids, the map for the rest.
    private OutboundLink linkOf(final int nodeId) {
        final OutboundLink[] byId = linksById;
        return nodeId >= 0 && nodeId < byId.length ? byId[nodeId] : links.get(nodeId);
    }

    /**
     * Adds or moves a peer; any thread.
     *
     * @param nodeId the plain node id
     * @param address its advertised address
     */
    public void addPeer(final int nodeId, final InetSocketAddress address) {
        final OutboundLink link = links.computeIfAbsent(nodeId, id -> newLink(id, address));
        if (!link.endpoint().equals(address)) {
            link.retarget(address);
        }
        wakeAgent();
    }

    /**
     * Handshakes with an address whose node id is not known; any thread.
     *
     * @param address the advertised address of some node
     * @return the node found there, which is then a peer
     */
    public CompletableFuture<GenerationalNodeId> probe(final InetSocketAddress address) {
        final CompletableFuture<GenerationalNodeId> found = probes.probe(address);
        wakeAgent();
        return found;
    }

    /**
     * Sends a frame to a node; any thread.
     *
     * @param deadlineNs when a queued frame expires (a request's deadline), or {@link #QUEUE_TIMEOUT}
     * @return the status
     */
    public SendStatus send(final int nodeId, final byte kind, final int messageType, final long correlationId,
        final DirectBuffer buffer, final int offset, final int length, final long deadlineNs,
        final PendingRequests.Pending request) {
        final OutboundLink link = linkOf(nodeId);
        if (link == null) {
            return SendStatus.UNKNOWN_PEER;
        }
        return wakeAfter(link.send(kind, messageType, correlationId, buffer, offset, length, deadlineNs, request));
    }

    /**
     * The generational id of an established peer, or null.
     *
     * @param nodeId the plain node id
     * @return the peer, or null
     */
    public GenerationalNodeId connectedPeer(final int nodeId) {
        final OutboundLink link = links.get(nodeId);
        return link != null && link.established() ? new GenerationalNodeId(nodeId, link.peerGeneration()) : null;
    }

    /**
     * The handler registry.
     *
     * @return the registry
     */
    Handlers handlers() {
        return handlers;
    }

    /**
     * Registers a one-way handler.
     *
     * @param messageType the type
     * @param handler the handler
     */
    public void handle(final int messageType, final MessageHandler handler) {
        handlers.handle(messageType, handler);
    }

    /**
     * Registers a request handler.
     *
     * @param messageType the type
     * @param handler the handler
     */
    public void serve(final int messageType, final RequestHandler handler) {
        handlers.serve(messageType, handler);
    }

    @Override
    public void onClose() {
        final Collection<OutboundLink> all = links.values();
        all.forEach(OutboundLink::close);
        rejecter.close();
        probes.close();
        CloseHelper.quietClose(subscription);
    }
}
