package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.RequestStream;
import io.jrestate.service.protocol.client.ResponseListener;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * The common part of HTTP/1.1 and HTTP/2 exchanges: every operation runs on the connection's event loop, request
 * operations made before the transport is ready are queued in call order, and the listener sees exactly one
 * terminal call ({@code onResponseEnd} or {@code onFailure}).
 */
public abstract class AbstractExchange implements RequestStream {
    /** A queued request operation. */
    protected sealed interface Op permits Write, End, Reset { }

    /** Write a body chunk. @param bytes the chunk */
    protected record Write(byte[] bytes) implements Op { }

    /** End the request body. */
    protected record End() implements Op { }

    /** Abort the exchange. */
    protected record Reset() implements Op { }

    private final ResponseListener listener;
    private final ArrayDeque<Op> pending = new ArrayDeque<>();
    /** The loop all state of this exchange is confined to. */
    protected final EventLoop loop;
    private boolean ready;
    private boolean requestEnded;
    private boolean terminated;
    private boolean headersSeen;

    AbstractExchange(final EventLoop loop, final ResponseListener listener) {
        this.loop = loop;
        this.listener = listener;
    }

    @Override
    public final void write(final byte[] bytes) {
        submit(new Write(bytes));
    }

    @Override
    public final void end() {
        submit(new End());
    }

    @Override
    public final void reset() {
        submit(new Reset());
    }

    private void submit(final Op op) {
        loop.execute(() -> {
            if (terminated && !(op instanceof Reset)) {
                return;
            }
            if (!ready) {
                if (op instanceof Reset) {
                    pending.clear();
                    failed(new java.util.concurrent.CancellationException("exchange reset before it was sent"));
                    abortTransport();
                    return;
                }
                pending.add(op);
                return;
            }
            apply(op);
        });
    }

    private void apply(final Op op) {
        switch (op) {
            case Write w -> {
                if (!requestEnded) {
                    doWrite(w.bytes());
                }
            }
            case End e -> {
                if (!requestEnded) {
                    requestEnded = true;
                    doEnd();
                }
            }
            case Reset r -> {
                requestEnded = true;
                failed(new java.util.concurrent.CancellationException("exchange reset by the server"));
                doReset();
            }
        }
    }

    /** Called on the loop once the transport can take request operations; flushes the queue. */
    protected final void transportReady() {
        ready = true;
        while (!pending.isEmpty()) {
            apply(pending.poll());
        }
    }

    /**
     * Whether the request side was ended.
     *
     * @return true after {@link #end()} or a reset took effect
     */
    protected final boolean requestEnded() {
        return requestEnded;
    }

    /** Ends the request side on our own initiative (after the response ended). */
    protected final void endRequestIfOpen() {
        if (ready && !requestEnded) {
            requestEnded = true;
            doEnd();
        }
    }

    /**
     * Whether the listener already got its terminal call.
     *
     * @return true after end or failure
     */
    protected final boolean terminated() {
        return terminated;
    }

    /** Delivers the response head. @param status status @param headers headers */
    protected final void headers(final int status, final List<Map.Entry<String, String>> headers) {
        if (!terminated && !headersSeen) {
            headersSeen = true;
            listener.onResponseHeaders(status, headers);
        }
    }

    /** Delivers a body chunk. @param chunk bytes */
    protected final void data(final ByteBuffer chunk) {
        if (!terminated) {
            listener.onResponseData(chunk);
        }
    }

    /** Delivers the end of the response. */
    protected final void ended() {
        if (!terminated) {
            terminated = true;
            listener.onResponseEnd();
        }
    }

    /** Delivers a failure. @param cause what happened */
    protected final void failed(final Throwable cause) {
        if (!terminated) {
            terminated = true;
            pending.clear();
            listener.onFailure(cause);
        }
    }

    /** Sends a body chunk. @param bytes the chunk */
    protected abstract void doWrite(byte[] bytes);

    /** Ends the request body on the wire. */
    protected abstract void doEnd();

    /** Aborts on the wire. */
    protected abstract void doReset();

    /** Aborts a transport that is still being set up. */
    protected abstract void abortTransport();
}
