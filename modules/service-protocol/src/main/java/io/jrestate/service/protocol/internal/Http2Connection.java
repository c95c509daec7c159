package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.InvokerOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2PingFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2PingFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 cleartext connection with prior knowledge to a deployment: the client preface is sent as soon as
 * TCP connects (no Upgrade). Streams are opened on it by {@link Http2Exchange}; this class tracks their count for
 * the pool, the peer's concurrent-stream limit, GOAWAY, and keep-alive pings.
 *
 * <pre>
 * parent pipeline: Http2FrameCodec -> Http2MultiplexHandler -> ConnectionWatcher (settings, ping acks, goaway)
 * child pipeline (one per exchange): Http2Exchange.StreamHandler
 * </pre>
 */
final class Http2Connection {
    private static final int DEFAULT_WINDOW_BYTES = 65_535;
    private final Channel channel;
    private final ChannelFuture connectFuture;
    private final InvokerOptions options;
    /** Streams in use; guarded by the pool's lock. */
    int activeStreams;
    /** When the last stream was released; guarded by the pool's lock. */
    long idleSinceNs;
    /** Whether an idle check is scheduled; guarded by the pool's lock. */
    boolean idleCheckArmed;
    /** Peer's SETTINGS_MAX_CONCURRENT_STREAMS, unlimited until announced. */
    private volatile long peerMaxStreams = Long.MAX_VALUE;
    private volatile boolean draining;
    private ScheduledFuture<?> pingTimeout;
    private ScheduledFuture<?> keepAliveTask;

    private Http2Connection(final Bootstrap bootstrap, final String host, final int port,
                            final InvokerOptions options) {
        this.options = options;
        this.connectFuture = bootstrap.clone()
            .channel(NioSocketChannel.class)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) options.connectTimeout().toMillis())
            .option(ChannelOption.TCP_NODELAY, true)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    final Http2Settings settings = Http2Settings.defaultSettings()
                        .pushEnabled(false)
                        .initialWindowSize(options.http2InitialStreamWindowBytes());
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().initialSettings(settings).build());
                    ch.pipeline().addLast(new Http2MultiplexHandler(new RejectPushedStreams()));
                    ch.pipeline().addLast(new ConnectionWatcher());
                }
            })
            .connect(host, port);
        this.channel = connectFuture.channel();
        channel.closeFuture().addListener(f -> draining = true);
    }

    static Http2Connection connect(final Bootstrap bootstrap, final String host, final int port,
                                   final InvokerOptions options) {
        return new Http2Connection(bootstrap, host, port, options);
    }

    Channel channel() {
        return channel;
    }

    EventLoop loop() {
        return channel.eventLoop();
    }

    ChannelFuture connectFuture() {
        return connectFuture;
    }

    /** Whether the connection may take one more stream under {@code limit}. Caller holds the pool lock. */
    boolean canTakeStream(final int limit) {
        return !draining && (channel.isActive() || !connectFuture.isDone())
            && activeStreams < Math.min(limit, peerMaxStreams);
    }

    boolean isClosed() {
        return draining && !channel.isOpen();
    }

    boolean isDraining() {
        return draining;
    }

    void close() {
        draining = true;
        channel.close();
    }

    private void startKeepAlive(final ChannelHandlerContext ctx) {
        final long intervalMs = options.http2KeepAliveInterval().toMillis();
        if (intervalMs <= 0) {
            return;
        }
        keepAliveTask = ctx.executor().scheduleAtFixedRate(() -> {
            if (!ctx.channel().isActive() || pingTimeout != null) {
                return;
            }
            ctx.writeAndFlush(new DefaultHttp2PingFrame(System.nanoTime()));
            pingTimeout = ctx.executor().schedule(this::close, options.http2KeepAliveTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /** Watches connection-level frames that the multiplexer passes up the parent pipeline. */
    private final class ConnectionWatcher extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(final ChannelHandlerContext ctx) throws Exception {
            startKeepAlive(ctx);
            final int extraWindowBytes = options.http2InitialConnectionWindowBytes() - DEFAULT_WINDOW_BYTES;
            if (extraWindowBytes > 0) {
                ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(extraWindowBytes));
            }
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
            draining = true;
            if (keepAliveTask != null) {
                keepAliveTask.cancel(false);
            }
            if (pingTimeout != null) {
                pingTimeout.cancel(false);
            }
            super.channelInactive(ctx);
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof Http2SettingsFrame s && s.settings().maxConcurrentStreams() != null) {
                    peerMaxStreams = s.settings().maxConcurrentStreams();
                } else if (msg instanceof Http2PingFrame p && p.ack() && pingTimeout != null) {
                    pingTimeout.cancel(false);
                    pingTimeout = null;
                } else if (msg instanceof Http2GoAwayFrame) {
                    draining = true;
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            draining = true;
            ctx.close();
        }
    }

    /** Deployments never push streams; any such stream is closed at once. */
    private static final class RejectPushedStreams extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(final ChannelHandlerContext ctx) {
            ctx.close();
        }
    }
}
