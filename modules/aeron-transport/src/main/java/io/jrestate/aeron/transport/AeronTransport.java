package io.jrestate.aeron.transport;

import io.jrestate.aeron.transport.TransportException.Reason;
import io.jrestate.aeron.transport.internal.Counters;
import io.jrestate.aeron.transport.internal.FrameFlyweight;
import io.jrestate.aeron.transport.internal.PendingRequests;
import io.jrestate.aeron.transport.internal.TransportAgent;
import io.jrestate.common.Verify;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The {@link Transport} over Aeron UDP: an embedded media driver, one subscription on the node's bind address, one
 * publication per peer, and one agent thread that runs the duty cycles of the media driver, of the Aeron client
 * conductor and of the transport in turn. A node therefore runs a single thread for messaging, which backs off to
 * sleeping when idle.
 *
 * <pre>
 *   node A                                           node B
 *   +-----------------------------+                  +-----------------------------+
 *   | send/request (any thread)   |                  |  handlers (agent thread)    |
 *   |   -> OutboundLink(B) -------+--- UDP :5122 --->+-> subscription -> decoder   |
 *   |   &lt;- subscription &lt;---------+&lt;-- UDP :5122 ----+-- OutboundLink(A) &lt;- respond |
 *   | media driver (INVOKER)      |                  | media driver (INVOKER)      |
 *   +-----------------------------+                  +-----------------------------+
 * </pre>
 *
 * <p>Session establishment: each side sends {@code HELLO} (cluster name, fingerprint, generational node id,
 * advertised address) on its publication until the other side answers {@code HELLO_ACK} naming that publication's
 * Aeron session. Data frames on a session without an accepted handshake are dropped. A peer of another cluster, a
 * node claiming this node's id, or an older generation of a known node is refused with a {@code REJECT}, and both
 * identities are logged.
 */
public final class AeronTransport implements Transport {
    private static final System.Logger LOG = System.getLogger(AeronTransport.class.getName());

    private final TransportOptions options;
    private final EmbeddedMediaDriver driver;
    private final NanoClock clock;
    private final Counters counters;
    private final PendingRequests pending;
    private final TransportAgent agent;
    private final AgentRunner runner;
    private volatile boolean closed;

    private AeronTransport(final TransportOptions options, final EmbeddedMediaDriver driver) {
        this.options = options;
        this.driver = driver;
        this.clock = SystemNanoClock.INSTANCE;
        this.counters = new Counters();
        this.pending = new PendingRequests(ThreadLocalRandom.current().nextLong() >>> 1, counters);
        // The agent is created after its idle strategy (it needs the strategy's wake); the strategy asks it
        // whether the node is quiet only from the agent thread, which starts after the constructor.
        final NodeIdleStrategy idle = EmbeddedMediaDriver.idleStrategy(options, pending::awaitsAnswers,
            this::agentQuiet);
        this.agent = new TransportAgent(options, driver.aeron(), clock, pending, counters, idle::wake);
        this.runner = new AgentRunner(idle,
            e -> LOG.log(Level.ERROR, "transport agent of " + options.identity() + " failed", e), null,
            new CompositeAgent(driver.dutyCycle(), agent));
    }

    private boolean agentQuiet() {
        return agent.quiet();
    }

    /**
     * Launches the node's media driver and starts the transport.
     *
     * @param options the node's options
     * @return the running transport
     */
    public static AeronTransport start(final TransportOptions options) {
        final EmbeddedMediaDriver driver = EmbeddedMediaDriver.launch(options);
        try {
            final AeronTransport transport = new AeronTransport(options, driver);
            AgentRunner.startOnThread(transport.runner);
            LOG.log(Level.INFO, "{0} listening on UDP {1}, advertised as {2}, driver in {3}", options.identity(),
                options.bindAddress(), options.advertisedAddress(), driver.directory());
            return transport;
        } catch (final RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    @Override
    public NodeIdentity identity() {
        return options.identity();
    }

    @Override
    public void addPeer(final int nodeId, final InetSocketAddress address) {
        Verify.argument(nodeId >= 1, "peer node id must be at least 1, got " + nodeId);
        Verify.argument(nodeId != options.identity().nodeId().id(), "peer N" + nodeId + " is this node itself");
        Verify.argument(address != null && !address.isUnresolved(), "peer N" + nodeId + " address "
            + address + " must be resolved");
        agent.addPeer(nodeId, address);
    }

    @Override
    public CompletableFuture<GenerationalNodeId> probe(final InetSocketAddress address) {
        Verify.argument(address != null && !address.isUnresolved(), "probe address " + address + " must be resolved");
        return agent.probe(address);
    }

    @Override
    public Optional<GenerationalNodeId> connectedPeer(final int nodeId) {
        return Optional.ofNullable(agent.connectedPeer(nodeId));
    }

    @Override
    public SendStatus send(final int nodeId, final int messageType, final DirectBuffer buffer, final int offset,
        final int length) {
        checkMessage(messageType, length);
        if (closed) {
            return SendStatus.CLOSED;
        }
        return agent.send(nodeId, FrameFlyweight.MESSAGE, messageType, 0, buffer, offset, length,
            TransportAgent.QUEUE_TIMEOUT, null);
    }

    @Override
    public CompletableFuture<Response> request(final int nodeId, final int messageType, final DirectBuffer buffer,
        final int offset, final int length, final long timeoutNs) {
        checkMessage(messageType, length);
        if (timeoutNs <= 0) {
            throw new IllegalArgumentException("request timeout must be positive, got " + timeoutNs + " ns");
        }
        final long nowNs = clock.nanoTime();
        final PendingRequests.Pending request = pending.register(nodeId, messageType, nowNs + timeoutNs);
        if (closed) {
            pending.fail(request, Reason.CLOSED, "transport of " + options.identity() + " is closed");
            return request.future();
        }
        final SendStatus status = agent.send(nodeId, FrameFlyweight.REQUEST, messageType, correlationOf(request),
            buffer, offset, length, nowNs + timeoutNs, request);
        switch (status) {
            case UNKNOWN_PEER -> pending.fail(request, Reason.UNKNOWN_PEER, "N" + nodeId + " is not a known peer");
            case QUEUE_FULL -> pending.fail(request, Reason.QUEUE_FULL, "the queue to N" + nodeId + " is full");
            default -> {
                // SENT or QUEUED: the response, a timeout or a link failure completes the future.
            }
        }
        return request.future();
    }

    private static long correlationOf(final PendingRequests.Pending request) {
        return request.correlationId();
    }

    // On the hot path: build the error text only when the check fails.
    private void checkMessage(final int messageType, final int length) {
        if (messageType < 0 || messageType > 0xFFFF) {
            throw new IllegalArgumentException("message type " + messageType + " must be in [0, 65535]");
        }
        if (length < 0 || length > options.messageLengthMaxBytes()) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the maximum of "
                + options.messageLengthMaxBytes());
        }
    }

    @Override
    public void handle(final int messageType, final MessageHandler handler) {
        Verify.argument(handler != null, "handler of message type " + messageType + " must not be null");
        agent.handle(messageType, handler);
    }

    @Override
    public void serve(final int messageType, final RequestHandler handler) {
        Verify.argument(handler != null, "handler of request type " + messageType + " must not be null");
        agent.serve(messageType, handler);
    }

    @Override
    public TransportCounters counters() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CloseHelper.quietClose(runner);
        pending.failAll("transport of " + options.identity() + " closed");
        CloseHelper.quietClose(driver);
    }
}
