package io.jrestate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Starts a real server on a random loopback port and talks to it over HTTP/1.1 (JDK client), h2c with prior
 * knowledge and h2c by Upgrade (curl, which every machine of this kind has). Checks routing, path parameters,
 * 404/405, the body limit, and that pipelined-order responses stay in order when handlers finish out of order.
 */
class HttpServerTest {
    private static final int BODY_LIMIT_BYTES = 1024;
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        final Router router = new Router()
                .route("GET", "/hello/{name}", req -> CompletableFuture.completedFuture(
                        HttpResponse.text(200, "hello " + req.pathParam("name") + " q=" + req.queryParam("q"))))
                .route("POST", "/echo", req -> CompletableFuture.completedFuture(
                        new HttpResponse(201, List.of(), req.body()).withHeader("x-seen", req.header("x-test"))))
                .route("GET", "/slow/{ms}", req -> {
                    final long delayMs = Long.parseLong(req.pathParam("ms"));
                    return CompletableFuture.supplyAsync(() -> HttpResponse.text(200, "slept " + delayMs),
                            CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS));
                })
                .route("GET", "/rest/{*tail}", req -> CompletableFuture.completedFuture(
                        HttpResponse.text(200, "tail=" + req.pathParam("tail"))));
        server = HttpServer.start(HttpServerOptions.of("test", new InetSocketAddress("127.0.0.1", 0),
                BODY_LIMIT_BYTES), router);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String base() {
        return "http://127.0.0.1:" + server.port();
    }

    @Test
    void shouldRouteHttp11RequestsWithDecodedPathParameters() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base()
                    + "/hello/a%20b%2Bc?q=x%20y")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertEquals("hello a b+c q=x y", response.body());
            final var echo = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/echo"))
                    .header("X-Test", "v1").POST(java.net.http.HttpRequest.BodyPublishers.ofString("payload"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(201, echo.statusCode());
            assertEquals("payload", echo.body());
            assertEquals("v1", echo.headers().firstValue("x-seen").orElseThrow());
        }
    }

    @Test
    void shouldAnswer404ForUnknownPathsAnd405ForWrongMethods() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final var notFound = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/nope"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(404, notFound.statusCode());
            assertEquals("", notFound.body());
            final var wrongMethod = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/echo"))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("", wrongMethod.body());
            assertEquals("POST", wrongMethod.headers().firstValue("allow").orElseThrow());
            assertEquals("tail=a/b/c", client.send(java.net.http.HttpRequest.newBuilder(URI.create(base()
                    + "/rest/a/b/c")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    @Test
    void shouldRejectBodiesOverTheLimitWith413() throws Exception {
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final byte[] big = new byte[BODY_LIMIT_BYTES + 1];
            final var response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base() + "/echo"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(big)).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertEquals(413, response.statusCode());
        }
    }

    @Test
    void shouldServeH2cWithPriorKnowledgeAndByUpgrade() throws Exception {
        final String prior = curl("--http2-prior-knowledge", "-s", "-w", " %{http_version}", base() + "/hello/h2");
        assertEquals("hello h2 q=null 2", prior);
        final String upgraded = curl("--http2", "-s", "-w", " %{http_version}", base() + "/hello/up");
        assertEquals("hello up q=null 2", upgraded);
        final String posted = curl("--http2-prior-knowledge", "-s", "-H", "x-test: v2", "-d", "body2",
            base() + "/echo");
        assertEquals("body2", posted);
    }

    @Test
    void shouldKeepHttp11ResponsesInRequestOrderWhenHandlersFinishOutOfOrder() throws Exception {
        final String out = curl("-s", "--http1.1", base() + "/slow/300", base() + "/slow/1");
        assertEquals("slept 300slept 1", out);
        assertTrue(server.port() > 0);
    }

    private static String curl(final String... args) throws Exception {
        final String[] command = new String[args.length + 1];
        command[0] = "curl";
        System.arraycopy(args, 0, command, 1, args.length);
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(20, TimeUnit.SECONDS), "curl timed out");
        assertEquals(0, process.exitValue(), "curl failed: " + output);
        return output;
    }
}
