package io.jrestate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.FileSchemaStore;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code PATCH /deployments/{id}} over real HTTP against deployments served by the real Java SDK: an update
 * re-discovers the deployment at its address or a new one and keeps its id, creation time and service revisions
 * (as restate-server 1.7.12 does, checked side by side); headers change, a dry run changes nothing, an
 * unreachable address is a 500 META0003 that changes nothing, an endpoint serving other services is refused, and
 * the errors for malformed and unknown ids and for {@code PUT} are the reference's.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DeploymentUpdateTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private int firstPort;
    private int secondPort;
    private int greeterOnlyPort;
    private EndpointClient endpointClient;
    private ExecutorService blocking;
    private SchemaRegistry registry;
    private HttpServer admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        firstPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).bind(new AdminCounter()).build(), 0);
        secondPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).bind(new AdminCounter()).build(), 0);
        greeterOnlyPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).build(), 0);
        endpointClient = new EndpointClient(InvokerOptions.defaults());
        blocking = Executors.newSingleThreadExecutor();
        registry = new SchemaRegistry(new FileSchemaStore(dir), ServiceDefaults.defaults(), Clock.systemUTC(),
            new SplittableRandom(5));
        final DiscoveryClient discovery = new DiscoveryClient(endpointClient, InvokerOptions.defaults(),
            Duration.ofSeconds(10), 2, Duration.ofMillis(20));
        final Router router = new Router();
        AdminApi.register(router, new AdminDeps(registry, discovery, "1.7.12", "http://127.0.0.1:8080/", false,
            blocking));
        admin = HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
            router);
    }

    @AfterEach
    void stop() {
        admin.close();
        endpointClient.close();
        blocking.shutdownNow();
    }

    private HttpResponse<String> call(final String method, final String path, final String body) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String uri(final int port) {
        return "http://127.0.0.1:" + port + "/";
    }

    private JsonNode ok(final HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private String registerFirst() throws Exception {
        final HttpResponse<String> r = call("POST", "/deployments", "{\"uri\":\"" + uri(firstPort) + "\"}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).get("id").asText();
    }

    private static void assertSameServices(final String id, final JsonNode deployment) {
        assertEquals(2, deployment.get("services").size(), deployment.toString());
        for (final JsonNode s : deployment.get("services")) {
            assertEquals(1, s.get("revision").asInt(), s.toString());
            assertEquals(id, s.get("deployment_id").asText(), s.toString());
        }
    }

    @Test
    void shouldMoveADeploymentToANewUriKeepingItsIdAndRevisions() throws Exception {
        final String id = registerFirst();
        final JsonNode before = ok(call("GET", "/deployments/" + id, null));
        final JsonNode same = ok(call("PATCH", "/deployments/" + id, "{}"));
        assertEquals(uri(firstPort), same.get("uri").asText());
        assertEquals(before.get("created_at"), same.get("created_at"));
        final JsonNode moved = ok(call("PATCH", "/v3/deployments/" + id, "{\"uri\":\"" + uri(secondPort) + "\"}"));
        assertEquals(id, moved.get("id").asText());
        assertEquals(uri(secondPort), moved.get("uri").asText());
        assertEquals(before.get("created_at"), moved.get("created_at"));
        assertSameServices(id, moved);
        final JsonNode after = ok(call("GET", "/deployments/" + id, null));
        assertEquals(uri(secondPort), after.get("uri").asText());
        assertEquals(1, JSON.readTree(call("GET", "/deployments", null).body()).get("deployments").size());
        assertEquals(uri(secondPort), registry.deployment(id).orElseThrow().uri().toString());
        final JsonNode overwritten = ok(call("PATCH", "/deployments/" + id, "{\"uri\":\"" + uri(firstPort)
            + "\",\"overwrite\":true}"));
        assertEquals(uri(firstPort), overwritten.get("uri").asText());
        assertSameServices(id, overwritten);
    }

    @Test
    void shouldChangeHeadersAndLeaveEverythingOnADryRun() throws Exception {
        final String id = registerFirst();
        final JsonNode headers = ok(call("PATCH", "/deployments/" + id, "{\"additional_headers\":{\"x-a\":\"b\"}}"));
        assertEquals("b", headers.get("additional_headers").get("x-a").asText(), headers.toString());
        final JsonNode dry = ok(call("PATCH", "/deployments/" + id, "{\"uri\":\"" + uri(secondPort)
            + "\",\"dry_run\":true}"));
        assertEquals(uri(secondPort), dry.get("uri").asText());
        final JsonNode stored = ok(call("GET", "/deployments/" + id, null));
        assertEquals(uri(firstPort), stored.get("uri").asText());
        assertEquals("b", stored.get("additional_headers").get("x-a").asText(), stored.toString());
    }

    @Test
    void shouldAnswerAnUnreachableUriWith500AndKeepTheDeployment() throws Exception {
        final String id = registerFirst();
        final int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        final HttpResponse<String> r = call("PATCH", "/deployments/" + id, "{\"uri\":\"" + uri(closed) + "\"}");
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("META0003", JSON.readTree(r.body()).get("restate_code").asText(), r.body());
        assertEquals(uri(firstPort), ok(call("GET", "/deployments/" + id, null)).get("uri").asText());
    }

    @Test
    void shouldRefuseAnEndpointServingOtherServices() throws Exception {
        final String id = registerFirst();
        final HttpResponse<String> r = call("PATCH", "/deployments/" + id, "{\"uri\":\"" + uri(greeterOnlyPort)
            + "\"}");
        assertEquals(400, r.statusCode(), r.body());
        assertTrue(r.body().contains("AdminCounter"), r.body());
        assertEquals(uri(firstPort), ok(call("GET", "/deployments/" + id, null)).get("uri").asText());
    }

    @Test
    void shouldAnswerBadIdsUnknownIdsAndPutAsTheReference() throws Exception {
        final HttpResponse<String> bad = call("PATCH", "/deployments/dp_1bogus", "{}");
        assertEquals(400, bad.statusCode());
        assertEquals("Invalid URL: Cannot parse `deployment` with value `dp_1bogus`: bad length", bad.body());
        final HttpResponse<String> unknown = call("PATCH", "/deployments/dp_103f2u38VKa41S1UmAHUrUa", "{}");
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"message\":\"The requested deployment 'dp_103f2u38VKa41S1UmAHUrUa' does not exist\","
            + "\"restate_code\":null}", unknown.body());
        final String id = registerFirst();
        final HttpResponse<String> put = call("PUT", "/deployments/" + id, "{\"uri\":\"" + uri(firstPort) + "\"}");
        assertEquals(405, put.statusCode());
        assertEquals("{\"message\":\"PUT deployment is deprecated, use PATCH instead\",\"restate_code\":null}",
            put.body());
        assertEquals(415, call("PATCH", "/deployments/" + id, null).statusCode());
        assertEquals(400, call("PATCH", "/deployments/" + id, "nojson").statusCode());
    }
}
