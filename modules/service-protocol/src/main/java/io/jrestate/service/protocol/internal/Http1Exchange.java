package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.client.ResponseListener;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One exchange over its own HTTP/1.1 connection: the request head, then (when a body follows) a chunked body
 * ({@code transfer-encoding: chunked}) ending with the last chunk on {@link #end()}. The response is read as it
 * arrives; the connection closes after it (request/response deployments hold one attempt per connection, so
 * reuse would save little and make resets harder). {@link #reset()} closes the connection.
 */
final class Http1Exchange extends AbstractExchange {
    private final EndpointRequest request;
    private Channel channel;

    Http1Exchange(final EventLoop loop, final Bootstrap bootstrap, final InvokerOptions options,
                  final EndpointRequest request, final ResponseListener listener) {
        super(loop, listener);
        this.request = request;
        bootstrap.clone()
            .group(loop)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(new HttpClientCodec());
                    ch.pipeline().addLast(new ResponseHandler());
                }
            })
            .connect(request.uri().getHost(), request.port())
            .addListener(cf -> {
                if (!cf.isSuccess()) {
                    failed(new IOException("cannot connect to " + request.authority() + ": "
                        + Http2Exchange.describe(cf.cause()), cf.cause()));
                    return;
                }
                channel = ((io.netty.channel.ChannelFuture) cf).channel();
                if (terminated()) {
                    channel.close();
                    return;
                }
                channel.writeAndFlush(head());
                if (!request.hasBody()) {
                    endRequestIfOpen();
                }
                transportReady();
            });
    }

    private HttpRequest head() {
        final HttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(request.method()),
            request.pathAndQuery());
        head.headers().set(HttpHeaderNames.HOST, request.authority());
        for (final Map.Entry<String, String> e : request.headers()) {
            head.headers().add(e.getKey(), e.getValue());
        }
        if (request.hasBody()) {
            head.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        return head;
    }

    @Override
    protected void doWrite(final byte[] bytes) {
        if (bytes.length > 0) {
            channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }
    }

    @Override
    protected void doEnd() {
        if (request.hasBody()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    @Override
    protected void doReset() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    protected void abortTransport() {
        doReset();
    }

    /** Turns the HTTP/1.1 response objects into listener calls. */
    private final class ResponseHandler extends ChannelInboundHandlerAdapter {
        private boolean informational;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof HttpResponse r) {
                    informational = r.status().code() / 100 == 1;
                    if (!informational) {
                        final List<Map.Entry<String, String>> list = new ArrayList<>();
                        for (final Map.Entry<String, String> e : r.headers()) {
                            list.add(Map.entry(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
                        }
                        headers(r.status().code(), list);
                    }
                }
                if (msg instanceof HttpContent c && !informational) {
                    if (c.content().isReadable()) {
                        data(c.content().nioBuffer());
                    }
                    if (c instanceof LastHttpContent) {
                        ended();
                        ctx.close();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) {
            if (terminated()) {
                return;
            }
            failed(new IOException("HTTP/1.1 connection to " + request.authority()
                + " closed before the response ended"));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            failed(new IOException("HTTP/1.1 exchange with " + request.authority() + " failed: "
                + Http2Exchange.describe(cause), cause));
            ctx.close();
        }
    }
}
