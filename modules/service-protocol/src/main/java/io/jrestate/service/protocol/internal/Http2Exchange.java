package io.jrestate.service.protocol.internal;

import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.ResponseListener;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One exchange on its own HTTP/2 stream: request HEADERS (without END_STREAM when a body follows), DATA frames
 * as the caller writes, END_STREAM on {@link #end()}, RST_STREAM(CANCEL) on {@link #reset()}. Request and
 * response flow independently (full duplex).
 */
final class Http2Exchange extends AbstractExchange {
    private final EndpointRequest request;
    private Http2StreamChannel stream;

    Http2Exchange(final Http2Connection connection, final EndpointRequest request, final ResponseListener listener,
                  final Runnable onStreamClosed) {
        super(connection.loop(), listener);
        this.request = request;
        connection.connectFuture().addListener(cf -> {
            if (!cf.isSuccess()) {
                onStreamClosed.run();
                failed(new IOException("cannot connect to " + request.authority() + ": " + describe(cf.cause()),
                    cf.cause()));
                return;
            }
            new Http2StreamChannelBootstrap(connection.channel()).handler(new StreamHandler()).open()
                .addListener(sf -> {
                    if (!sf.isSuccess()) {
                        onStreamClosed.run();
                        failed(new IOException("cannot open HTTP/2 stream to " + request.authority() + ": "
                            + describe(sf.cause()), sf.cause()));
                        return;
                    }
                    stream = (Http2StreamChannel) sf.getNow();
                    stream.closeFuture().addListener(f -> onStreamClosed.run());
                    if (terminated()) {
                        stream.close();
                        return;
                    }
                    stream.writeAndFlush(new DefaultHttp2HeadersFrame(headers(), !request.hasBody()));
                    if (!request.hasBody()) {
                        endRequestIfOpen();
                    }
                    transportReady();
                });
        });
    }

    static String describe(final Throwable t) {
        return t == null ? "unknown error" : t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    private Http2Headers headers() {
        final Http2Headers h = new DefaultHttp2Headers()
            .method(request.method())
            .scheme("http")
            .authority(request.authority())
            .path(request.pathAndQuery());
        for (final Map.Entry<String, String> e : request.headers()) {
            h.add(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
        }
        return h;
    }

    @Override
    protected void doWrite(final byte[] bytes) {
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.wrappedBuffer(bytes), false));
    }

    @Override
    protected void doEnd() {
        stream.writeAndFlush(new DefaultHttp2DataFrame(Unpooled.EMPTY_BUFFER, true));
    }

    @Override
    protected void doReset() {
        if (stream != null && stream.isActive()) {
            stream.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL));
            stream.close();
        }
    }

    @Override
    protected void abortTransport() {
        if (stream != null) {
            stream.close();
        }
    }

    private void responseEnded() {
        ended();
        // The reference server ends its request stream only after the SDK finished the response.
        endRequestIfOpen();
    }

    /** Child-channel handler: turns HTTP/2 frames of the stream into listener calls. */
    private final class StreamHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg) {
            try {
                switch (msg) {
                    case Http2HeadersFrame hf -> onHeaders(hf);
                    case Http2DataFrame df -> {
                        final ByteBuf content = df.content();
                        if (content.isReadable()) {
                            data(content.nioBuffer());
                        }
                        if (df.isEndStream()) {
                            responseEnded();
                        }
                    }
                    default -> { }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onHeaders(final Http2HeadersFrame hf) {
            final CharSequence status = hf.headers().status();
            if (status != null && status.length() == 3 && status.charAt(0) == '1') {
                return;
            }
            if (status != null) {
                final List<Map.Entry<String, String>> list = new ArrayList<>();
                for (final Map.Entry<CharSequence, CharSequence> e : hf.headers()) {
                    if (e.getKey().length() > 0 && e.getKey().charAt(0) != ':') {
                        list.add(Map.entry(e.getKey().toString().toLowerCase(Locale.ROOT), e.getValue().toString()));
                    }
                }
                int code;
                try {
                    code = Integer.parseInt(status.toString());
                } catch (final NumberFormatException e) {
                    failed(new IOException("deployment sent an invalid :status '" + status + "'"));
                    return;
                }
                headers(code, list);
            }
            if (hf.isEndStream()) {
                responseEnded();
            }
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) {
            // The multiplexer delivers a peer's RST_STREAM as a user event of the stream channel.
            if (event instanceof Http2ResetFrame rf) {
                failed(new IOException("deployment reset the HTTP/2 stream with "
                    + Http2Error.valueOf(rf.errorCode()) + " (" + rf.errorCode() + ")"));
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void channelInactive(final ChannelHandlerContext ctx) {
            // Every stream ends here; build the exception (a stack trace per attempt) only when it is reported.
            if (terminated()) {
                return;
            }
            failed(new IOException("HTTP/2 stream to " + request.authority() + " closed before the response ended"));
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
            failed(new IOException("HTTP/2 stream to " + request.authority() + " failed: " + describe(cause), cause));
            ctx.close();
        }
    }
}
