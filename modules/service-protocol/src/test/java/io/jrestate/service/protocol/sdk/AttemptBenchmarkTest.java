package io.jrestate.service.protocol.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.attempt.AttemptListener;
import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.AttemptRequest;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.schema.Deployment;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Attempt throughput and latency against the in-process Java SDK over h2c ({@code greet}: Start + Input, then
 * Output + End), sequentially and with 32 attempts in flight on one pooled connection set. Not in the gate:
 * {@code bin/mvn25 -B -pl modules/service-protocol -am verify -Dtest=AttemptBenchmarkTest
 * -Dtest.excludedGroups=soak,fuzzing -Dsurefire.failIfNoSpecifiedTests=false}; numbers in the test output file.
 * Client and SDK share the machine's two cores, so the figures are a lower bound for the client alone.
 */
@Tag("benchmark")
class AttemptBenchmarkTest {
    private static final int WARMUP = 2_000;
    private static final int SEQUENTIAL = 3_000;
    private static final int CONCURRENT = 20_000;
    private static final int IN_FLIGHT = 32;

    @Test
    void measureGreetAttempts() throws Exception {
        final int port = RestateHttpServer.listen(Endpoint.bind(new JavaGreeter()).build(), 0);
        final Deployment d = new Deployment("dp_10000000000000000000000", URI.create("http://127.0.0.1:" + port + "/"),
            ProtocolMode.BIDI_STREAM, HttpMode.HTTP2, 5, 6, null, Instant.EPOCH, List.of(), Map.of());
        final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (EndpointClient client = new EndpointClient(InvokerOptions.defaults())) {
            final InvocationAttempts attempts = new InvocationAttempts(client, InvokerOptions.defaults(), timers,
                System::nanoTime);
            for (int i = 0; i < WARMUP; i++) {
                one(attempts, d).get(10, TimeUnit.SECONDS);
            }
            final long[] latencies = new long[SEQUENTIAL];
            for (int i = 0; i < SEQUENTIAL; i++) {
                final long t0 = System.nanoTime();
                one(attempts, d).get(10, TimeUnit.SECONDS);
                latencies[i] = System.nanoTime() - t0;
            }
            Arrays.sort(latencies);
            System.out.printf("sequential: %d attempts, p50 %.0f us, p99 %.0f us%n", SEQUENTIAL,
                latencies[SEQUENTIAL / 2] / 1e3, latencies[SEQUENTIAL * 99 / 100] / 1e3);
            final Semaphore window = new Semaphore(IN_FLIGHT);
            final long t0 = System.nanoTime();
            final CompletableFuture<?>[] all = new CompletableFuture<?>[CONCURRENT];
            for (int i = 0; i < CONCURRENT; i++) {
                window.acquire();
                all[i] = one(attempts, d).whenComplete((o, t) -> window.release());
            }
            CompletableFuture.allOf(all).get(120, TimeUnit.SECONDS);
            final double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("concurrent: %d attempts, %d in flight, %.0f attempts/s, %d HTTP/2 connections%n",
                CONCURRENT, IN_FLIGHT, CONCURRENT / seconds, client.http2ConnectionCount());
        } finally {
            timers.shutdownNow();
        }
    }

    private static CompletableFuture<AttemptOutcome> one(final InvocationAttempts attempts, final Deployment d) {
        final CompletableFuture<AttemptOutcome> done = new CompletableFuture<>();
        attempts.start(new AttemptRequest(ByteString.copyFrom(new byte[24]), "inv_1bench", d, "JavaGreeter", "greet",
            null, List.of(Frame.of(InputCommandMessage.newBuilder().setValue(Value.newBuilder()
                .setContent(ByteString.copyFromUtf8("\"B\""))).build())), null, true, 0, Duration.ZERO, 1L,
            Duration.ofSeconds(30), Duration.ofSeconds(30), null), new AttemptListener() {
                @Override
                public void onResponseStarted(final ProtocolVersion version, final String sdkServer) {
                }

                @Override
                public void onCommand(final int commandIndex, final Frame entry) {
                }

                @Override
                public void onRunProposal(final ProposeRunCompletionMessage proposal, final boolean ackRequested) {
                }

                @Override
                public void onOutcome(final AttemptOutcome outcome) {
                    done.complete(outcome);
                }
            });
        return done.thenApply(o -> {
            assertEquals(new AttemptOutcome.Ended(), o);
            return o;
        });
    }
}
