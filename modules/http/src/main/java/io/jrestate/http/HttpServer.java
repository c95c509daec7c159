package io.jrestate.http;

import io.jrestate.http.internal.ServerChannelInitializer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server on one port that speaks HTTP/1.1, h2c by {@code Upgrade} and h2c with prior knowledge.
 *
 * <pre>
 *   socket --&gt; CleartextHttp2ServerUpgradeHandler
 *                 |-- HTTP/2 preface or Upgrade: h2c --&gt; Http2FrameCodec --&gt; Http2MultiplexHandler
 *                 |            per stream: frames -&gt; HTTP objects -&gt; aggregator -&gt; router
 *                 '-- plain HTTP/1.1 ----------------&gt; keep-alive -&gt; aggregator -&gt; router (responses in order)
 * </pre>
 *
 * <p>Threads: one acceptor and {@code ioThreads} event loops; idle threads block in the selector, so an idle
 * server costs no CPU.
 */
public final class HttpServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final long CLOSE_QUIET_PERIOD_MS = 0;
    private static final long CLOSE_TIMEOUT_MS = 2_000;

    private final HttpServerOptions options;
    private final EventLoopGroup acceptor;
    private final EventLoopGroup workers;
    private final Channel channel;

    private HttpServer(final HttpServerOptions options, final EventLoopGroup acceptor, final EventLoopGroup workers,
            final Channel channel) {
        this.options = options;
        this.acceptor = acceptor;
        this.workers = workers;
        this.channel = channel;
    }

    /**
     * Binds and starts serving.
     *
     * @param options where to bind and limits
     * @param router the routes; must not change after this call
     * @return the running server
     * @throws IOException when the address cannot be bound (e.g. the port is in use)
     */
    public static HttpServer start(final HttpServerOptions options, final Router router) throws IOException {
        final EventLoopGroup acceptor = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory(options.name() + "-accept", true), NioIoHandler.newFactory());
        final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(options.ioThreads(),
                new DefaultThreadFactory(options.name() + "-io", true), NioIoHandler.newFactory());
        try {
            final Channel channel = new ServerBootstrap()
                    .group(acceptor, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ServerChannelInitializer(router, options.maxRequestBodyBytes()))
                    .bind(options.bindAddress())
                    .sync()
                    .channel();
            final HttpServer server = new HttpServer(options, acceptor, workers, channel);
            LOG.log(System.Logger.Level.INFO, "{0} listening on {1}", options.name(), channel.localAddress());
            return server;
        } catch (final Exception e) {
            acceptor.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw new IOException("cannot start " + options.name() + " server on " + options.bindAddress()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns the bound port (useful when the options asked for port 0).
     *
     * @return the port
     */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /**
     * Returns the options the server was started with.
     *
     * @return the options
     */
    public HttpServerOptions options() {
        return options;
    }

    /** Stops accepting, closes connections and stops the event loops, waiting up to two seconds. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        acceptor.shutdownGracefully(CLOSE_QUIET_PERIOD_MS, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_TIMEOUT_MS);
        workers.shutdownGracefully(CLOSE_QUIET_PERIOD_MS, CLOSE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .awaitUninterruptibly(CLOSE_TIMEOUT_MS);
    }
}
