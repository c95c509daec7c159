package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The worker end to end with the real TypeScript SDK (Node 22, SDK 1.17.2), once over HTTP/2 (bidi streaming,
 * services {@code Ts*}) and once over HTTP/1.1 (request/response: the SDK suspends whenever it needs a result,
 * services {@code Rr*}). Covers services, eager and lazy state with keys and clear all, exact sums of concurrent
 * exclusive calls, journaled side effects across suspension, retries, terminal failures, calls and one-way calls,
 * and a worker restart.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TypeScriptSdkEndToEndTest {
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
    void shouldGreet(final String p) throws Exception {
        assertEquals("\"Hello Bob\"", node.post("/" + p + "Greeter/greet", "\"Bob\"").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldSumConcurrentAddsAndClearState(final String p) throws Exception {
        final List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            calls.add(node.postAsync("/" + p + "Counter/sum/add", Integer.toString(i)));
        }
        for (final CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get(90, TimeUnit.SECONDS).statusCode());
        }
        assertEquals("55", node.post("/" + p + "Counter/sum/get", "").body());
        assertEquals("1", node.post("/" + p + "Counter/sum/reset", "").body());
        assertEquals("0", node.post("/" + p + "Counter/sum/get", "").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldServeLazyState(final String p) throws Exception {
        assertEquals("\"2 keys=count,touched\"", node.post("/" + p + "LazyCounter/l/add", "2").body());
        assertEquals("\"5 keys=count,touched\"", node.post("/" + p + "LazyCounter/l/add", "3").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldRunSideEffectsOnceAcrossSuspension(final String p) throws Exception {
        final String label = "\"" + p + "-once\"";
        assertEquals("\"ran " + p + "-once\"", node.post("/" + p + "Greeter/runThenSleep", label).body());
        assertEquals("1", node.post("/" + p + "Greeter/effects", label).body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldRetryUntilSuccessAndReturnTerminalFailures(final String p) throws Exception {
        assertEquals("\"ok after 3\"", node.post("/" + p + "Greeter/flaky", "\"" + p + "-flaky\"").body());
        final HttpResponse<String> failed = node.post("/" + p + "Greeter/fail", "\"nope\"");
        assertEquals(409, failed.statusCode());
        assertTrue(failed.body().contains("\"message\":\"nope\""), failed.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldKillAfterTheHandlersMaxAttempts(final String p) throws Exception {
        final HttpResponse<String> killed = node.post("/" + p + "Greeter/limited", "\"" + p + "-limited\"");
        assertEquals(409, killed.statusCode(), killed.body());
        assertTrue(killed.body().contains("\"message\":\"killed\""), killed.body());
        assertEquals("2", node.post("/" + p + "Greeter/limitedAttempts", "\"" + p + "-limited\"").body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldCallAndSendBetweenServices(final String p) throws Exception {
        assertEquals("5", node.post("/" + p + "Greeter/callCounter", "\"c\"").body());
        assertEquals("1", node.awaitBody("/" + p + "Counter/c-oneway/get", "1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Ts", "Rr"})
    void shouldKeepStateAcrossAWorkerRestart(final String p) throws Exception {
        assertEquals("3", node.post("/" + p + "Counter/restart/add", "3").body());
        node.restartWorker();
        assertEquals("7", node.post("/" + p + "Counter/restart/add", "4").body());
    }
}
