package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker end to end with the real Java SDK in-process: the ingress over HTTP, partition processors on the
 * real log store, attempts over h2c to the SDK's endpoint. Covers services, virtual-object state (eager, keys,
 * clear all), exclusive handlers under concurrency (exact sums), journaled side effects that never run twice
 * across suspensions, retries, terminal failures, calls and one-way calls between services, sends with attach,
 * and a restart of the worker on the same data directory.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaSdkEndToEndTest {
    private static EndToEndNode node;

    @BeforeAll
    static void start() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkGreeter()).bind(new SdkCounter()).build(),
                0);
        node = new EndToEndNode();
        node.register(sdkPort, false);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static HttpResponse<String> post(final String path, final String body) throws Exception {
        return node.post(path, body);
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(final String path, final String body) {
        return node.postAsync(path, body);
    }

    @Test
    void shouldCallAServiceHandler() throws Exception {
        final HttpResponse<String> response = post("/SdkGreeter/greet", "\"Bob\"");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("\"Hello Bob\"", response.body());
    }

    @Test
    void shouldSumConcurrentExclusiveAddsExactly() throws Exception {
        final List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            calls.add(postAsync("/SdkCounter/sum/add", Integer.toString(i)));
        }
        for (final CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(60, TimeUnit.SECONDS).statusCode());
        }
        assertEquals("210", post("/SdkCounter/sum/get", "").body());
        assertEquals("1", post("/SdkCounter/sum/reset", "").body());
        assertEquals("0", post("/SdkCounter/sum/get", "").body());
    }

    @Test
    void shouldRunSharedHandlersWhileAnExclusiveOneHoldsTheKey() throws Exception {
        final String key = "lock-" + System.nanoTime();
        final CompletableFuture<HttpResponse<String>> slow = postAsync("/SdkCounter/" + key + "/slowAdd", "2");
        assertTrue(SdkCounter.latch(SdkCounter.SLOW_ADD_STARTED, key).await(60, TimeUnit.SECONDS),
                "slowAdd did not start");
        // A send is acknowledged once the call is in the log: it is then queued behind slowAdd for certain.
        final HttpResponse<String> sent = post("/SdkCounter/" + key + "/add/send", "1");
        assertEquals(202, sent.statusCode(), sent.body());
        final String queuedId = sent.headers().firstValue("x-restate-id").orElseThrow();
        final CompletableFuture<HttpResponse<String>> queued =
                node.getAsync("/restate/invocation/" + queuedId + "/attach");
        assertEquals("0", post("/SdkCounter/" + key + "/get", "").body(), "shared read is not blocked by the lock");
        assertFalse(slow.isDone(), "the shared read finished while the exclusive handler still held the key");
        assertFalse(queued.isDone(), "the second exclusive call waits for the first");
        SdkCounter.latch(SdkCounter.SLOW_ADD_RELEASE, key).countDown();
        assertEquals("2", slow.get(60, TimeUnit.SECONDS).body());
        assertEquals("3", queued.get(60, TimeUnit.SECONDS).body(), "the exclusive add waited in the inbox");
    }

    @Test
    void shouldRunACompletedSideEffectOnlyOnceAcrossSuspension() throws Exception {
        assertEquals("\"ran once-a\"", post("/SdkGreeter/runThenSleep", "\"once-a\"").body());
        assertEquals(1, SdkGreeter.SIDE_EFFECTS.get("once-a").get());
    }

    @Test
    void shouldRetryRetryableFailuresUntilSuccess() throws Exception {
        assertEquals("\"ok after 3\"", post("/SdkGreeter/flaky", "\"retry-a\"").body());
    }

    @Test
    void shouldReturnTerminalFailures() throws Exception {
        final HttpResponse<String> response = post("/SdkGreeter/fail", "\"nope\"");
        assertEquals(409, response.statusCode());
        assertTrue(response.body().contains("\"message\":\"nope\""), response.body());
        assertEquals("invocation", response.headers().firstValue("x-restate-error-source").orElseThrow());
    }

    @Test
    void shouldCallAndSendBetweenServices() throws Exception {
        assertEquals("5", post("/SdkGreeter/callCounter", "\"calls\"").body());
        assertEquals("1", node.awaitBody("/SdkCounter/calls-oneway/get", "1"));
    }

    @Test
    void shouldAttachToASentInvocation() throws Exception {
        final HttpResponse<String> sent = post("/SdkGreeter/greet/send", "\"Sam\"");
        assertEquals(202, sent.statusCode());
        final String id = sent.headers().firstValue("x-restate-id").orElseThrow();
        final HttpResponse<String> attached = node.get("/restate/invocation/" + id + "/attach");
        assertEquals("\"Hello Sam\"", attached.body());
    }

    @Test
    void shouldKeepStateAcrossAWorkerRestart() throws Exception {
        assertEquals("3", post("/SdkCounter/restart/add", "3").body());
        node.restartWorker();
        assertEquals("7", post("/SdkCounter/restart/add", "4").body());
    }
}
