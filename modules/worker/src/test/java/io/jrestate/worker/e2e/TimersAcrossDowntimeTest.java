package io.jrestate.worker.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Durable timers that fall due while the worker is down (issue 6, item 7), with the real Java SDK: a suspended
 * {@code ctx.sleep} and a one-way call sent with {@code ?delay=} both fire after the restart, late rather than
 * never, and once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimersAcrossDowntimeTest {
    private static final Duration DOWNTIME = Duration.ofMillis(2_000);
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

    @Test
    void shouldFireASleepThatFellDueWhileTheWorkerWasDown() throws Exception {
        final long sleepMs = 700;
        final long sentAtNs = System.nanoTime();
        final HttpResponse<String> sent = node.post("/SdkGreeter/sleepFor/send", Long.toString(sleepMs));
        assertEquals(202, sent.statusCode(), sent.body());
        final String id = sent.headers().firstValue("x-restate-id").orElseThrow();

        node.restartWorkerAfter(DOWNTIME);

        final HttpResponse<String> attached = node.get("/restate/invocation/" + id + "/attach");
        assertEquals(200, attached.statusCode(), attached.body());
        assertEquals("\"slept " + sleepMs + "\"", attached.body());
        assertTrue(System.nanoTime() - sentAtNs >= TimeUnit.MILLISECONDS.toNanos(sleepMs), "woke early");
        assertEquals(1, SdkGreeter.SIDE_EFFECTS.get("woke-" + sleepMs).get(), "the code after the sleep ran once");
    }

    @Test
    void shouldDeliverADelayedSendThatFellDueWhileTheWorkerWasDown() throws Exception {
        final long sentAtNs = System.nanoTime();
        final HttpResponse<String> sent = node.post("/SdkCounter/delayed-down/add/send?delay=700ms", "5");
        assertEquals(202, sent.statusCode(), sent.body());
        final String early = node.post("/SdkCounter/delayed-down/get", "").body();
        // On a loaded machine the read may come after the delay; only a read answered within it must see 0.
        assertTrue(early.equals("0") || System.nanoTime() - sentAtNs >= TimeUnit.MILLISECONDS.toNanos(700),
                "delivered before its delay: " + early);

        node.restartWorkerAfter(DOWNTIME);

        assertEquals("5", node.awaitBody("/SdkCounter/delayed-down/get", "5"));
        Thread.sleep(300);
        assertEquals("5", node.post("/SdkCounter/delayed-down/get", "").body(), "the delayed call ran once");
    }
}
