package io.jrestate.worker.internal.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.worker.internal.processor.TestNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Serves the ingress over real HTTP in front of partition processors with a fake SDK, and checks the answers a
 * client of the reference server relies on: result bodies and {@code x-restate-id}, {@code /send}, idempotency
 * keys, attach and output by id, and the status codes and bodies of the error table (spec section 4.6).
 */
@Timeout(60)
class IngressServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestNode node;
    private static HttpServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        node = new TestNode(TestNode.freshLogs(4));
        final Router router = new Router();
        new IngressService(node.partitions, TestNode.CATALOG, System::currentTimeMillis, ThreadLocalRandom::current,
                "n1").mount(router);
        server = HttpServer.start(HttpServerOptions.of("ingress", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                router);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    static void stop() {
        server.close();
        node.close();
    }

    private static HttpResponse<String> send(final String method, final String path, final String body,
            final String... headers) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).timeout(Duration.ofSeconds(20)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(final HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    @Test
    void shouldAnswerACallWithTheOutputAndTheInvocationId() throws Exception {
        final HttpResponse<String> response = send("POST", "/Greeter/greet", "Bob");
        assertEquals(200, response.statusCode());
        assertEquals("Hello Bob", response.body());
        assertTrue(response.headers().firstValue("x-restate-id").orElseThrow().startsWith("inv_1"));
        assertEquals("application/json", response.headers().firstValue("content-type").orElseThrow());
    }

    @Test
    void shouldKeepObjectStatePerKey() throws Exception {
        assertEquals("4", send("POST", "/Counter/ingress-a/add", "4").body());
        assertEquals("9", send("POST", "/Counter/ingress-a/add", "5").body());
        assertEquals("1", send("POST", "/Counter/ingress-b/add", "1").body());
    }

    @Test
    void shouldAcceptSendsAndServeTheirOutputLater() throws Exception {
        final HttpResponse<String> accepted = send("POST", "/Greeter/greet/send", "Ann");
        assertEquals(202, accepted.statusCode());
        final JsonNode body = json(accepted);
        assertEquals("Accepted", body.get("status").asText());
        final String id = body.get("invocationId").asText();
        assertEquals(id, accepted.headers().firstValue("x-restate-id").orElseThrow());
        final HttpResponse<String> attached = send("GET", "/restate/invocation/" + id + "/attach", null);
        assertEquals("Hello Ann", attached.body());
        final HttpResponse<String> output = send("GET", "/restate/invocation/" + id + "/output", null);
        assertEquals(200, output.statusCode());
        assertEquals("Hello Ann", output.body());
        assertNotNull(output.headers().firstValue("idempotency-expires").orElse(null));
    }

    @Test
    void shouldReplayAnIdempotentCallWithoutRunningItAgain() throws Exception {
        final HttpResponse<String> first = send("POST", "/Counter/idem/add", "7", "idempotency-key", "k1");
        final HttpResponse<String> second = send("POST", "/Counter/idem/add", "7", "idempotency-key", "k1");
        assertEquals("7", first.body());
        assertEquals("7", second.body());
        assertEquals(first.headers().firstValue("x-restate-id"), second.headers().firstValue("x-restate-id"));
        assertNull(first.headers().firstValue("idempotency-expires").orElse(null));
        assertNotNull(second.headers().firstValue("idempotency-expires").orElse(null));
        final HttpResponse<String> resend = send("POST", "/Counter/idem/add/send", "7", "idempotency-key", "k1");
        assertEquals("PreviouslyAccepted", json(resend).get("status").asText());
        assertEquals("7", send("GET", "/restate/invocation/Counter/idem/add/k1/output", null).body());
    }

    @Test
    void shouldAnswerTheReferenceErrors() throws Exception {
        expectError(send("POST", "/Nope/greet", ""), 404, "service 'Nope' not found, make sure to register the "
                + "service before calling it.", "ingress");
        final HttpResponse<String> handler = send("POST", "/Greeter/nope", "");
        assertEquals(404, handler.statusCode());
        assertTrue(json(handler).get("message").asText().startsWith(
                "the service 'Greeter' exists, but the handler 'nope' was not found"));
        expectError(send("POST", "/Counter/add", ""), 400, IngressService.BAD_PATH, "ingress");
        expectError(send("PUT", "/Greeter/greet", "x"), 405, "method not allowed", "ingress");
        assertEquals(400, send("POST", "/Greeter/greet?delay=10s", "x").statusCode());
        expectError(send("GET", "/restate/invocation/inv_1bogus/output", null), 400,
                "bad invocation id 'inv_1bogus': bad length", "ingress");
        final String unknown = "inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw";
        expectError(send("GET", "/restate/invocation/" + unknown + "/output", null), 404, "invocation not found",
                "ingress");
        expectError(send("GET", "/restate/invocation/" + unknown + "/attach", null), 404, "not found", "invocation");
    }

    @Test
    void shouldServeTheAlternativeCallSendAndTargetBodyForms() throws Exception {
        assertEquals("Hello Alt", send("POST", "/restate/call/Greeter/greet", "Alt").body());
        assertEquals("3", send("POST", "/restate/call/Counter/alt/add", "3").body());
        final HttpResponse<String> sent = send("POST", "/restate/send/Greeter/greet", "Later");
        assertEquals(202, sent.statusCode());
        final String id = json(sent).get("invocationId").asText();
        final String target = "{\"target\":\"invocation\",\"invocationId\":\"" + id + "\"}";
        assertEquals(id, json(send("POST", "/restate/lookup", target)).get("invocationId").asText());
        assertEquals("Hello Later", send("POST", "/restate/attach", target).body());
        send("POST", "/Counter/alt2/add", "4", "idempotency-key", "body-k");
        assertEquals("4", send("POST", "/restate/output", "{\"target\":\"idempotentInvocation\",\"service\":"
                + "\"Counter\",\"key\":\"alt2\",\"handler\":\"add\",\"idempotencyKey\":\"body-k\"}").body());
        assertEquals(400, send("POST", "/restate/lookup", "{\"target\":\"nope\"}").statusCode());
    }

    @Test
    void shouldListServicesOnHealth() throws Exception {
        final HttpResponse<String> health = send("GET", "/restate/health", null, "origin", "http://app.example");
        assertEquals(200, health.statusCode());
        assertEquals("http://app.example", health.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals(1, health.headers().allValues("access-control-allow-credentials").size());
        assertEquals("[\"Caller\",\"Counter\",\"Greeter\"]", json(health).get("services").toString());
    }

    private static void expectError(final HttpResponse<String> response, final int status, final String message,
            final String source) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        final JsonNode body = json(response);
        assertEquals(status, body.get("code").asInt());
        assertEquals(message, body.get("message").asText());
        assertEquals(source, body.get("source").asText());
        assertEquals(source, response.headers().firstValue("x-restate-error-source").orElseThrow());
    }
}
