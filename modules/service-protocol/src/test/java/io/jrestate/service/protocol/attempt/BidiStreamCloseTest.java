package io.jrestate.service.protocol.attempt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.pb.EndMessage;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.schema.Deployment;
import io.netty.bootstrap.ServerBootstrap;
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
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a bidi (h2c) attempt closes its HTTP/2 stream once the SDK sent its terminal message, against a scripted
 * deployment that sends End at once and then, depending on the test, ends its response only after the request
 * ended (what the TypeScript SDK does) or never. The stream must be released in both cases: by ending the request,
 * or by a reset once the abort timeout has passed. Without this every finished attempt kept a half-open stream.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BidiStreamCloseTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EndpointClient client = new EndpointClient(InvokerOptions.defaults());
    private final ScheduledThreadPoolExecutor timers = InvocationAttempts.newTimerExecutor("bidi-close-timers");
    private Channel server;

    @AfterEach
    void stop() {
        client.close();
        timers.shutdownNow();
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldEndTheRequestAfterEndSoTheSdkClosesItsResponse() throws Exception {
        startServer(true);
        final long startNs = System.nanoTime();
        assertEquals(new AttemptOutcome.Ended(), attempt(Duration.ofSeconds(45)).get(30, TimeUnit.SECONDS));
        awaitNoOpenStream();
        assertTrue(events.contains("request ended"), events.toString());
        assertTrue(!events.contains("reset"), "a cooperating SDK is not reset: " + events);
        assertTrue(System.nanoTime() - startNs < TimeUnit.SECONDS.toNanos(40),
            "released before the abort timeout (45 s)");
    }

    @Test
    void shouldResetAResponseLeftOpenAfterEndOnceTheAbortTimeoutPassed() throws Exception {
        startServer(false);
        final long startNs = System.nanoTime();
        assertEquals(new AttemptOutcome.Ended(), attempt(Duration.ofMillis(300)).get(30, TimeUnit.SECONDS));
        awaitNoOpenStream();
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        awaitServerEvent("reset");
        assertTrue(events.contains("request ended") && events.contains("reset"), events.toString());
        assertTrue(elapsedMs >= 280, "reset only after the abort timeout, was " + elapsedMs + " ms");
        final long timersDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!timers.getQueue().isEmpty() && System.nanoTime() < timersDeadlineNs) {
            Thread.sleep(10);
        }
        assertEquals(0, timers.getQueue().size(), "no timer left behind (the inactivity timer runs 5 minutes)");
    }

    private CompletableFuture<AttemptOutcome> attempt(final Duration abortTimeout) {
        final Deployment d = new Deployment("dp_10000000000000000000000", URI.create("http://127.0.0.1:"
            + ((InetSocketAddress) server.localAddress()).getPort() + "/"), ProtocolMode.BIDI_STREAM, HttpMode.HTTP2,
            5, 6, null, Instant.EPOCH, List.of(), Map.of());
        final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        new InvocationAttempts(client, InvokerOptions.defaults(), timers, System::nanoTime).start(
            new AttemptRequest(ByteString.copyFrom(new byte[24]), "inv_1close", d, "Greeter", "greet", null,
                List.of(Frame.of(InputCommandMessage.newBuilder().setValue(Value.newBuilder()
                    .setContent(ByteString.copyFromUtf8("\"x\""))).build())), null, true, 0, Duration.ZERO, 1L,
                Duration.ofMinutes(5), abortTimeout, null),
            new AttemptListener() {
                @Override
                public void onResponseStarted(final ProtocolVersion version, final String sdkServer) {
                }

                @Override
                public void onCommand(final int commandIndex, final Frame entry) {
                }

                @Override
                public void onRunProposal(final io.jrestate.service.protocol.pb.ProposeRunCompletionMessage p,
                                          final boolean ack) {
                }

                @Override
                public void onOutcome(final AttemptOutcome o) {
                    outcome.complete(o);
                }
            });
        return outcome;
    }

    private void awaitNoOpenStream() throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.http2OpenStreamCount() != 0 && System.nanoTime() < deadlineNs) {
            Thread.sleep(10);
        }
        assertEquals(0, client.http2OpenStreamCount(), "open HTTP/2 streams; server saw " + events);
    }

    /** The client counts a stream closed when it sends the reset; the server sees it a moment later. */
    private void awaitServerEvent(final String event) throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!events.contains(event) && System.nanoTime() < deadlineNs) {
            Thread.sleep(10);
        }
    }

    /** A deployment that answers End at once and ends its response when the request ends, or never. */
    private void startServer(final boolean endResponseWhenRequestEnds) {
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(Http2FrameCodecBuilder.forServer().build());
                    ch.pipeline().addLast(new Http2MultiplexHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(final Channel stream) {
                            stream.pipeline().addLast(new EndThenWait(endResponseWhenRequestEnds));
                        }
                    }));
                }
            }).bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
    }

    private final class EndThenWait extends ChannelInboundHandlerAdapter {
        private final boolean endResponseWhenRequestEnds;

        EndThenWait(final boolean endResponseWhenRequestEnds) {
            this.endResponseWhenRequestEnds = endResponseWhenRequestEnds;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                if (msg instanceof Http2HeadersFrame) {
                    ctx.write(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().status("200")
                        .add("content-type", ProtocolVersion.V6.contentType())));
                    ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(
                        Frame.of(EndMessage.getDefaultInstance()).encode()), false));
                } else if (msg instanceof Http2DataFrame d && d.isEndStream()) {
                    events.add("request ended");
                    if (endResponseWhenRequestEnds) {
                        ctx.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) {
            if (event instanceof Http2ResetFrame) {
                events.add("reset");
            }
            ReferenceCountUtil.release(event);
        }
    }
}
