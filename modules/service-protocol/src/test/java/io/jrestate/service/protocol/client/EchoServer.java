package io.jrestate.service.protocol.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test server speaking h2c with prior knowledge or HTTP/1.1. On HTTP/2 it answers the request head at once
 * (status 200, echoing the request's content-type and path in headers) and echoes each DATA frame back as
 * {@code echo:<bytes>} while the request is still open, ending its response when the request ends: a
 * full-duplex peer. On HTTP/1.1 it answers after the whole request with the concatenated body.
 */
final class EchoServer implements AutoCloseable {
    final List<String> events = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    EchoServer(final boolean http2, final int maxConcurrentStreams) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    connections.incrementAndGet();
                    if (http2) {
                        ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().initialSettings(
                            Http2Settings.defaultSettings().maxConcurrentStreams(maxConcurrentStreams)).build());
                        ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(final Channel stream) {
                                stream.pipeline().addLast(new H2Echo());
                            }
                        }));
                    } else {
                        ch.pipeline().addLast(new HttpServerCodec(), new H1Echo());
                    }
                }
            }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class H2Echo extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame h) {
                    events.add("headers " + h.headers().path() + " ct=" + h.headers().get("content-type")
                        + " x=" + h.headers().get("x-test"));
                    final String path = h.headers().path().toString();
                    final String status = path.endsWith("/status404") ? "404" : "200";
                    ctx.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status(status)
                        .add("content-type", String.valueOf(h.headers().get("content-type")))
                        .add("x-path", path), h.isEndStream() && !path.endsWith("/hang")));
                    if (h.isEndStream() && path.endsWith("/hang")) {
                        events.add("hanging");
                    }
                } else if (msg instanceof Http2DataFrame d) {
                    if (d.content().isReadable()) {
                        final String text = d.content().toString(StandardCharsets.UTF_8);
                        events.add("data " + text);
                        ctx.writeAndFlush(new DefaultHttp2DataFrame(
                            Unpooled.copiedBuffer("echo:" + text, StandardCharsets.UTF_8), false));
                    }
                    if (d.isEndStream()) {
                        events.add("request ended");
                        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) {
            if (event instanceof Http2ResetFrame r) {
                events.add("reset " + r.errorCode());
            }
        }
    }

    private final class H1Echo extends ChannelInboundHandlerAdapter {
        private final ByteBuf body = Unpooled.buffer();

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof HttpRequest r) {
                    events.add("h1 " + r.method() + " " + r.uri() + " te=" + r.headers().get("transfer-encoding")
                        + " x=" + r.headers().get("x-test"));
                }
                if (msg instanceof HttpContent c) {
                    body.writeBytes(c.content());
                    if (c instanceof LastHttpContent) {
                        final DefaultHttpResponse resp = new DefaultHttpResponse(HttpVersion.HTTP_1_1,
                            HttpResponseStatus.OK);
                        resp.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                        ctx.write(resp);
                        ctx.write(new DefaultHttpContent(Unpooled.copiedBuffer("echo:", StandardCharsets.UTF_8)));
                        ctx.writeAndFlush(new DefaultHttpContent(body.copy()));
                        ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                        body.clear();
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
    }
}
