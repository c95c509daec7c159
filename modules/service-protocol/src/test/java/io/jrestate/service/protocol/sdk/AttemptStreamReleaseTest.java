package io.jrestate.service.protocol.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaStore;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Finished attempts must give back what they hold: against the real TypeScript SDK over h2c (bidi), after a
 * series of attempts that ended, ended with a state write or suspended, the client holds no open HTTP/2 stream
 * (a stream left half-open counts against {@code http2-streams-per-connection-limit} forever and keeps the
 * attempt reachable) and the attempt timer queue is empty (a cancelled timer that stays queued until its
 * deadline keeps the whole attempt, its journal and its stream in memory for the inactivity timeout).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AttemptStreamReleaseTest {
    private static final int ATTEMPTS = 24;
    private static NodeSdkProcess node;
    private static EndpointClient client;
    private static ScheduledThreadPoolExecutor timers;
    private static Deployment deployment;

    @BeforeAll
    static void start() throws Exception {
        node = NodeSdkProcess.start();
        client = new EndpointClient(InvokerOptions.defaults());
        timers = InvocationAttempts.newTimerExecutor("attempt-timers-test");
        final DiscoveredEndpoint ep = new DiscoveryClient(client, InvokerOptions.defaults(), Duration.ofSeconds(10),
            2, Duration.ofMillis(50)).discover(URI.create("http://127.0.0.1:" + node.h2Port + "/"), List.of(), false)
            .get(30, TimeUnit.SECONDS);
        assertEquals(ProtocolMode.BIDI_STREAM, ep.manifest().protocolMode());
        final SchemaRegistry registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(5));
        deployment = registry.register(ep, false, false, false, Map.of()).deployment();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (timers != null) {
            timers.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void shouldReleaseEveryStreamAndTimerOnceAttemptsFinish() throws Exception {
        // A long inactivity timeout: a timer that is cancelled but not removed would stay queued for minutes.
        final MiniWorker worker = new MiniWorker(new InvocationAttempts(client, InvokerOptions.defaults(), timers,
            System::nanoTime), Duration.ofMinutes(5), "1".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < ATTEMPTS; i++) {
            final MiniWorker.Result greet = worker.invoke(deployment, "TsGreeter", "greet", null, "\"n" + i + "\"",
                Map.of());
            assertEquals("\"Hello n" + i + "\"", greet.output());
            assertInstanceOf(AttemptOutcome.Ended.class, greet.outcomes().getLast());
            final MiniWorker.Result add = worker.invoke(deployment, "TsCounter", "add", "k" + i, "2",
                Map.of("count", "3".getBytes(StandardCharsets.UTF_8)));
            assertEquals("5", add.output());
        }
        awaitZero("open HTTP/2 streams", client::http2OpenStreamCount);
        awaitZero("queued attempt timers", () -> timers.getQueue().size());
        assertEquals(1, client.http2ConnectionCount(), "the attempts share one pooled connection");
    }

    private static void awaitZero(final String what, final java.util.function.IntSupplier count)
        throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int last = count.getAsInt();
        while (last != 0 && System.nanoTime() < deadlineNs) {
            Thread.sleep(20);
            last = count.getAsInt();
        }
        assertEquals(0, last, what + " after " + (2 * ATTEMPTS) + " finished attempts");
    }
}
