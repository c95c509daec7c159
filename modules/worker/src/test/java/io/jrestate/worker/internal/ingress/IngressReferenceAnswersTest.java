package io.jrestate.worker.internal.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.worker.internal.processor.TestNode;
import io.jrestate.worker.internal.schema.HandlerInfo;
import io.jrestate.worker.internal.schema.ServiceInfo;
import io.jrestate.worker.internal.schema.StaticServiceCatalog;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.ServiceType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ingress answers found different from restate-server 1.7.12 by {@code tools/compat/run}, now equal: path
 * shape errors (too few or too many segments, the {@code /restate/...} forms), GET-only attach/output, messages
 * of handler, content-type and delay errors, and the cross-origin headers browsers need. Method: requests go to
 * {@link IngressService#handle} directly; none of them reaches a partition, so no invocation runs.
 */
@Timeout(60)
class IngressReferenceAnswersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw";
    private static TestNode node;
    private static IngressService ingress;

    @BeforeAll
    static void start() {
        node = new TestNode(TestNode.freshLogs(2));
        final HandlerInfo typed = new HandlerInfo("greet", HandlerType.HANDLER_TYPE_UNSPECIFIED,
                InvocationOptions.getDefaultInstance(), "application/json", false, "application/json", false);
        ingress = new IngressService(node.partitions, new StaticServiceCatalog(List.of(new ServiceInfo("Greeter",
                ServiceType.SERVICE, true, Map.of("greet", typed)))), System::currentTimeMillis,
                ThreadLocalRandom::current, "n1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse send(final String method, final String pathAndQuery, final String body,
            final String... headers) throws Exception {
        final String[] parts = pathAndQuery.split("\\?", 2);
        final List<Map.Entry<String, String>> list = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(Map.entry(headers[i], headers[i + 1]));
        }
        final Map<String, List<String>> query = parts.length < 2 ? Map.of()
                : Map.of(parts[1].split("=")[0], List.of(parts[1].split("=")[1]));
        final HttpRequest request = new HttpRequest(method, parts[0], parts.length < 2 ? "" : parts[1], list,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), Map.of(), query);
        return ingress.handle(request).get(30, TimeUnit.SECONDS);
    }

    private static void expect(final HttpResponse response, final int status, final String message)
            throws Exception {
        final JsonNode body = JSON.readTree(response.body());
        assertEquals(status, response.status(), body.toString());
        assertEquals(status, body.get("code").asInt());
        assertEquals(message, body.get("message").asText());
        assertEquals("ingress", response.header("x-restate-error-source"));
    }

    @Test
    void shouldRefusePathsOfOneOrMoreThanSevenSegments() throws Exception {
        expect(send("POST", "/Greeter", "1"), 400, "bad path: /Greeter");
        expect(send("GET", "/openapi", null), 400, "bad path: /openapi");
        expect(send("GET", "/restate", null), 400, "bad path: /restate");
        expect(send("POST", "/a/b/c/d/e/f/g/h", "1"), 400, "bad path: /a/b/c/d/e/f/g/h");
        expect(send("POST", "/a/b/c/d/e/f/g", "1"), 404,
                "service 'a' not found, make sure to register the service before calling it.");
    }

    @Test
    void shouldExplainTheRestatePathForms() throws Exception {
        expect(send("POST", "/restate/call/Greeter", "1"), 400, IngressService.BAD_RESTATE_PATH);
        expect(send("POST", "/restate/send/Greeter/greet/x", "1"), 400, IngressService.BAD_RESTATE_PATH);
        expect(send("GET", "/restate/invocation/" + ID, null), 400, IngressService.BAD_INVOCATION_PATH);
        expect(send("GET", "/restate/workflow/Wf/w1", null), 400, IngressService.BAD_WORKFLOW_PATH);
        expect(send("GET", "/restate/awakeables/x", null), 400, IngressService.BAD_AWAKEABLE_PATH);
        expect(send("GET", "/restate/nope", null), 404, "not found");
        expect(send("GET", "/restate/invocation/" + ID + "/foo", null), 404, "not found");
    }

    @Test
    void shouldServeAttachAndOutputOnlyForGet() throws Exception {
        expect(send("POST", "/restate/invocation/" + ID + "/attach", null), 405, "method not allowed");
        expect(send("POST", "/restate/output/" + ID, null), 405, "method not allowed");
        expect(send("POST", "/restate/invocation/Greeter/greet/k/output", null), 405, "method not allowed");
        expect(send("GET", "/restate/lookup", null), 405, "method not allowed");
        expect(send("POST", "/restate/health", null), 405, "method not allowed");
    }

    @Test
    void shouldNameTheProblemLikeTheReference() throws Exception {
        expect(send("POST", "/Greeter/nope", "1"), 404, "the service 'Greeter' exists, but the handler 'nope' was "
                + "not found, check that the handler exists in the latest registered service version.");
        expect(send("POST", "/Greeter/greet", "1"), 400, "input validation error: Empty content-type");
        expect(send("POST", "/Greeter/greet?delay=1s", "1", "content-type", "application/json"), 400,
                "cannot use the delay query parameter with calls. The delay is supported only with sends");
        final HttpResponse badDelay = send("POST", "/Greeter/greet/send?delay=soon", "1",
                "content-type", "application/json");
        assertEquals(400, badDelay.status());
        assertEquals(true, JSON.readTree(badDelay.body()).get("message").asText()
                .startsWith("bad delay query parameter, must be a ISO8601 duration: "));
    }

    @Test
    void shouldAnswerPreflightsAndAddCrossOriginHeaders() throws Exception {
        final HttpResponse preflight = send("OPTIONS", "/Greeter/greet", null, "origin", "http://app.example",
                "access-control-request-method", "POST", "access-control-request-headers", "content-type, x-a");
        assertEquals(200, preflight.status());
        assertEquals(0, preflight.body().length);
        assertEquals("http://app.example", preflight.header("access-control-allow-origin"));
        assertEquals("POST", preflight.header("access-control-allow-methods"));
        assertEquals("content-type, x-a", preflight.header("access-control-allow-headers"));
        assertEquals("true", preflight.header("access-control-allow-credentials"));
        final HttpResponse error = send("POST", "/Nope/x", "1", "origin", "http://app.example");
        assertEquals("http://app.example", error.header("access-control-allow-origin"));
        assertEquals(IngressCors.VARY, error.header("vary"));
        assertNull(send("POST", "/Nope/x", "1").header("access-control-allow-origin"));
    }
}
