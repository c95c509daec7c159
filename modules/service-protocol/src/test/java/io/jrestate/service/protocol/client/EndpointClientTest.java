package io.jrestate.service.protocol.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the deployment HTTP client against a Netty test peer on loopback: full-duplex h2c with prior knowledge
 * (echoes arrive while the request is still open), stream resets, the streams-per-connection limit, the chunked
 * HTTP/1.1 mode, connection failures and the whole-response helper with its timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndpointClientTest {
    private static EndpointRequest post(final int port, final String path, final HttpMode mode) {
        return new EndpointRequest(URI.create("http://127.0.0.1:" + port + path), "POST", mode,
            List.of(Map.entry("content-type", "application/vnd.restate.invocation.v6"), Map.entry("x-test", "yes")),
            true);
    }

    @Test
    void shouldStreamFullDuplexOverH2cPriorKnowledge() throws Exception {
        try (EchoServer server = new EchoServer(true, 100);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final RecordingListener listener = new RecordingListener();
            final RequestStream stream = client.open(post(server.port(), "/invoke/Greeter/greet", HttpMode.HTTP2),
                listener);
            stream.write("frame-1".getBytes(StandardCharsets.UTF_8));
            assertEquals("status 200", listener.next());
            assertEquals("echo:frame-1", listener.next());
            stream.write("frame-2".getBytes(StandardCharsets.UTF_8));
            assertEquals("echo:frame-2", listener.next());
            stream.end();
            assertEquals("END", listener.next());
            assertEquals("headers /invoke/Greeter/greet ct=application/vnd.restate.invocation.v6 x=yes",
                server.events.getFirst());
            assertTrue(server.events.contains("request ended"), server.events.toString());
        }
    }

    @Test
    void shouldResetStreamWithCancel() throws Exception {
        try (EchoServer server = new EchoServer(true, 100);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final RecordingListener listener = new RecordingListener();
            final RequestStream stream = client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), listener);
            stream.write("x".getBytes(StandardCharsets.UTF_8));
            assertEquals("status 200", listener.next());
            assertEquals("echo:x", listener.next());
            stream.reset();
            assertTrue(listener.next().startsWith("FAIL exchange reset"));
            waitFor(() -> server.events.contains("reset 8"), server.events);
        }
    }

    @Test
    void shouldOpenAnotherConnectionOnlyWhenTheStreamLimitIsReached() throws Exception {
        try (EchoServer server = new EchoServer(true, 100);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults().withStreamsPerConnectionLimit(2))) {
            final List<RequestStream> streams = new ArrayList<>();
            final List<RecordingListener> listeners = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                final RecordingListener l = new RecordingListener();
                streams.add(client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), l));
                listeners.add(l);
            }
            for (final RecordingListener l : listeners) {
                assertEquals("status 200", l.next());
            }
            assertEquals(3, server.connections.get());
            assertEquals(3, client.http2ConnectionCount());
            for (int i = 0; i < 5; i++) {
                streams.get(i).end();
                assertEquals("END", listeners.get(i).next());
            }
            // Freed streams are reused: two more exchanges need no new connection.
            for (int i = 0; i < 2; i++) {
                final RecordingListener l = new RecordingListener();
                client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), l).end();
                assertEquals("status 200", l.next());
                assertEquals("END", l.next());
            }
            assertEquals(3, server.connections.get());
        }
    }

    @Test
    void shouldRespectThePeersConcurrentStreamLimit() throws Exception {
        try (EchoServer server = new EchoServer(true, 1);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final RecordingListener first = new RecordingListener();
            final RequestStream s1 = client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), first);
            assertEquals("status 200", first.next());
            final RecordingListener second = new RecordingListener();
            final RequestStream s2 = client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), second);
            assertEquals("status 200", second.next());
            assertEquals(2, server.connections.get());
            s1.end();
            s2.end();
            assertEquals("END", first.next());
            assertEquals("END", second.next());
        }
    }

    @Test
    void shouldSendChunkedBodyOverHttp11AndReadTheResponseAfterIt() throws Exception {
        try (EchoServer server = new EchoServer(false, 100);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final RecordingListener listener = new RecordingListener();
            final RequestStream stream = client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP1_1), listener);
            stream.write("ab".getBytes(StandardCharsets.UTF_8));
            stream.write("cd".getBytes(StandardCharsets.UTF_8));
            stream.end();
            assertEquals("status 200", listener.next());
            final StringBuilder body = new StringBuilder();
            for (String e = listener.next(); !e.equals("END"); e = listener.next()) {
                body.append(e);
            }
            assertEquals("echo:abcd", body.toString());
            assertEquals("h1 POST /invoke/S/h te=chunked x=yes", server.events.getFirst());
        }
    }

    @Test
    void shouldReportConnectionRefusedNamingTheAuthority() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (final HttpMode mode : HttpMode.values()) {
            try (EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
                final RecordingListener listener = new RecordingListener();
                client.open(post(port, "/invoke/S/h", mode), listener).write(new byte[] {1});
                final String event = listener.next();
                assertTrue(event.startsWith("FAIL cannot connect to 127.0.0.1:" + port), event);
            }
        }
    }

    @Test
    void shouldBufferWholeResponsesAndTimeOut() throws Exception {
        try (EchoServer server = new EchoServer(true, 100);
             EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final EndpointRequest get = new EndpointRequest(URI.create("http://127.0.0.1:" + server.port()
                + "/discover"), "GET", HttpMode.HTTP2, List.of(Map.entry("accept", "x")), false);
            final EndpointResponse r = client.exchange(get, new byte[0], 1024, Duration.ofSeconds(30)).get();
            assertEquals(200, r.status());
            assertEquals("/discover", r.header("X-Path"));

            final EndpointRequest hang = new EndpointRequest(URI.create("http://127.0.0.1:" + server.port()
                + "/hang"), "GET", HttpMode.HTTP2, List.of(), false);
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.exchange(hang, new byte[0], 1024, Duration.ofMillis(300)).get());
            assertInstanceOf(TimeoutException.class, e.getCause());
        }
    }

    @Test
    void shouldCloseIdleConnectionsAndKeepPingedOnesOpen() throws Exception {
        final InvokerOptions d = InvokerOptions.defaults();
        final InvokerOptions quick = new InvokerOptions(d.connectTimeout(), d.inactivityTimeout(), d.abortTimeout(),
            d.messageSizeLimitBytes(), d.http2StreamsPerConnectionLimit(), Duration.ofMillis(50),
            Duration.ofMillis(1500), Duration.ofMillis(300), d.http2InitialStreamWindowBytes(),
            d.http2InitialConnectionWindowBytes(), d.additionalRequestHeaders(), false);
        try (EchoServer server = new EchoServer(true, 100); EndpointClient client = new EndpointClient(quick)) {
            final RecordingListener open = new RecordingListener();
            final RequestStream stream = client.open(post(server.port(), "/invoke/S/h", HttpMode.HTTP2), open);
            assertEquals("status 200", open.next());
            // Pings every 50 ms are acknowledged by the peer: the busy connection stays up well past the idle
            // timeout and the ping timeout. The ping timeout (1.5 s) is long enough that a loaded machine
            // stalling the peer for a moment does not count as a lost peer.
            Thread.sleep(2_000);
            assertEquals(1, client.http2ConnectionCount());
            stream.end();
            assertEquals("END", open.next());
            // Without streams the connection is closed after the idle timeout.
            waitFor(() -> client.http2ConnectionCount() == 0, "idle connection still open");
            assertEquals(1, server.connections.get());
        }
    }

    @Test
    void shouldKeepAConnectionThatIsIdleOnlyBetweenShortExchanges() throws Exception {
        final InvokerOptions d = InvokerOptions.defaults();
        final InvokerOptions idle1s = new InvokerOptions(d.connectTimeout(), d.inactivityTimeout(),
            d.abortTimeout(), d.messageSizeLimitBytes(), d.http2StreamsPerConnectionLimit(),
            d.http2KeepAliveInterval(), d.http2KeepAliveTimeout(), Duration.ofMillis(1000),
            d.http2InitialStreamWindowBytes(), d.http2InitialConnectionWindowBytes(), d.additionalRequestHeaders(),
            false);
        try (EchoServer server = new EchoServer(true, 100); EndpointClient client = new EndpointClient(idle1s)) {
            // Exchanges every 50 ms for 3 s: the connection is never idle for 1 s (ten times the usual gap, so a
            // loaded machine does not open one), so it must stay the same one (an idle check armed by an earlier
            // release must not close it between two exchanges).
            final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3000);
            int exchanges = 0;
            long maxGapNs = 0;
            long lastEndNs = System.nanoTime();
            while (System.nanoTime() < endNs) {
                final long startNs = System.nanoTime();
                maxGapNs = Math.max(maxGapNs, startNs - lastEndNs);
                final EndpointResponse r = client.exchange(post(server.port(), "/invoke/S/h", HttpMode.HTTP2),
                    "p".getBytes(StandardCharsets.UTF_8), 1024, Duration.ofSeconds(30)).get(30, TimeUnit.SECONDS);
                assertEquals(200, r.status());
                lastEndNs = System.nanoTime();
                exchanges++;
                Thread.sleep(50);
            }
            assertTrue(exchanges >= 5, "exchanges: " + exchanges);
            assertEquals(1, server.connections.get(), "connections opened for " + exchanges
                + " exchanges, longest gap between two " + maxGapNs / 1_000_000 + " ms");
            waitFor(() -> client.http2ConnectionCount() == 0, "idle connection still open");
        }
    }

    private static void waitFor(final java.util.function.BooleanSupplier condition, final Object context)
        throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 30 s: " + context);
            }
            Thread.sleep(10);
        }
    }
}
