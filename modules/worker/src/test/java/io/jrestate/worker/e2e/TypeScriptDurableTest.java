package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.common.ids.InvocationId;
import io.jrestate.worker.InvocationControl.Operation;
import io.jrestate.worker.InvocationControl.Outcome;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Workflows and invocation management with the real TypeScript SDK (1.17.2), over HTTP/2 ({@code Ts*}) and
 * HTTP/1.1 request/response ({@code Rr*}, where the run suspends on its promise): a workflow with a restart
 * between every step, a rejected promise failing the run, awakeables resolved and rejected through the ingress
 * (with a restart in between), and cancel / kill of a caller waiting on a callee. The
 * expected bodies are those restate-server 1.7.12 gave for the same services (checked side by side).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TypeScriptDurableTest {
    private static NodeSdk sdk;
    private static EndToEndNode node;

    @BeforeAll
    static void start() throws Exception {
        sdk = NodeSdk.start();
        node = new EndToEndNode();
        node.register(sdk.h2Port, false);
        node.register(sdk.h1Port, true);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
        sdk.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldRunAWorkflowWithARestartBetweenEveryStep(final String p) throws Exception {
        final String wf = "/" + p + "Workflow/order-1";
        assertEquals(202, node.post(wf + "/run/send", "\"a\"").statusCode());
        node.restartWorker();
        assertEquals("\"waiting\"", node.awaitBody(wf + "/stage", "\"waiting\""));
        node.restartWorker();
        assertEquals("\"none\"", node.post(wf + "/peek", "").body());
        assertEquals(470, node.get("/restate/workflow/" + p + "Workflow/order-1/output").statusCode());
        node.restartWorker();
        assertEquals("\"ok\"", node.post(wf + "/approve", "\"yes\"").body());
        node.restartWorker();
        assertEquals("\"run a got yes\"", node.get("/restate/workflow/" + p + "Workflow/order-1/attach").body());
        node.restartWorker();
        final HttpResponse<String> again = node.post(wf + "/approve", "\"again\"");
        assertEquals(409, again.statusCode());
        assertEquals("{\"code\":409,\"message\":\"promise was already completed\",\"source\":\"invocation\"}",
                again.body());
        final HttpResponse<String> rerun = node.post(wf + "/run", "\"b\"");
        assertEquals("{\"code\":409,\"message\":\"the workflow method was already invoked\",\"source\":\"invocation\"}",
                rerun.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldFailTheRunWithARejectedPromise(final String p) throws Exception {
        final String wf = "/" + p + "Workflow/order-2";
        assertEquals(202, node.post(wf + "/run/send", "\"a\"").statusCode());
        assertEquals("\"rejected\"", node.post(wf + "/reject", "\"no stock\"").body());
        final HttpResponse<String> result = node.get("/restate/workflow/" + p + "Workflow/order-2/attach");
        assertTrue(result.body().contains("no stock"), result.body());
        assertTrue(result.statusCode() >= 400, result.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldCancelACallerAndItsCallee(final String p) throws Exception {
        final String[] ids = callerAndCallee(p, "cancel");
        assertEquals(Outcome.ACCEPTED, manage(ids[0], Operation.CANCEL));
        assertEquals("{\"code\":409,\"message\":\"Cancelled\",\"source\":\"invocation\"}", attach(ids[0]).body());
        assertEquals("{\"code\":409,\"message\":\"Cancelled\",\"source\":\"invocation\"}", attach(ids[1]).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldKillACallerAndItsCallee(final String p) throws Exception {
        final String[] ids = callerAndCallee(p, "kill");
        assertEquals(Outcome.DONE, manage(ids[0], Operation.KILL));
        assertEquals("{\"code\":409,\"message\":\"killed\",\"source\":\"invocation\"}", attach(ids[0]).body());
        assertEquals("{\"code\":409,\"message\":\"killed\",\"source\":\"invocation\"}", attach(ids[1]).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldResolveAndRejectAwakeablesThroughTheIngressAcrossARestart(final String p) throws Exception {
        final String resolved = node.post("/" + p + "Managed/awaitAwakeable/send", "\"res\"").headers()
                .firstValue("x-restate-id").orElseThrow();
        final String resolveId = awaitAwakeable(p, "res");
        node.restartWorker();
        final HttpResponse<String> accepted = node.post("/restate/awakeables/" + resolveId + "/resolve", "\"hi\"");
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals("", accepted.body());
        assertEquals("\"got hi\"", attach(resolved).body());
        assertEquals(202, node.post("/restate/awakeables/" + resolveId + "/resolve", "\"again\"").statusCode(),
                "completing twice is accepted and ignored");

        final String rejected = node.post("/" + p + "Managed/awaitAwakeable/send", "\"rej\"").headers()
                .firstValue("x-restate-id").orElseThrow();
        assertEquals(202, node.post("/restate/a/" + awaitAwakeable(p, "rej") + "/reject", "out of stock")
                .statusCode());
        assertEquals("{\"code\":500,\"message\":\"out of stock\",\"source\":\"invocation\"}",
                attach(rejected).body());
        final HttpResponse<String> bad = node.post("/restate/awakeables/sign_1bogus/resolve", "1");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("bad awakeable id 'sign_1bogus'"), bad.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldAttachFromAHandlerAsTheReference(final String p) throws Exception {
        final String attach = "/" + p + "Managed/attachTo";
        assertEquals("{\"err\":\"not found\",\"code\":404}",
                node.post(attach, "\"inv_1foAirY4KKzi3FyJqpVxiDUsWuxX3p32tX\"").body());
        final String waiting = node.post("/" + p + "Managed/awaitAwakeable/send", "\"att\"").headers()
                .firstValue("x-restate-id").orElseThrow();
        final String awakeable = awaitAwakeable(p, "att");
        node.restartWorker();
        final var attached = node.postAsync(attach, "\"" + waiting + "\"");
        for (int i = 0; i < 20 && !attached.isDone(); i++) {
            Thread.sleep(25); // give the attach time to reach the running invocation before it completes
        }
        assertEquals(202, node.post("/restate/awakeables/" + awakeable + "/resolve", "\"x\"").statusCode());
        assertEquals("{\"ok\":\"got x\"}", attached.get(60, TimeUnit.SECONDS).body());
        assertEquals("{\"ok\":\"got x\"}", node.post(attach, "\"" + waiting + "\"").body(), "after completion");
        final String[] ids = callerAndCallee(p, "attach-kill");
        assertEquals(Outcome.DONE, manage(ids[1], Operation.KILL));
        assertEquals("{\"err\":\"killed\",\"code\":409}", node.post(attach, "\"" + ids[1] + "\"").body());
    }

    private static String awaitAwakeable(final String p, final String label) throws Exception {
        final String id = node.awaitBodyOtherThan("/" + p + "Managed/awakeableId", "\"" + label + "\"", "\"\"");
        assertTrue(id.startsWith("\"sign_1"), id);
        return id.substring(1, id.length() - 1);
    }

    private static String[] callerAndCallee(final String p, final String label) throws Exception {
        final HttpResponse<String> sent = node.post("/" + p + "Managed/callSleepy/send", "\"" + label + "\"");
        final String caller = sent.headers().firstValue("x-restate-id").orElseThrow();
        final String callee = node.awaitBodyOtherThan("/" + p + "Managed/callee", "\"" + label + "\"", "\"\"");
        assertTrue(callee.startsWith("\"inv_"), callee);
        return new String[] {caller, callee.substring(1, callee.length() - 1)};
    }

    private static Outcome manage(final String id, final Operation operation) throws Exception {
        return node.control().manage(InvocationId.parse(id), operation).get(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> attach(final String id) throws Exception {
        return node.get("/restate/invocation/" + id + "/attach");
    }
}
