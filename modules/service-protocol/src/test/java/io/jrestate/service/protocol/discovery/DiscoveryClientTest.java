package io.jrestate.service.protocol.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs discovery over HTTP/1.1 against the JDK's HTTP server acting as an SDK endpoint: the request headers, a
 * valid v4 manifest, and each failure class with its reference error code (META0003 unreachable / bad status with
 * retries on 5xx, META0012 protocol range, META0013 content type). Discovery over h2c is covered by the SDK tests.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DiscoveryClientTest {
    private HttpServer server;
    private EndpointClient client;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.start();
        client = new EndpointClient(InvokerOptions.defaults());
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
    }

    private void serve(final String path, final int status, final String contentType, final String body) {
        server.createContext(path, ex -> {
            calls.incrementAndGet();
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " accept=" + ex.getRequestHeaders()
                .getFirst("accept") + " cluster=" + ex.getRequestHeaders().getFirst("x-restate-cluster-name")
                + " auth=" + ex.getRequestHeaders().getFirst("authorization"));
            final byte[] b = body.getBytes(StandardCharsets.UTF_8);
            if (contentType != null) {
                ex.getResponseHeaders().add("content-type", contentType);
            }
            ex.getResponseHeaders().add("x-restate-server", "test-sdk/1.0");
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        });
    }

    private DiscoveryClient discovery() {
        return new DiscoveryClient(client, InvokerOptions.defaults(), Duration.ofSeconds(30), 3, Duration.ofMillis(10));
    }

    private URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private DiscoveryException failure(final String path) {
        final ExecutionException e = assertThrows(ExecutionException.class,
            () -> discovery().discover(uri(path), List.of(), true).get());
        return assertInstanceOf(DiscoveryException.class, e.getCause());
    }

    @Test
    void shouldDiscoverAV4ManifestSendingTheReferenceHeaders() throws Exception {
        serve("/svc/discover", 200, "application/vnd.restate.endpointmanifest.v4+json", ManifestParserTest.TS_MANIFEST);
        final DiscoveredEndpoint ep = discovery().discover(uri("/svc"),
            List.of(Map.entry("authorization", "Bearer x")), true).get();
        assertEquals(uri("/svc/"), ep.uri());
        assertEquals(HttpMode.HTTP1_1, ep.httpMode());
        assertEquals("test-sdk/1.0", ep.sdkVersion());
        assertEquals(4, ep.manifest().manifestVersion());
        assertEquals(5, ep.manifest().services().size());
        assertEquals(List.of("GET /svc/discover accept=" + DiscoveryClient.ACCEPT
            + " cluster=localcluster auth=Bearer x"), requests);
    }

    @Test
    void shouldReportUnreachableEndpointsAsMeta0003() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final ExecutionException e = assertThrows(ExecutionException.class, () -> discovery()
            .discover(URI.create("http://127.0.0.1:" + port + "/"), List.of(), false).get());
        final DiscoveryException d = assertInstanceOf(DiscoveryException.class, e.getCause());
        assertEquals("META0003", d.restateCode());
        assertTrue(d.decoratedMessage().startsWith("[META0003] error when calling 'http://127.0.0.1:" + port
            + "/discover': cannot connect to 127.0.0.1:" + port),
            d.decoratedMessage());
    }

    @Test
    void shouldRetryServerErrorsAndFailAfterTheLastAttempt() {
        serve("/discover", 503, "text/plain", "busy");
        final DiscoveryException d = failure("/");
        assertEquals("META0003", d.restateCode());
        assertEquals("bad status code: 503", d.getMessage());
        assertEquals(3, calls.get());
    }

    @Test
    void shouldNotRetryNotFoundAndGiveAPathHint() {
        serve("/discover", 404, "text/plain", "nope");
        final DiscoveryException d = failure("/");
        assertTrue(d.getMessage().startsWith("bad status code: 404. Make sure the uri points to the SDK endpoint"),
            d.getMessage());
        assertEquals(1, calls.get());
    }

    @Test
    void shouldRejectUnknownContentTypeAsMeta0013() {
        serve("/discover", 200, "text/html", "<html></html>");
        final DiscoveryException d = failure("/");
        assertEquals("META0013", d.restateCode());
        assertTrue(d.getMessage().contains("unsupported content-type 'text/html'"), d.getMessage());
    }

    @Test
    void shouldRejectIncompatibleProtocolRangeAsMeta0012() {
        serve("/discover", 200, "application/vnd.restate.endpointmanifest.v2+json",
            "{\"protocolMode\":\"BIDI_STREAM\",\"minProtocolVersion\":1,\"maxProtocolVersion\":4,\"services\":[]}");
        final DiscoveryException d = failure("/");
        assertEquals("META0012", d.restateCode());
        assertEquals("unsupported service protocol versions: [1, 4]. Supported versions by this runtime are [5, 7]",
            d.getMessage());
    }

    @Test
    void shouldNormaliseUrisAndRejectOtherSchemes() {
        assertEquals(URI.create("http://h:1/a/"), DiscoveryClient.normalise(URI.create("http://h:1/a")));
        assertEquals(URI.create("http://h:1/"), DiscoveryClient.normalise(URI.create("http://h:1")));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DiscoveryClient.normalise(URI.create("ftp://h/")));
        assertTrue(e.getMessage().contains("uses scheme 'ftp'"), e.getMessage());
    }
}
