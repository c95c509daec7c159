package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A workflow end to end with the real Java SDK in-process, with a restart of the worker (same data directory)
 * between every step: run submitted, run waiting on its promise (state visible to a shared handler, output not
 * ready, peek empty), promise resolved by a shared handler, result attached. Then the answers 1.7.12 gives to
 * repeats: a second run call gets 409 {@code the workflow method was already invoked}, a second send
 * {@code PreviouslyAccepted}, a second resolve 409 {@code promise was already completed}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkflowEndToEndTest {
    private static EndToEndNode node;

    @BeforeAll
    static void start() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkWorkflow()).build(), 0);
        node = new EndToEndNode();
        node.register(sdkPort, false);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void shouldRunAWorkflowWithARestartBetweenEveryStep() throws Exception {
        final HttpResponse<String> sent = node.post("/SdkWorkflow/w1/run/send", "\"a\"");
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("\"status\":\"Accepted\""), sent.body());
        final String id = sent.headers().firstValue("x-restate-id").orElseThrow();
        node.restartWorker();

        assertEquals("\"waiting\"", node.awaitBody("/SdkWorkflow/w1/stage", "\"waiting\""),
                "the run started and waits on its promise");
        node.restartWorker();

        final HttpResponse<String> notReady = node.get("/restate/workflow/SdkWorkflow/w1/output");
        assertEquals(470, notReady.statusCode(), notReady.body());
        assertEquals("\"none\"", node.post("/SdkWorkflow/w1/peek", "").body());
        node.restartWorker();

        final HttpResponse<String> approved = node.post("/SdkWorkflow/w1/approve", "\"yes\"");
        assertEquals(200, approved.statusCode(), approved.body());
        node.restartWorker();

        final HttpResponse<String> attached = node.get("/restate/workflow/SdkWorkflow/w1/attach");
        assertEquals(200, attached.statusCode(), attached.body());
        assertEquals("\"run a got yes\"", attached.body());
        assertEquals(id, attached.headers().firstValue("x-restate-id").orElseThrow());
        node.restartWorker();

        final HttpResponse<String> output = node.get("/restate/workflow/SdkWorkflow/w1/output");
        assertEquals("\"run a got yes\"", output.body());
        assertTrue(output.headers().firstValue("idempotency-expires").isPresent(), "served from retention");
        assertEquals("\"approved\"", node.post("/SdkWorkflow/w1/stage", "").body(), "state kept after the run");
        assertEquals("\"yes\"", node.post("/SdkWorkflow/w1/peek", "").body());
    }

    @Test
    void shouldAnswerRepeatedRunsAndResolvesAsTheReference() throws Exception {
        assertEquals(202, node.post("/SdkWorkflow/w2/run/send", "\"b\"").statusCode());
        node.awaitBody("/SdkWorkflow/w2/stage", "\"waiting\"");
        final HttpResponse<String> whileRunning = node.post("/SdkWorkflow/w2/run", "\"c\"");
        assertEquals(409, whileRunning.statusCode());
        assertTrue(whileRunning.body().contains("the workflow method was already invoked"), whileRunning.body());
        final HttpResponse<String> resent = node.post("/SdkWorkflow/w2/run/send", "\"c\"");
        assertTrue(resent.body().contains("\"status\":\"PreviouslyAccepted\""), resent.body());

        assertEquals(200, node.post("/SdkWorkflow/w2/approve", "\"first\"").statusCode());
        final HttpResponse<String> second = node.post("/SdkWorkflow/w2/approve", "\"second\"");
        assertEquals(409, second.statusCode(), second.body());
        assertTrue(second.body().contains("promise was already completed"), second.body());
        assertEquals("\"run b got first\"", node.get("/restate/workflow/SdkWorkflow/w2/attach").body());

        final HttpResponse<String> afterCompletion = node.post("/SdkWorkflow/w2/run", "\"d\"");
        assertEquals(409, afterCompletion.statusCode());
        assertTrue(afterCompletion.body().contains("the workflow method was already invoked"));
        assertEquals(404, node.get("/restate/workflow/SdkWorkflow/nope/output").statusCode());
    }
}
