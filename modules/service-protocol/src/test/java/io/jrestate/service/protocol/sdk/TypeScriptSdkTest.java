package io.jrestate.service.protocol.sdk;

import static io.jrestate.service.protocol.MessageType.CALL_COMMAND;
import static io.jrestate.service.protocol.MessageType.CALL_COMPLETION;
import static io.jrestate.service.protocol.MessageType.CALL_INVOCATION_ID_COMPLETION;
import static io.jrestate.service.protocol.MessageType.GET_EAGER_STATE_COMMAND;
import static io.jrestate.service.protocol.MessageType.INPUT_COMMAND;
import static io.jrestate.service.protocol.MessageType.OUTPUT_COMMAND;
import static io.jrestate.service.protocol.MessageType.RUN_COMMAND;
import static io.jrestate.service.protocol.MessageType.RUN_COMPLETION;
import static io.jrestate.service.protocol.MessageType.SET_STATE_COMMAND;
import static io.jrestate.service.protocol.MessageType.SLEEP_COMMAND;
import static io.jrestate.service.protocol.MessageType.SLEEP_COMPLETION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.HandlerType;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Conformance against the real TypeScript SDK ({@code @restatedev/restate-sdk@1.17.2} on Node 22, installed by
 * {@code bin/ensure-node-sdk}): discovery over h2c (manifest v4, BIDI_STREAM) and HTTP/1.1 (REQUEST_RESPONSE),
 * registration, and attempts of its handlers driven by {@link MiniWorker}, checking the journal each produces.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class TypeScriptSdkTest {
    private static NodeSdkProcess node;
    private static EndpointClient client;
    private static ScheduledExecutorService timers;
    private static MiniWorker worker;

    @BeforeAll
    static void start() throws Exception {
        node = NodeSdkProcess.start();
        client = new EndpointClient(InvokerOptions.defaults());
        timers = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "attempt-timers");
            t.setDaemon(true);
            return t;
        });
        worker = new MiniWorker(new InvocationAttempts(client, InvokerOptions.defaults(), timers, System::nanoTime),
            Duration.ofSeconds(30), "17".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
            timers.shutdownNow();
        }
        if (node != null) {
            node.close();
        }
    }

    private static Deployment register(final boolean http11) throws Exception {
        final DiscoveryClient discovery = new DiscoveryClient(client, InvokerOptions.defaults(), Duration.ofSeconds(10),
            2, Duration.ofMillis(50));
        final int port = http11 ? node.h1Port : node.h2Port;
        final DiscoveredEndpoint ep = discovery.discover(URI.create("http://127.0.0.1:" + port + "/"), List.of(),
            http11).get(30, TimeUnit.SECONDS);
        assertEquals("restate-sdk-typescript/1.17.2", ep.sdkVersion());
        assertEquals(4, ep.manifest().manifestVersion());
        assertEquals(5, ep.manifest().minProtocolVersion());
        assertEquals(7, ep.manifest().maxProtocolVersion());
        assertEquals(http11 ? ProtocolMode.REQUEST_RESPONSE : ProtocolMode.BIDI_STREAM, ep.manifest().protocolMode());
        final SchemaRegistry registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(3));
        final var result = registry.register(ep, false, false, false, Map.of());
        assertEquals(HandlerType.SHARED, registry.service("TsCounter").orElseThrow().handler("get").orElseThrow()
            .type());
        assertEquals(8, registry.service("TsGreeter").orElseThrow().handlers().size());
        return result.deployment();
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldGreetWithInputThenOutput(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "TsGreeter", "greet", null, "\"Bob\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, OUTPUT_COMMAND), r.types());
        assertEquals("\"Hello Bob\"", r.output());
        assertEquals("restate-sdk-typescript/1.17.2", r.sdkServer());
        assertInstanceOf(AttemptOutcome.Ended.class, r.outcomes().getLast());
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldReadAndWriteEagerState(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "TsCounter", "add", "alice", "3",
            Map.of("count", "4".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(INPUT_COMMAND, GET_EAGER_STATE_COMMAND, SET_STATE_COMMAND, OUTPUT_COMMAND), r.types());
        assertEquals("7", r.output());
        assertEquals("7", new String(r.state().get("count"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldSleepThroughACompletion(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "TsGreeter", "sleepy", null, "\"Ann\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, SLEEP_COMMAND, SLEEP_COMPLETION, OUTPUT_COMMAND), r.types());
        assertEquals("\"Rested Ann\"", r.output());
        assertAttempts(http11, r);
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldJournalARunAndItsCompletion(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "TsGreeter", "runner", null, "\"Cy\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, RUN_COMMAND, RUN_COMPLETION, OUTPUT_COMMAND), r.types());
        assertEquals("\"42 Cy\"", r.output());
        assertAttempts(http11, r);
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldJournalACallWithItsTwoNotifications(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "TsGreeter", "caller", null, "\"bob\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, CALL_COMMAND, CALL_INVOCATION_ID_COMPLETION, CALL_COMPLETION,
            OUTPUT_COMMAND), r.types());
        assertEquals("17", r.output());
        final var call = r.journal().get(1).parse(io.jrestate.service.protocol.pb.CallCommandMessage.class);
        assertEquals("TsCounter", call.getServiceName());
        assertEquals("add", call.getHandlerName());
        assertEquals("bob", call.getKey());
        assertEquals(1, call.getInvocationIdNotificationIdx());
        assertEquals(2, call.getResultCompletionId());
        assertAttempts(http11, r);
    }

    @org.junit.jupiter.api.Test
    void shouldSpeakV7WhenEnabledWithRunAcks() throws Exception {
        final InvokerOptions v7 = InvokerOptions.defaults().withProtocolV7(true);
        final MiniWorker w = new MiniWorker(new InvocationAttempts(client, v7, timers, System::nanoTime),
            Duration.ofSeconds(30), new byte[0]);
        final MiniWorker.Result r = w.invoke(register(false), "TsGreeter", "runner", null, "\"V7\"", Map.of());
        assertEquals(io.jrestate.service.protocol.ProtocolVersion.V7, r.version());
        assertEquals(List.of(INPUT_COMMAND, RUN_COMMAND, RUN_COMPLETION, OUTPUT_COMMAND), r.types());
        assertEquals("\"42 V7\"", r.output());
        assertEquals(1, r.outcomes().size());
    }

    @org.junit.jupiter.api.Test
    void shouldSuspendAfterTheInactivityTimeoutClosesTheRequest() throws Exception {
        final MiniWorker w = new MiniWorker(new InvocationAttempts(client, InvokerOptions.defaults(), timers,
            System::nanoTime), Duration.ofMillis(300), new byte[0], false);
        final long start = System.nanoTime();
        final MiniWorker.Result r = w.invoke(register(false), "TsGreeter", "waiter", null, "\"W\"", Map.of(), 1);
        final long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        final var s = assertInstanceOf(AttemptOutcome.Suspended.class, r.outcomes().getFirst());
        assertEquals(List.of(1), s.waitingCompletions());
        assertEquals(List.of(INPUT_COMMAND, SLEEP_COMMAND), r.types());
        assertTrue(elapsedMs >= 250 && elapsedMs < 10_000, "suspended after " + elapsedMs + " ms");
    }

    @org.junit.jupiter.api.Test
    void shouldReportRetryableAndTerminalErrors() throws Exception {
        final Deployment d = register(false);
        final var boom = assertInstanceOf(AttemptOutcome.Failed.class,
            worker.invoke(d, "TsGreeter", "boom", null, "null", Map.of(), 1).outcomes().getFirst());
        assertEquals(AttemptOutcome.FailureKind.SDK_ERROR, boom.kind());
        assertEquals(500, boom.code());
        assertTrue(boom.message().contains("boom"), boom.message());
        final var later = assertInstanceOf(AttemptOutcome.Failed.class,
            worker.invoke(d, "TsGreeter", "later", null, "null", Map.of(), 1).outcomes().getFirst());
        assertEquals(Duration.ofMillis(1500), later.nextRetryDelay());
        final MiniWorker.Result terminal = worker.invoke(d, "TsGreeter", "terminal", null, "null", Map.of(), 1);
        assertInstanceOf(AttemptOutcome.Ended.class, terminal.outcomes().getFirst());
        assertEquals("failure 409 nope", terminal.output());
        final var out = terminal.journal().getLast().parse(io.jrestate.service.protocol.pb.OutputCommandMessage.class);
        assertEquals("v", out.getFailure().getMetadata(0).getValue());
    }

    @org.junit.jupiter.api.Test
    void shouldAbortAnAttemptByResettingTheStream() throws Exception {
        final Deployment d = register(false);
        final InvocationAttempts attempts = new InvocationAttempts(client, InvokerOptions.defaults(), timers,
            System::nanoTime);
        final java.util.concurrent.CompletableFuture<Void> slept = new java.util.concurrent.CompletableFuture<>();
        final java.util.concurrent.CompletableFuture<AttemptOutcome> outcome =
            new java.util.concurrent.CompletableFuture<>();
        final var request = new io.jrestate.service.protocol.attempt.AttemptRequest(
            com.google.protobuf.ByteString.copyFrom(new byte[24]), "inv_1kill", d, "TsGreeter", "waiter", null,
            List.of(io.jrestate.service.protocol.Frame.of(io.jrestate.service.protocol.pb.InputCommandMessage
                .newBuilder().setValue(io.jrestate.service.protocol.pb.Value.newBuilder()
                    .setContent(com.google.protobuf.ByteString.copyFromUtf8("\"K\""))).build())),
            null, true, 0, Duration.ZERO, 1L, Duration.ofSeconds(30), Duration.ofSeconds(30), null);
        final var handle = attempts.start(request, new io.jrestate.service.protocol.attempt.AttemptListener() {
            @Override
            public void onResponseStarted(final io.jrestate.service.protocol.ProtocolVersion v, final String s) {
            }

            @Override
            public void onCommand(final int commandIndex, final io.jrestate.service.protocol.Frame entry) {
                slept.complete(null);
            }

            @Override
            public void onRunProposal(final io.jrestate.service.protocol.pb.ProposeRunCompletionMessage p,
                                      final boolean ack) {
            }

            @Override
            public void onOutcome(final AttemptOutcome o) {
                outcome.complete(o);
            }
        });
        slept.get(20, TimeUnit.SECONDS);
        handle.abort("killed");
        assertEquals(new AttemptOutcome.Aborted("killed"), outcome.get(20, TimeUnit.SECONDS));
        // The SDK survives the reset and serves the next attempt.
        assertEquals("\"Hello Z\"", worker.invoke(d, "TsGreeter", "greet", null, "\"Z\"", Map.of()).output());
    }

    private static void assertAttempts(final boolean http11, final MiniWorker.Result r) {
        assertInstanceOf(AttemptOutcome.Ended.class, r.outcomes().getLast());
        if (http11) {
            assertEquals(2, r.outcomes().size(), r.outcomes().toString());
            final var s = assertInstanceOf(AttemptOutcome.Suspended.class, r.outcomes().getFirst());
            assertTrue(s.waitingSignals().contains(1), "the TS SDK always waits on the cancel signal: " + s);
        } else {
            assertEquals(1, r.outcomes().size(), r.outcomes().toString());
        }
    }
}
