package io.jrestate.http.internal;

import io.jrestate.http.Router;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Sets up a new connection so that one port serves HTTP/1.1, h2c by Upgrade and h2c with prior knowledge. Every
 * protocol ends in a {@link RequestDispatcher} that sees whole requests.
 */
public final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final int MAX_INITIAL_LINE_BYTES = 16 * 1024;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int MAX_CHUNK_BYTES = 64 * 1024;

    private final Router router;
    private final int maxBodyBytes;

    /**
     * Creates the initializer.
     *
     * @param router where requests go
     * @param maxBodyBytes the request body limit (413 beyond)
     */
    public ServerChannelInitializer(final Router router, final int maxBodyBytes) {
        this.router = router;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void initChannel(final SocketChannel channel) {
        final HttpServerCodec http1 = new HttpServerCodec(MAX_INITIAL_LINE_BYTES, MAX_HEADER_BYTES, MAX_CHUNK_BYTES);
        final HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(http1, protocol ->
                AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
                        ? new Http2ServerUpgradeCodec(Http2FrameCodecBuilder.forServer().build(),
                                new Http2MultiplexHandler(streamInitializer()))
                        : null, maxBodyBytes);
        final ChannelInitializer<SocketChannel> priorKnowledge = new ChannelInitializer<>() {
            @Override
            protected void initChannel(final SocketChannel ch) {
                ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build(),
                        new Http2MultiplexHandler(streamInitializer()));
            }
        };
        final ChannelPipeline pipeline = channel.pipeline();
        pipeline.addLast(new CleartextHttp2ServerUpgradeHandler(http1, upgrade, priorKnowledge));
        pipeline.addLast(new Http1Switch());
    }

    private ChannelInitializer<Http2StreamChannel> streamInitializer() {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(final Http2StreamChannel stream) {
                stream.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true),
                        new HttpObjectAggregator(maxBodyBytes), new RequestDispatcher(router, false));
            }
        };
    }

    /** Seen only when the client stayed on HTTP/1.1: installs the HTTP/1.1 request pipeline and steps aside. */
    private final class Http1Switch extends SimpleChannelInboundHandler<HttpMessage> {
        Http1Switch() {
            super(false);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final HttpMessage message) {
            final ChannelPipeline pipeline = ctx.pipeline();
            pipeline.addAfter(ctx.name(), "keep-alive", new HttpServerKeepAliveHandler());
            pipeline.addAfter("keep-alive", "aggregator", new HttpObjectAggregator(maxBodyBytes));
            pipeline.addAfter("aggregator", "dispatcher", new RequestDispatcher(router, true));
            pipeline.remove(this);
            ctx.fireChannelRead(ReferenceCountUtil.retain(message));
            ReferenceCountUtil.release(message);
        }
    }
}
