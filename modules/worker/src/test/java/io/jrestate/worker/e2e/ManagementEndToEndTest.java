package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.worker.InvocationControl.Operation;
import io.jrestate.worker.InvocationControl.Outcome;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Invocation management end to end with the real Java SDK in-process, through the worker's
 * {@code InvocationControl} (what the admin API's {@code /invocations/{id}/...} routes call): cancel reaches the
 * SDK as the cancel signal and the SDK cancels the call it waits on; kill completes the caller and kills its
 * callee server-side; pause stops retries across a worker restart and resume retries at once; purge removes a
 * completed invocation; and each operation in the wrong state gets the reference's outcome.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ManagementEndToEndTest {
    /** The failure body of an invocation the Java SDK ended after a cancel (same on restate-server 1.7.12). */
    private static final String CANCELLED_BY_JAVA_SDK = "{\"code\":409,\"message\":\"Error 409\","
        + "\"source\":\"invocation\"}";
    private static EndToEndNode node;

    @BeforeAll
    static void start() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkManaged()).build(), 0);
        node = new EndToEndNode();
        node.register(sdkPort, false);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static Outcome manage(final String id, final Operation operation) throws Exception {
        return node.control().manage(InvocationId.parse(id), operation).get(30, TimeUnit.SECONDS);
    }

    private static String send(final String path, final String body) throws Exception {
        final HttpResponse<String> sent = node.post(path, body);
        assertEquals(202, sent.statusCode(), sent.body());
        return sent.headers().firstValue("x-restate-id").orElseThrow();
    }

    private static String awaitCallee(final String label) throws Exception {
        awaitKey(SdkManaged.CALLEES, label, "the call to sleepy was made");
        return SdkManaged.CALLEES.get(label);
    }

    /** Waits (at most a minute) until the SDK side recorded {@code label} in {@code map}. */
    private static void awaitKey(final Map<String, ?> map, final String label, final String what)
            throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!map.containsKey(label) && System.nanoTime() < deadlineNs) {
            Thread.sleep(25);
        }
        assertTrue(map.containsKey(label), what);
    }

    private static HttpResponse<String> attach(final String id) throws Exception {
        return node.get("/restate/invocation/" + id + "/attach");
    }

    @Test
    void shouldCancelAnInvocationAndTheCallItWaitsOn() throws Exception {
        final String caller = send("/SdkManaged/callSleepy/send", "\"cancel-a\"");
        final String callee = awaitCallee("cancel-a");
        assertEquals(Outcome.ACCEPTED, manage(caller, Operation.CANCEL));
        final HttpResponse<String> result = attach(caller);
        // The SDK ends a cancelled handler itself with code 409; the message is the SDK's choice: the Java SDK
        // 2.4.0 fails the awaited result with its TerminalException(409), whose message is "Error 409" (the TS SDK
        // writes "Cancelled": see TypeScriptManagementTest). restate-server 1.7.12 with this same service answered
        // these exact bodies for the caller and the callee (checked side by side, 2026-12-06).
        assertEquals(409, result.statusCode(), result.body());
        assertEquals(CANCELLED_BY_JAVA_SDK, result.body());
        final HttpResponse<String> calleeResult = attach(callee);
        assertEquals(409, calleeResult.statusCode(), calleeResult.body());
        assertEquals(CANCELLED_BY_JAVA_SDK, calleeResult.body());
        assertEquals(Outcome.ALREADY_COMPLETED, manage(caller, Operation.CANCEL));
    }

    @Test
    void shouldDropACancelledScheduledInvocationAsTheReferenceDoes() throws Exception {
        final HttpResponse<String> sent = node.post("/SdkManaged/sleepy/send?delay=1h", "\"cancel-scheduled\"");
        assertEquals(202, sent.statusCode(), sent.body());
        assertTrue(sent.body().matches("\\{\"invocationId\":\"inv_\\w+\",\"executionTime\":\"[-0-9T:.]+Z\","
            + "\"status\":\"Accepted\"}"), "the reference's field order: " + sent.body());
        final String id = sent.headers().firstValue("x-restate-id").orElseThrow();
        // restate-server 1.7.12: cancel answers 200 and the invocation is gone (attach 404 "not found", output 404
        // "invocation not found"); nothing reaches the SDK.
        assertEquals(Outcome.DONE, manage(id, Operation.CANCEL));
        final HttpResponse<String> attached = attach(id);
        assertEquals(404, attached.statusCode(), attached.body());
        assertEquals("{\"code\":404,\"message\":\"not found\",\"source\":\"invocation\"}", attached.body());
        final HttpResponse<String> output = node.get("/restate/invocation/" + id + "/output");
        assertEquals("{\"code\":404,\"message\":\"invocation not found\",\"source\":\"ingress\"}", output.body());
    }

    @Test
    void shouldKillAnInvocationAndItsCallee() throws Exception {
        final String caller = send("/SdkManaged/callSleepy/send", "\"kill-a\"");
        final String callee = awaitCallee("kill-a");
        assertEquals(Outcome.DONE, manage(caller, Operation.KILL));
        assertTrue(attach(caller).body().contains("\"message\":\"killed\""));
        final HttpResponse<String> calleeResult = attach(callee);
        assertEquals(409, calleeResult.statusCode());
        assertTrue(calleeResult.body().contains("\"message\":\"killed\""), calleeResult.body());
        assertEquals(Outcome.ALREADY_COMPLETED, manage(caller, Operation.KILL));
        assertEquals(Outcome.COMPLETED_NOT_RESUMABLE, manage(caller, Operation.RESUME));
        assertEquals(Outcome.NOT_RUNNING, manage(caller, Operation.PAUSE));
    }

    @Test
    void shouldPauseAcrossARestartAndResume() throws Exception {
        final String id = send("/SdkManaged/gated/send", "\"pause-a\"");
        awaitKey(SdkManaged.GATED_ATTEMPTS, "pause-a", "the gated handler ran");
        assertEquals(Outcome.NOT_COMPLETED, manage(id, Operation.PURGE));
        assertEquals(Outcome.ACCEPTED, manage(id, Operation.PAUSE));
        node.restartWorker();
        assertEquals(Outcome.DONE, manage(id, Operation.PAUSE), "still paused after the restart");
        assertEquals(470, node.get("/restate/invocation/" + id + "/output").statusCode());
        SdkManaged.OPEN_GATES.put("pause-a", true);
        assertEquals(Outcome.DONE, manage(id, Operation.RESUME));
        final HttpResponse<String> result = attach(id);
        assertEquals(200, result.statusCode(), result.body());
        assertEquals("\"open pause-a\"", result.body());
    }

    @Test
    void shouldPurgeACompletedInvocation() throws Exception {
        final String id = send("/SdkManaged/gated/send", "\"purge-a\"");
        SdkManaged.OPEN_GATES.put("purge-a", true);
        assertEquals(200, attach(id).statusCode());
        assertEquals(Outcome.DONE, manage(id, Operation.PURGE));
        assertEquals(404, node.get("/restate/invocation/" + id + "/output").statusCode());
        assertEquals(Outcome.NOT_FOUND, manage(id, Operation.PURGE));
        assertEquals(Outcome.NOT_FOUND, manage(id, Operation.CANCEL));
    }
}
