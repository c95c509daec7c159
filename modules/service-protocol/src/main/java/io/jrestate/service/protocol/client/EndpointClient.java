package io.jrestate.service.protocol.client;

import io.jrestate.service.protocol.internal.Http1Connector;
import io.jrestate.service.protocol.internal.Http2ConnectionPool;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP client towards deployments (SDK endpoints): HTTP/2 cleartext with prior knowledge and full-duplex streams,
 * pooled per authority under {@code http2-streams-per-connection-limit}, or HTTP/1.1 with a chunked request body.
 *
 * <pre>
 *   open(request, listener) --&gt; RequestStream  write(bytes)* end() | reset()
 *                               ResponseListener &lt;-- onResponseHeaders, onResponseData*, onResponseEnd | onFailure
 * </pre>
 *
 * <p>It owns a small Netty event-loop group (one thread by default: the machine is small and the work per byte
 * is tiny); listener callbacks run on it and must not block. Thread-safe.
 */
public final class EndpointClient implements AutoCloseable {
    private final EventLoopGroup group;
    private final Http2ConnectionPool http2;
    private final Http1Connector http1;

    /**
     * Creates a client with one event-loop thread.
     *
     * @param options connect timeout, HTTP/2 limits and windows
     */
    public EndpointClient(final InvokerOptions options) {
        this(options, 1);
    }

    /**
     * Creates a client.
     *
     * @param options connect timeout, HTTP/2 limits and windows
     * @param eventLoopThreads number of network threads
     */
    public EndpointClient(final InvokerOptions options, final int eventLoopThreads) {
        this.group = new MultiThreadIoEventLoopGroup(eventLoopThreads,
            new DefaultThreadFactory("jrestate-invoker-net", true), NioIoHandler.newFactory());
        this.http2 = new Http2ConnectionPool(group, options);
        this.http1 = new Http1Connector(group, options);
    }

    /**
     * Starts an exchange. The connection is set up in the background; writes made meanwhile are queued.
     *
     * @param request the request head (its mode picks HTTP/2 or HTTP/1.1)
     * @param listener receives the response on a network thread
     * @return the request side, to write the body and end or reset the exchange
     */
    public RequestStream open(final EndpointRequest request, final ResponseListener listener) {
        return request.mode() == HttpMode.HTTP2 ? http2.open(request, listener) : http1.open(request, listener);
    }

    /**
     * Sends a whole request and reads the whole response into memory.
     *
     * @param request the request head
     * @param body the body to send when {@code request.hasBody()}, else ignored
     * @param maxResponseBytes the largest body accepted
     * @param timeout limit for the whole exchange
     * @return the response, or a future failed with an {@link IOException} / {@link TimeoutException}
     */
    public CompletableFuture<EndpointResponse> exchange(final EndpointRequest request, final byte[] body,
                                                        final long maxResponseBytes, final Duration timeout) {
        final CompletableFuture<EndpointResponse> result = new CompletableFuture<>();
        final Collector collector = new Collector(result, maxResponseBytes);
        final RequestStream stream = open(request, collector);
        collector.stream = stream;
        if (request.hasBody()) {
            if (body.length > 0) {
                stream.write(body);
            }
            stream.end();
        }
        final ScheduledFuture<?> timer = group.next().schedule(() -> {
            if (result.completeExceptionally(new TimeoutException("no complete response from "
                + request.uri() + " within " + timeout.toMillis() + " ms"))) {
                stream.reset();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        result.whenComplete((r, t) -> timer.cancel(false));
        return result;
    }

    /**
     * Counts open HTTP/2 connections (tests, metrics).
     *
     * @return the number of live pooled connections
     */
    public int http2ConnectionCount() {
        return http2.connectionCount();
    }

    /**
     * Counts HTTP/2 streams still open (tests, metrics). Every finished exchange must bring it back down.
     *
     * @return open streams across all pooled connections
     */
    public int http2OpenStreamCount() {
        return http2.openStreamCount();
    }

    @Override
    public void close() {
        http2.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Buffers a response up to a limit. */
    private static final class Collector implements ResponseListener {
        private final CompletableFuture<EndpointResponse> result;
        private final long maxBytes;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private List<Map.Entry<String, String>> headers = List.of();
        private volatile RequestStream stream;

        Collector(final CompletableFuture<EndpointResponse> result, final long maxBytes) {
            this.result = result;
            this.maxBytes = maxBytes;
        }

        @Override
        public void onResponseHeaders(final int statusCode, final List<Map.Entry<String, String>> responseHeaders) {
            this.status = statusCode;
            this.headers = responseHeaders;
        }

        @Override
        public void onResponseData(final ByteBuffer chunk) {
            if (body.size() + (long) chunk.remaining() > maxBytes) {
                if (result.completeExceptionally(new IOException("response body exceeds the limit of " + maxBytes
                    + " bytes"))) {
                    stream.reset();
                }
                return;
            }
            final byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            body.writeBytes(bytes);
        }

        @Override
        public void onResponseEnd() {
            result.complete(new EndpointResponse(status, headers, body.toByteArray()));
        }

        @Override
        public void onFailure(final Throwable cause) {
            result.completeExceptionally(cause);
        }
    }
}
