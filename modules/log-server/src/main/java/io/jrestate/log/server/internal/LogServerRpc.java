package io.jrestate.log.server.internal;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.Responder;
import io.jrestate.aeron.transport.Transport;
import io.jrestate.log.server.LogServerMessageTypes;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.MalformedMessageException;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.wire.LogServerWire;
import io.jrestate.log.server.internal.wire.Request;
import io.jrestate.log.server.internal.wire.ResponseCodec;
import org.agrona.DirectBuffer;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Binds a {@link LogServerCore} to the node's transport: one request handler per RPC type and a message handler
 * for {@code Release}. Handlers run on the transport's agent thread: they only decode (copying the payloads out of
 * the transport's buffer) and queue the request for the worker thread, which answers through the
 * {@link Responder}. A request that does not decode is answered {@code MALFORMED} (logged at most every 10 s).
 */
public final class LogServerRpc {
    private static final System.Logger LOG = System.getLogger(LogServerRpc.class.getName());
    private static final List<Integer> REQUESTS = List.of(LogServerMessageTypes.STORE,
        LogServerMessageTypes.GET_RECORDS, LogServerMessageTypes.SEAL, LogServerMessageTypes.TRIM,
        LogServerMessageTypes.GET_LOGLET_INFO, LogServerMessageTypes.WAIT_FOR_TAIL, LogServerMessageTypes.GET_DIGEST);
    private static final long LOG_INTERVAL_NS = TimeUnit.SECONDS.toNanos(10);

    private final LogServerCore core;
    private final AtomicLong malformed = new AtomicLong();
    private volatile long lastLoggedNs = System.nanoTime() - LOG_INTERVAL_NS;

    private LogServerRpc(final LogServerCore core) {
        this.core = core;
    }

    /**
     * Registers the log-server handlers on a transport.
     *
     * @param transport the node's transport
     * @param core the server
     * @return the binding (for its counters)
     */
    public static LogServerRpc bind(final Transport transport, final LogServerCore core) {
        final LogServerRpc rpc = new LogServerRpc(core);
        for (final int type : REQUESTS) {
            transport.serve(type, rpc::onRequest);
        }
        transport.handle(LogServerMessageTypes.RELEASE, rpc::onRelease);
        return rpc;
    }

    /**
     * Unregisters the handlers: requests are then answered with the transport's "no handler" error.
     *
     * @param transport the transport
     */
    public static void unbind(final Transport transport) {
        for (final int type : REQUESTS) {
            transport.serve(type, (from, messageType, buffer, offset, length, responder) ->
                responder.fail("the log-server role of this node is stopped"));
        }
        transport.handle(LogServerMessageTypes.RELEASE, (from, messageType, buffer, offset, length) -> {
        });
    }

    /**
     * How many requests and messages were refused as malformed.
     *
     * @return the count
     */
    public long malformedCount() {
        return malformed.get();
    }

    private void onRequest(final GenerationalNodeId from, final int messageType, final DirectBuffer buffer,
        final int offset, final int length, final Responder responder) {
        final Request request;
        try {
            request = LogServerWire.decode(messageType, buffer, offset, length);
        } catch (final MalformedMessageException e) {
            refused(from, e);
            responder.respond(ResponseCodec.header(new TailState(LogletStatus.MALFORMED, 0, 0, false)));
            return;
        }
        core.submit(request, responder::respond);
    }

    private void onRelease(final GenerationalNodeId from, final int messageType, final DirectBuffer buffer,
        final int offset, final int length) {
        try {
            core.submit(LogServerWire.decode(messageType, buffer, offset, length), response -> {
            });
        } catch (final MalformedMessageException e) {
            refused(from, e);
        }
    }

    private void refused(final GenerationalNodeId from, final MalformedMessageException e) {
        final long count = malformed.incrementAndGet();
        final long nowNs = System.nanoTime();
        if (nowNs - lastLoggedNs >= LOG_INTERVAL_NS) {
            lastLoggedNs = nowNs;
            LOG.log(Level.WARNING, "malformed log-server message from {0} refused ({1} so far): {2}", from, count,
                e.getMessage());
        }
    }
}
