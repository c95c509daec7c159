package io.jrestate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
 * Drives the admin API over real HTTP the way the {@code restate} CLI does, against a deployment served by the
 * real Java SDK: registration (dry run, new, same URI with and without force, {@code /v2} defaults, HTTP/1.1),
 * listing and describing deployments, services and handlers, modifying a service, deletion, {@code /v1}
 * refusal, discovery errors, and that registrations survive a restart of the registry.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private int sdkPort;
    private EndpointClient endpointClient;
    private ExecutorService blocking;
    private HttpServer admin;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        sdkPort = RestateHttpServer.listen(Endpoint.bind(new AdminGreeter()).bind(new AdminCounter())
            .build(), 0);
        endpointClient = new EndpointClient(InvokerOptions.defaults());
        blocking = Executors.newSingleThreadExecutor();
        admin = startAdmin();
    }

    private HttpServer startAdmin() throws Exception {
        final SchemaRegistry registry = new SchemaRegistry(new FileSchemaStore(dir), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(5));
        final DiscoveryClient discovery = new DiscoveryClient(endpointClient, InvokerOptions.defaults(),
            Duration.ofSeconds(30), 2, Duration.ofMillis(20));
        final Router router = new Router();
        AdminApi.register(router, new AdminDeps(registry, discovery, "1.7.12", "http://127.0.0.1:8080/", false,
            blocking));
        return HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20), router);
    }

    @AfterEach
    void stop() {
        admin.close();
        endpointClient.close();
        blocking.shutdownNow();
    }

    private HttpResponse<String> call(final String method, final String path, final String body) throws Exception {
        final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(30));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode json(final HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private String sdkUri() {
        return "http://127.0.0.1:" + sdkPort + "/";
    }

    @Test
    void shouldServeVersionAndRefuseV1() throws Exception {
        final JsonNode v = json(call("GET", "/version", null));
        assertEquals("1.7.12", v.get("version").asText());
        assertEquals(2, v.get("min_admin_api_version").asInt());
        assertEquals(4, v.get("max_admin_api_version").asInt());
        assertFalse(v.get("features").get("protocol_v7").asBoolean());
        final HttpResponse<String> v1 = call("GET", "/v1/services", null);
        assertEquals(400, v1.statusCode());
        assertEquals("Unsupported Admin API version V1. This server supports versions between V2 and V4.", v1.body());
        assertEquals(200, call("GET", "/v3/health", null).statusCode());
    }

    @Test
    void shouldRegisterTheJavaSdkLikeTheCli() throws Exception {
        final String req = "{\"uri\":\"" + sdkUri() + "\",\"additional_headers\":null,\"use_http_11\":false,"
            + "\"breaking\":false,\"force\":false,\"dry_run\":%s}";
        final HttpResponse<String> dry = call("POST", "/v4/deployments", req.formatted("true"));
        assertEquals(201, dry.statusCode(), dry.body());
        assertEquals(0, json(call("GET", "/v4/deployments", null)).get("deployments").size());

        final HttpResponse<String> real = call("POST", "/v4/deployments", req.formatted("false"));
        assertEquals(201, real.statusCode(), real.body());
        final JsonNode reg = json(real);
        final String id = reg.get("id").asText();
        assertEquals("deployments/" + id, real.headers().firstValue("location").orElseThrow());
        assertTrue(reg.get("sdk_version").asText().startsWith("restate-sdk-java/"), reg.toString());
        assertEquals(2, reg.get("services").size());

        final HttpResponse<String> again = call("POST", "/v4/deployments", req.formatted("false"));
        assertEquals(200, again.statusCode());
        assertEquals(id, json(again).get("id").asText());
        assertEquals(1, json(call("GET", "/services/AdminGreeter", null)).get("revision").asInt());

        final HttpResponse<String> forced = call("POST", "/deployments",
            "{\"uri\":\"" + sdkUri() + "\",\"force\":true}");
        assertEquals(200, forced.statusCode(), forced.body());
        assertEquals(id, json(forced).get("id").asText());
        assertEquals(2, json(call("GET", "/services/AdminGreeter", null)).get("revision").asInt());

        final HttpResponse<String> v2 = call("POST", "/v2/deployments", "{\"uri\":\"" + sdkUri() + "\"}");
        assertEquals(201, v2.statusCode(), "force defaults to true on /v2");
        assertEquals(3, json(call("GET", "/services/AdminGreeter", null)).get("revision").asInt());

        final JsonNode list = json(call("GET", "/v4/deployments", null)).get("deployments");
        assertEquals(1, list.size());
        final JsonNode d = list.get(0);
        assertEquals(id, d.get("id").asText());
        assertEquals(sdkUri(), d.get("uri").asText());
        assertEquals("BidiStream", d.get("protocol_type").asText());
        assertEquals("HTTP/2.0", d.get("http_version").asText());
        assertTrue(d.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z"),
            d.get("created_at").asText());
        assertEquals("AdminCounter", d.get("services").get(0).get("name").asText());
        assertEquals(3, d.get("services").get(0).get("revision").asInt());
        final JsonNode detailed = json(call("GET", "/v4/deployments/" + id, null));
        assertEquals("VirtualObject", detailed.get("services").get(0).get("ty").asText());
    }

    @Test
    void shouldDescribeServicesAndHandlersAndModifyThem() throws Exception {
        assertEquals(201, call("POST", "/deployments", "{\"uri\":\"" + sdkUri() + "\"}").statusCode());
        final JsonNode s = json(call("GET", "/v4/services/AdminGreeter", null));
        assertEquals("Service", s.get("ty").asText());
        assertTrue(s.get("public").asBoolean());
        assertEquals("1d", s.get("journal_retention").asText());
        assertEquals("1d", s.get("idempotency_retention").asText());
        assertEquals("1m", s.get("inactivity_timeout").asText());
        assertEquals("10m", s.get("abort_timeout").asText());
        assertEquals("500ms", s.get("retry_policy").get("initial_interval").asText());
        assertEquals(70, s.get("retry_policy").get("max_attempts").asInt());
        assertEquals("Pause", s.get("retry_policy").get("on_max_attempts").asText());
        assertEquals(2, json(call("GET", "/v4/services", null)).get("services").size());
        final JsonNode handlers = json(call("GET", "/v4/services/AdminCounter/handlers", null)).get("handlers");
        assertEquals("add", handlers.get(0).get("name").asText());
        assertEquals("Exclusive", handlers.get(0).get("ty").asText());
        final JsonNode greet = json(call("GET", "/v4/services/AdminGreeter/handlers/greet", null));
        assertFalse(greet.has("ty"), "service handlers have no type: " + greet);
        assertTrue(greet.get("retry_policy").get("max_attempts").isNull());

        final HttpResponse<String> patched = call("PATCH", "/v4/services/AdminGreeter",
            "{\"public\":false,\"journal_retention\":\"2h\",\"inactivity_timeout\":\"PT30S\"}");
        assertEquals(200, patched.statusCode(), patched.body());
        assertFalse(json(patched).get("public").asBoolean());
        assertEquals("2h", json(patched).get("journal_retention").asText());
        assertEquals("30s", json(call("GET", "/services/AdminGreeter", null)).get("inactivity_timeout").asText());

        assertError(call("GET", "/v4/services/Nope", null), 404, "The requested service 'Nope' does not exist");
        assertError(call("PATCH", "/v4/services/Nope", "{\"public\":true}"), 404,
            "not found in the schema registry: service with name 'Nope'");
        assertError(call("GET", "/v4/services/AdminGreeter/handlers/nope", null), 404,
            "The requested handler 'nope' on service 'AdminGreeter' does not exist");
        assertEquals(422, call("PATCH", "/v4/services/AdminGreeter", "{\"journal_retention\":\"forever\"}")
            .statusCode());
    }

    @Test
    void shouldRegisterOverHttp11AsRequestResponse() throws Exception {
        final HttpResponse<String> r = call("POST", "/deployments", "{\"uri\":\"" + sdkUri()
            + "\",\"use_http_11\":true,\"additional_headers\":{\"X-Token\":\"t\"},\"metadata\":{\"team\":\"a\"}}");
        assertEquals(201, r.statusCode(), r.body());
        final JsonNode d = json(call("GET", "/deployments/" + json(r).get("id").asText(), null));
        assertEquals("HTTP/1.1", d.get("http_version").asText());
        // As observed on restate-server 1.7.12: request/response services report inactivity 0s.
        assertEquals("0s", json(call("GET", "/services/AdminGreeter", null)).get("inactivity_timeout").asText());
        assertEquals("RequestResponse", d.get("protocol_type").asText());
        assertEquals("t", d.get("additional_headers").get("x-token").asText());
        assertEquals("a", d.get("metadata").get("team").asText());
    }

    @Test
    void shouldDeleteOnlyWithForce() throws Exception {
        final String id = json(call("POST", "/deployments", "{\"uri\":\"" + sdkUri() + "\"}")).get("id").asText();
        final HttpResponse<String> graceful = call("DELETE", "/deployments/" + id, null);
        assertEquals(501, graceful.statusCode());
        assertEquals("", graceful.body());
        assertEquals(202, call("DELETE", "/v4/deployments/" + id + "?force=true", null).statusCode());
        assertError(call("GET", "/deployments/" + id, null), 404, "The requested deployment '" + id
            + "' does not exist");
        assertError(call("GET", "/v4/services/AdminGreeter", null), 404, "The requested service 'AdminGreeter' does "
            + "not exist");
        final HttpResponse<String> bad = call("GET", "/deployments/dp_nope", null);
        assertEquals(400, bad.statusCode());
        assertEquals("Invalid URL: Cannot parse `deployment` with value `dp_nope`: unrecognized codec version",
            bad.body());
        assertError(call("DELETE", "/deployments/" + id + "?force=true", null), 404,
            "not found in the schema registry: deployment with id '" + id + "'");
    }

    @Test
    void shouldReportDiscoveryAndRequestErrors() throws Exception {
        final int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        final HttpResponse<String> refused = call("POST", "/deployments", "{\"uri\":\"http://127.0.0.1:" + port
            + "/\"}");
        assertEquals(500, refused.statusCode());
        final JsonNode e = json(refused);
        assertEquals("META0003", e.get("restate_code").asText());
        assertTrue(e.get("message").asText().startsWith("[META0003] error when calling 'http://127.0.0.1:" + port
            + "/discover': cannot connect to"), e.toString());
        final HttpResponse<String> noUri = call("POST", "/deployments", "{\"force\":true}");
        assertEquals(422, noUri.statusCode());
        assertEquals("Failed to deserialize the JSON body into the target type: data did not match any variant of "
            + "untagged enum RegisterDeploymentRequest", noUri.body());
        assertEquals(400, call("POST", "/deployments", "{not json").statusCode());
        final HttpResponse<String> notUri = call("POST", "/deployments", "{\"uri\":\"not a url\"}");
        assertEquals(422, notUri.statusCode());
        assertEquals(noUri.body(), notUri.body());
        assertError(call("POST", "/deployments", "{\"uri\":\"ftp://x/\"}"), 400,
            "The request field 'uri' is invalid. Reason: The deployment uri 'ftp://x/' uses scheme 'ftp'; this server"
                + " supports http:// deployments only");
    }

    @Test
    void shouldPublishTheOpenApiDocumentsOfTheAdminApiAndOfEachService() throws Exception {
        final JsonNode doc = json(call("GET", "/openapi", null));
        assertEquals("3.1.0", doc.get("openapi").asText());
        assertEquals("1.7.12", doc.get("info").get("version").asText());
        assertEquals("create_deployment", doc.get("paths").get("/deployments").get("post").get("operationId")
            .asText());
        assertTrue(doc.get("paths").has("/invocations/{invocation_id}/cancel"));
        assertEquals(201, call("POST", "/deployments", "{\"uri\":\"" + sdkUri() + "\"}").statusCode());
        final JsonNode greeter = json(call("GET", "/services/AdminGreeter/openapi", null));
        assertEquals("AdminGreeter", greeter.get("info").get("title").asText());
        assertEquals("http://127.0.0.1:8080/", greeter.get("servers").get(0).get("url").asText());
        final JsonNode paths = greeter.get("paths");
        assertEquals("greet", paths.get("/restate/call/AdminGreeter/greet").get("post").get("operationId").asText());
        assertEquals("greetSend", paths.get("/restate/send/AdminGreeter/greet").get("post").get("operationId")
            .asText());
        assertEquals("greetOutput", paths.get("/restate/invocation/AdminGreeter/greet/{idempotencyKey}/output")
            .get("get").get("operationId").asText());
        assertEquals(4, paths.size());
        final JsonNode counter = json(call("GET", "/v4/services/AdminCounter/openapi", null)).get("paths");
        assertTrue(counter.has("/restate/call/AdminCounter/{key}/add"), counter.toString());
        assertTrue(counter.has("/restate/invocation/AdminCounter/{key}/add/{idempotencyKey}/attach"));
        assertError(call("GET", "/services/Nope/openapi", null), 404, "The requested service 'Nope' does not exist");
    }

    @Test
    void shouldKeepRegistrationsAcrossRestarts() throws Exception {
        final String id = json(call("POST", "/deployments", "{\"uri\":\"" + sdkUri() + "\"}")).get("id").asText();
        final String before = call("GET", "/v4/deployments", null).body();
        admin.close();
        admin = startAdmin();
        assertEquals(before, call("GET", "/v4/deployments", null).body());
        assertNotEquals(-1, before.indexOf(id));
    }

    private void assertError(final HttpResponse<String> r, final int status, final String message) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(message, json(r).get("message").asText());
        assertTrue(json(r).has("restate_code"));
    }
}
