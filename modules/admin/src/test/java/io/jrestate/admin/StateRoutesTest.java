package io.jrestate.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.admin.internal.StateRoutes;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaStore;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.worker.ObjectStateControl;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives {@code POST /services/{name}/state} over real HTTP against a recording state control and a registry
 * holding the real Java SDK's services, and checks each answer against what restate-server 1.7.12 answered to
 * the same request (recorded side by side): 202 with an empty body once the worker took the edit (also for a
 * service the registry does not know), values as byte arrays or strings, 400 for a stateless service, 422 for a
 * missing field or a byte out of range, 415 and 400 for the wrong content type and bad JSON, and 503 without a
 * worker. The edit itself (durable, ordered, replayed) is tested in the worker.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StateRoutesTest {
    private static final String UNPROCESSABLE = "Failed to deserialize the JSON body into the target type: ";

    /** One call the control received. */
    private record Edit(String service, String key, Map<String, byte[]> state, String version) { }

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Edit> edits = new ArrayList<>();
    private final AtomicReference<ObjectStateControl> control = new AtomicReference<>();
    private EndpointClient endpointClient;
    private HttpServer admin;

    @BeforeEach
    void start() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).bind(new AdminCounter())
            .build(), 0);
        endpointClient = new EndpointClient(InvokerOptions.defaults());
        final SchemaRegistry registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(3));
        registry.register(new DiscoveryClient(endpointClient, InvokerOptions.defaults(), Duration.ofSeconds(10), 2,
            Duration.ofMillis(20)).discover(URI.create("http://127.0.0.1:" + sdkPort + "/"), List.of(), false)
            .get(30, TimeUnit.SECONDS), false, false, false, Map.of());
        control.set((service, key, state, version) -> {
            synchronized (edits) {
                edits.add(new Edit(service, key, state, version));
            }
            return CompletableFuture.completedFuture(null);
        });
        final Router router = new Router();
        StateRoutes.mount(router, registry, control::get);
        admin = HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
            router);
    }

    @AfterEach
    void stop() {
        admin.close();
        endpointClient.close();
    }

    private HttpResponse<String> post(final String path, final String body, final String contentType)
            throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("content-type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception {
        return post(path, body, "application/json");
    }

    @Test
    void shouldHandTheEditToTheWorkerAndAnswer202() throws Exception {
        final HttpResponse<String> r = post("/services/AdminCounter/state", "{\"object_key\":\"st1\","
            + "\"new_state\":{\"count\":[52,50],\"name\":\"xyz\"},\"version\":null,\"scope\":null}");
        assertEquals(202, r.statusCode(), r.body());
        assertEquals("", r.body());
        assertEquals(202, post("/v2/services/AdminCounter/state", "{\"object_key\":\"st2\",\"new_state\":{},"
            + "\"version\":\"abc\"}").statusCode());
        assertEquals(2, edits.size());
        final Edit first = edits.get(0);
        assertEquals("AdminCounter", first.service());
        assertEquals("st1", first.key());
        assertArrayEquals("42".getBytes(StandardCharsets.UTF_8), first.state().get("count"));
        assertArrayEquals("xyz".getBytes(StandardCharsets.UTF_8), first.state().get("name"));
        assertEquals(null, first.version());
        final Edit second = edits.get(1);
        assertEquals(List.of("st2", "abc"), List.of(second.key(), second.version()));
        assertEquals(Map.of(), second.state());
    }

    @Test
    void shouldAcceptAnUnknownServiceAndRefuseAStatelessOne() throws Exception {
        assertEquals(202, post("/services/Nope/state", "{\"object_key\":\"k\",\"new_state\":{}}").statusCode());
        final HttpResponse<String> stateless = post("/services/AdminGreeter/state",
            "{\"object_key\":\"k\",\"new_state\":{}}");
        assertEquals(400, stateless.statusCode());
        assertEquals("{\"message\":\"Cannot modify state for service type Service\",\"restate_code\":null}",
            stateless.body());
        assertEquals(1, edits.size());
        assertEquals("Nope", edits.get(0).service());
    }

    @Test
    void shouldRefuseMalformedBodiesWithoutAskingTheWorker() throws Exception {
        final HttpResponse<String> noKey = post("/services/AdminCounter/state", "{\"new_state\":{}}");
        assertEquals(422, noKey.statusCode());
        assertTrue(noKey.body().startsWith(UNPROCESSABLE + "missing field `object_key`"), noKey.body());
        final HttpResponse<String> noState = post("/services/AdminCounter/state", "{\"object_key\":\"k\"}");
        assertEquals(422, noState.statusCode());
        assertTrue(noState.body().startsWith(UNPROCESSABLE + "missing field `new_state`"), noState.body());
        final HttpResponse<String> big = post("/services/AdminCounter/state",
            "{\"object_key\":\"k\",\"new_state\":{\"a\":[300]}}");
        assertEquals(422, big.statusCode());
        assertTrue(big.body().startsWith(UNPROCESSABLE + "new_state.a[0]: invalid value"), big.body());
        assertEquals(422, post("/services/AdminCounter/state", "{\"object_key\":5,\"new_state\":{}}").statusCode());
        assertEquals(422, post("/services/AdminCounter/state", "{\"object_key\":\"k\",\"new_state\":[]}")
            .statusCode());
        assertEquals(400, post("/services/AdminCounter/state", "bad").statusCode());
        assertEquals(415, post("/services/AdminCounter/state", "{}", null).statusCode());
        assertEquals(List.of(), edits);
    }

    @Test
    void shouldAnswer503WhenNoWorkerRunsOnTheNode() throws Exception {
        control.set(null);
        final HttpResponse<String> r = post("/services/AdminCounter/state", "{\"object_key\":\"k\",\"new_state\":{}}");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("AdminCounter/k"), r.body());
    }
}
