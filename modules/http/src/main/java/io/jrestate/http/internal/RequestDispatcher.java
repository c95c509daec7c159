package io.jrestate.http.internal;

import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a Netty request into an {@link HttpRequest}, runs the router and writes the response.
 *
 * <p>On HTTP/1.1 a client may pipeline requests while earlier ones are still being answered; responses must then
 * leave in request order, so they wait in {@link #pending} until every earlier response is written. On HTTP/2 each
 * stream has its own dispatcher, so order is per stream anyway.
 */
final class RequestDispatcher extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final System.Logger LOG = System.getLogger(RequestDispatcher.class.getName());
    private static final String HTTP2_EXTENSION_HEADER_PREFIX = "x-http2-";

    private final Router router;
    private final boolean http1;
    private final ArrayDeque<Slot> pending = new ArrayDeque<>();

    private static final class Slot {
        private final boolean keepAlive;
        private FullHttpResponse response;

        Slot(final boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    RequestDispatcher(final Router router, final boolean http1) {
        this.router = router;
        this.http1 = http1;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final Slot slot = new Slot(!http1 || HttpUtil.isKeepAlive(request));
        pending.addLast(slot);
        if (request.decoderResult().isFailure()) {
            complete(ctx, slot, toNetty(HttpResponse.text(400, "bad request: " + request.decoderResult().cause())));
            return;
        }
        final HttpRequest converted;
        try {
            converted = convert(request);
        } catch (final IllegalArgumentException e) {
            complete(ctx, slot, toNetty(HttpResponse.text(400, "bad request: " + e.getMessage())));
            return;
        }
        router.dispatch(converted).whenComplete((response, failure) -> {
            final FullHttpResponse out = failure == null ? toNetty(response) : internalError(converted, failure);
            ctx.executor().execute(() -> complete(ctx, slot, out));
        });
    }

    private void complete(final ChannelHandlerContext ctx, final Slot slot, final FullHttpResponse response) {
        slot.response = response;
        while (!pending.isEmpty() && pending.peekFirst().response != null) {
            final Slot next = pending.pollFirst();
            if (http1) {
                HttpUtil.setKeepAlive(next.response, next.keepAlive);
            }
            final var write = ctx.writeAndFlush(next.response);
            if (http1 && !next.keepAlive) {
                write.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private static FullHttpResponse internalError(final HttpRequest request, final Throwable failure) {
        LOG.log(System.Logger.Level.WARNING, "handler failed for " + request.method() + " " + request.path(),
                failure);
        return toNetty(HttpResponse.text(500, "internal error: " + failure));
    }

    private static HttpRequest convert(final FullHttpRequest request) {
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final List<Map.Entry<String, String>> headers = new ArrayList<>(request.headers().size());
        for (final Map.Entry<String, String> header : request.headers()) {
            final String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!name.startsWith(HTTP2_EXTENSION_HEADER_PREFIX)) {
                headers.add(Map.entry(name, header.getValue()));
            }
        }
        return new HttpRequest(request.method().name(), query.rawPath(), query.rawQuery(), List.copyOf(headers),
                ByteBufUtil.getBytes(request.content()), Map.of(), query.parameters());
    }

    private static FullHttpResponse toNetty(final HttpResponse response) {
        final FullHttpResponse out = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(response.status()), Unpooled.wrappedBuffer(response.body()));
        for (final Map.Entry<String, String> header : response.headers()) {
            out.headers().add(header.getKey(), header.getValue());
        }
        out.headers().set(HttpHeaderNames.CONTENT_LENGTH, response.body().length);
        return out;
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
        LOG.log(System.Logger.Level.DEBUG, "connection error, closing", cause);
        ctx.close();
    }
}
