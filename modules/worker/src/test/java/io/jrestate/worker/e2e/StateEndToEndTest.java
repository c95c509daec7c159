package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Object state edits end to end with the real Java SDK in-process, through the worker's
 * {@code ObjectStateControl} (what the admin API's {@code POST /services/{name}/state} calls): the SDK's next
 * invocation of the object sees the new state, keys left out are gone, a stale expected version leaves the state
 * alone, and the edit survives a worker restart (it is a record in the partition log, replayed at start).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StateEndToEndTest {
    private static EndToEndNode node;

    @BeforeAll
    static void start() throws Exception {
        final int sdkPort = RestateHttpServer.listen(Endpoint.bind(new SdkCounter()).build(), 0);
        node = new EndToEndNode();
        node.register(sdkPort, false);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    private static void replace(final String key, final Map<String, byte[]> state, final String version)
            throws Exception {
        node.stateControl().replaceState("SdkCounter", key, state, version).get(30, TimeUnit.SECONDS);
    }

    private static byte[] json(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldShowTheNewStateToTheNextInvocationAndKeepItAcrossARestart() throws Exception {
        assertEquals("5", node.post("/SdkCounter/edit-a/add", "5").body());
        replace("edit-a", Map.of("count", json("42")), null);
        assertEquals("42", node.post("/SdkCounter/edit-a/get", "").body());
        assertEquals("43", node.post("/SdkCounter/edit-a/add", "1").body());
        replace("edit-a", Map.of("count", json("7"), "extra", json("1")), null);
        node.restartWorker();
        assertEquals("7", node.post("/SdkCounter/edit-a/get", "").body());
        // reset answers how many keys there were: the edit wrote two.
        assertEquals("2", node.post("/SdkCounter/edit-a/reset", "").body());
    }

    @Test
    void shouldDropKeysLeftOutAndSkipAStaleVersion() throws Exception {
        assertEquals("3", node.post("/SdkCounter/edit-b/add", "3").body());
        replace("edit-b", Map.of(), null);
        assertEquals("0", node.post("/SdkCounter/edit-b/get", "").body());
        replace("edit-b", Map.of("count", json("9")), "not-the-current-version");
        assertEquals("0", node.post("/SdkCounter/edit-b/get", "").body());
    }
}
