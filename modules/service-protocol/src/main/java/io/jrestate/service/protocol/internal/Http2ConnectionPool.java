package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.client.ResponseListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.EventLoopGroup;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/2 connections per deployment authority ({@code host:port}). A new exchange takes a stream on the first
 * live connection that has fewer than {@code http2-streams-per-connection-limit} (and the peer's
 * SETTINGS_MAX_CONCURRENT_STREAMS) streams; otherwise a new connection is opened. A connection left without
 * streams for {@code http2-idle-connection-timeout} is closed.
 */
public final class Http2ConnectionPool implements AutoCloseable {
    private final EventLoopGroup group;
    private final InvokerOptions options;
    private final Map<String, List<Http2Connection>> byAuthority = new HashMap<>();
    private boolean closed;

    /**
     * Creates a pool.
     *
     * @param group the event loops connections run on
     * @param options connection limits and timeouts
     */
    public Http2ConnectionPool(final EventLoopGroup group, final InvokerOptions options) {
        this.group = group;
        this.options = options;
    }

    /**
     * Opens an exchange on a pooled connection.
     *
     * @param request the request head
     * @param listener receives the response
     * @return the request side
     */
    public AbstractExchange open(final EndpointRequest request, final ResponseListener listener) {
        final Http2Connection connection = acquire(request);
        return new Http2Exchange(connection, request, listener, () -> release(request.authority(), connection));
    }

    private synchronized Http2Connection acquire(final EndpointRequest request) {
        if (closed) {
            throw new IllegalStateException("endpoint client is closed");
        }
        final List<Http2Connection> list = byAuthority.computeIfAbsent(request.authority(), k -> new ArrayList<>());
        list.removeIf(Http2Connection::isClosed);
        for (final Http2Connection c : list) {
            if (c.canTakeStream(options.http2StreamsPerConnectionLimit())) {
                c.activeStreams++;
                return c;
            }
        }
        final Bootstrap bootstrap = new Bootstrap().group(group.next());
        final Http2Connection c = Http2Connection.connect(bootstrap, request.uri().getHost(), request.port(), options);
        c.channel().closeFuture().addListener(f -> forget(request.authority(), c));
        c.activeStreams++;
        list.add(c);
        return c;
    }

    private synchronized void release(final String authority, final Http2Connection c) {
        c.activeStreams--;
        if (c.activeStreams == 0) {
            c.idleSinceNs = System.nanoTime();
            if (!c.idleCheckArmed) {
                // One pending check per connection: a busy connection drops to zero streams hundreds of times a
                // second, and a check per drop would queue that many tasks for the whole idle timeout.
                c.idleCheckArmed = true;
                armIdleCheck(c, options.http2IdleConnectionTimeout().toNanos());
            }
        }
    }

    private void armIdleCheck(final Http2Connection c, final long delayNs) {
        c.loop().schedule(() -> closeIfIdle(c), Math.max(1, delayNs), TimeUnit.NANOSECONDS);
    }

    /** Closes the connection when it has had no stream for the whole idle timeout, else checks again later. */
    private synchronized void closeIfIdle(final Http2Connection c) {
        c.idleCheckArmed = false;
        if (c.activeStreams != 0) {
            return;
        }
        final long remainingNs = options.http2IdleConnectionTimeout().toNanos() - (System.nanoTime() - c.idleSinceNs);
        if (remainingNs <= 0) {
            c.close();
        } else {
            c.idleCheckArmed = true;
            armIdleCheck(c, remainingNs);
        }
    }

    private synchronized void forget(final String authority, final Http2Connection c) {
        final List<Http2Connection> list = byAuthority.get(authority);
        if (list != null) {
            list.remove(c);
            if (list.isEmpty()) {
                byAuthority.remove(authority);
            }
        }
    }

    /**
     * Counts the open connections (for tests and metrics).
     *
     * @return live connections across all authorities
     */
    public synchronized int connectionCount() {
        int n = 0;
        for (final List<Http2Connection> list : byAuthority.values()) {
            for (final Http2Connection c : list) {
                if (!c.isDraining()) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * Counts the HTTP/2 streams taken and not yet closed (tests and metrics): a stream is released only when both
     * directions ended or it was reset, so a count that stays above zero after every exchange finished is a leak.
     *
     * @return streams open across all connections
     */
    public synchronized int openStreamCount() {
        int n = 0;
        for (final List<Http2Connection> list : byAuthority.values()) {
            for (final Http2Connection c : list) {
                n += c.activeStreams;
            }
        }
        return n;
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (final List<Http2Connection> list : byAuthority.values()) {
            list.forEach(Http2Connection::close);
        }
        byAuthority.clear();
    }
}
