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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restate.sdk.endpoint.Endpoint;
import dev.restate.sdk.http.vertx.RestateHttpServer;
import io.jrestate.service.protocol.MessageType;
import io.jrestate.service.protocol.attempt.AttemptOutcome;
import io.jrestate.service.protocol.attempt.InvocationAttempts;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.HandlerType;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.SchemaStore;
import io.jrestate.service.protocol.schema.ServiceDefaults;
import io.jrestate.service.protocol.schema.ServiceType;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;

/**
 * Conformance against the real Java SDK ({@code dev.restate:sdk-java-http:2.4.0}) running in-process: discovery
 * and registration of its endpoint, then attempts of its handlers driven by {@link MiniWorker}, checking the
 * journal each produces, over h2c (bidi: notifications delivered on the open stream) and HTTP/1.1
 * (request/response: the SDK suspends and the next attempt replays the completion).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JavaSdkTest {
    private static int sdkPort;
    private static EndpointClient client;
    private static ScheduledExecutorService timers;
    private static MiniWorker worker;

    @BeforeAll
    static void start() {
        sdkPort = RestateHttpServer.listen(Endpoint.bind(new JavaGreeter()).bind(new JavaCounter()).build(), 0);
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
    static void stop() {
        client.close();
        timers.shutdownNow();
    }

    private static Deployment register(final boolean http11) throws Exception {
        final DiscoveryClient discovery = new DiscoveryClient(client, InvokerOptions.defaults(), Duration.ofSeconds(10),
            2, Duration.ofMillis(50));
        final DiscoveredEndpoint ep = discovery.discover(URI.create("http://127.0.0.1:" + sdkPort + "/"), List.of(),
            http11).get(30, TimeUnit.SECONDS);
        assertNotNull(ep.sdkVersion());
        assertTrue(ep.sdkVersion().startsWith("restate-sdk-java/"), ep.sdkVersion());
        final SchemaRegistry registry = new SchemaRegistry(SchemaStore.inMemory(), ServiceDefaults.defaults(),
            Clock.systemUTC(), new SplittableRandom(3));
        final var result = registry.register(ep, false, false, false, Map.of());
        assertEquals(ServiceType.VIRTUAL_OBJECT, registry.service("JavaCounter").orElseThrow().type());
        assertEquals(HandlerType.SHARED, registry.service("JavaCounter").orElseThrow().handler("get").orElseThrow()
            .type());
        assertEquals(4, registry.service("JavaGreeter").orElseThrow().handlers().size());
        return result.deployment();
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldGreetWithInputThenOutput(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "JavaGreeter", "greet", null, "\"Bob\"",
            Map.of());
        assertEquals(List.of(INPUT_COMMAND, OUTPUT_COMMAND), r.types());
        assertEquals("\"Hello Bob\"", r.output());
        assertInstanceOf(AttemptOutcome.Ended.class, r.outcomes().getLast());
        assertTrue(r.sdkServer().startsWith("restate-sdk-java/"), r.sdkServer());
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldReadAndWriteEagerState(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "JavaCounter", "add", "alice", "3",
            Map.of("count", "4".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(INPUT_COMMAND, GET_EAGER_STATE_COMMAND, SET_STATE_COMMAND, OUTPUT_COMMAND), r.types());
        assertEquals("7", r.output());
        assertEquals("7", new String(r.state().get("count"), StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldSleepThroughACompletion(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "JavaGreeter", "sleepy", null, "\"Ann\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, SLEEP_COMMAND, SLEEP_COMPLETION, OUTPUT_COMMAND), r.types());
        assertEquals("\"Rested Ann\"", r.output());
        assertAttempts(http11, r);
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldJournalARunAndItsCompletion(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "JavaGreeter", "runner", null, "\"Cy\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, RUN_COMMAND, RUN_COMPLETION, OUTPUT_COMMAND), r.types());
        assertEquals("\"42 Cy\"", r.output());
        assertAttempts(http11, r);
    }

    @ParameterizedTest(name = "http11={0}")
    @ValueSource(booleans = {false, true})
    void shouldJournalACallWithItsTwoNotifications(final boolean http11) throws Exception {
        final MiniWorker.Result r = worker.invoke(register(http11), "JavaGreeter", "caller", null, "\"bob\"", Map.of());
        assertEquals(List.of(INPUT_COMMAND, CALL_COMMAND, CALL_INVOCATION_ID_COMPLETION, CALL_COMPLETION,
            OUTPUT_COMMAND), r.types());
        assertEquals("17", r.output());
        final var call = r.journal().get(1).parse(io.jrestate.service.protocol.pb.CallCommandMessage.class);
        assertEquals("JavaCounter", call.getServiceName());
        assertEquals("add", call.getHandlerName());
        assertEquals("bob", call.getKey());
        assertEquals("5", call.getParameter().toStringUtf8());
        assertAttempts(http11, r);
    }

    /** Bidi finishes in one attempt; request/response suspends once and finishes on the replay. */
    private static void assertAttempts(final boolean http11, final MiniWorker.Result r) {
        assertInstanceOf(AttemptOutcome.Ended.class, r.outcomes().getLast());
        if (http11) {
            assertEquals(2, r.outcomes().size(), r.outcomes().toString());
            assertInstanceOf(AttemptOutcome.Suspended.class, r.outcomes().getFirst());
        } else {
            assertEquals(1, r.outcomes().size(), r.outcomes().toString());
        }
        assertTrue(r.journal().stream().noneMatch(f -> f.type() == MessageType.CUSTOM_ENTRY));
    }
}
