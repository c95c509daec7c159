package io.jrestate.service.protocol.attempt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.FrameDecoder;
import io.jrestate.service.protocol.MessageType;
import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import io.jrestate.service.protocol.pb.EndMessage;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.SleepCompletionNotificationMessage;
import io.jrestate.service.protocol.pb.StartMessage;
import io.jrestate.service.protocol.pb.SuspensionMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.pb.Void;
import io.jrestate.service.protocol.schema.Deployment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Attempts against a scripted request/response deployment (the JDK's HTTP/1.1 server): what the server sends
 * (headers, StartMessage fields, the replayed journal), and every failure an attempt must classify: non-200
 * answers with Retry-After, a wrong content type, forbidden messages from the SDK, a response without a terminal
 * message, the abort timeout, and a protocol version range the server cannot use.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AttemptFailureTest {
    private HttpServer server;
    private EndpointClient client;
    private ScheduledExecutorService timers;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<Frame> received = new CopyOnWriteArrayList<>();

    /** What the scripted deployment answers. */
    private interface Script {
        void answer(HttpExchange ex) throws IOException;
    }

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        client = new EndpointClient(InvokerOptions.defaults());
        timers = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void stop() {
        server.stop(0);
        client.close();
        timers.shutdownNow();
    }

    private void script(final Script script) {
        server.createContext("/", ex -> {
            seen.add(ex.getRequestURI().getPath() + " ct=" + ex.getRequestHeaders().getFirst("content-type")
                + " id=" + ex.getRequestHeaders().getFirst("x-restate-invocation-id") + " key="
                + ex.getRequestHeaders().getFirst("x-restate-service-key") + " cluster="
                + ex.getRequestHeaders().getFirst("x-restate-cluster-name"));
            new FrameDecoder(1 << 20).feed(ex.getRequestBody().readAllBytes(), received::add);
            script.answer(ex);
        });
    }

    private static void respond(final HttpExchange ex, final int status, final String contentType,
                                final Frame... frames) throws IOException {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (final Frame f : frames) {
            body.writeBytes(f.encode());
        }
        if (contentType != null) {
            ex.getResponseHeaders().add("content-type", contentType);
        }
        ex.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            ex.getResponseBody().write(body.toByteArray());
        }
        ex.close();
    }

    private Deployment deployment(final int min, final int max) {
        return new Deployment("dp_10000000000000000000000", URI.create("http://127.0.0.1:"
            + server.getAddress().getPort() + "/prefix/"), ProtocolMode.REQUEST_RESPONSE, HttpMode.HTTP1_1, min, max,
            null, Instant.EPOCH, List.of(Map.entry("authorization", "Bearer t")), Map.of());
    }

    private AttemptOutcome run(final Deployment d, final List<Frame> journal, final Duration inactivity,
                               final Duration abort) throws Exception {
        final CompletableFuture<AttemptOutcome> outcome = new CompletableFuture<>();
        final List<Frame> commands = new ArrayList<>();
        new InvocationAttempts(client, InvokerOptions.defaults(), timers, System::nanoTime).start(
            new AttemptRequest(ByteString.copyFrom(new byte[24]), "inv_1abc", d, "Counter", "add", "a b/c", journal,
                List.of(Map.entry("count".getBytes(), "3".getBytes())), false, 2, Duration.ofMillis(1500), 99L,
                inactivity, abort, null),
            new AttemptListener() {
                @Override
                public void onResponseStarted(final ProtocolVersion version, final String sdkServer) {
                }

                @Override
                public void onCommand(final int commandIndex, final Frame entry) {
                    commands.add(entry);
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
        return outcome.get(30, TimeUnit.SECONDS);
    }

    private static List<Frame> journal() {
        return List.of(Frame.of(InputCommandMessage.newBuilder().setValue(Value.newBuilder()
            .setContent(ByteString.copyFromUtf8("1"))).build()));
    }

    private AttemptOutcome.Failed failed(final Script script) throws Exception {
        script(script);
        return assertInstanceOf(AttemptOutcome.Failed.class,
            run(deployment(5, 7), journal(), Duration.ofSeconds(10), Duration.ofSeconds(10)));
    }

    @Test
    void shouldSendHeadersStartMessageAndReplay() throws Exception {
        script(ex -> respond(ex, 200, "application/vnd.restate.invocation.v6",
            Frame.of(SuspensionMessage.newBuilder().addWaitingCompletions(1).build())));
        final List<Frame> journal = new ArrayList<>(journal());
        journal.add(Frame.of(SleepCompletionNotificationMessage.newBuilder().setCompletionId(1)
            .setVoid(Void.getDefaultInstance()).build()));
        final AttemptOutcome o = run(deployment(5, 7), journal, Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertEquals(new AttemptOutcome.Suspended(List.of(1), List.of(), List.of(), null), o);
        assertEquals(List.of("/prefix/invoke/Counter/add ct=application/vnd.restate.invocation.v6 id=inv_1abc "
            + "key=a%20b%2Fc cluster=localcluster"), seen);
        assertEquals(List.of(MessageType.START, MessageType.INPUT_COMMAND, MessageType.SLEEP_COMPLETION),
            received.stream().map(Frame::type).toList());
        final StartMessage start = received.getFirst().parse(StartMessage.class);
        assertEquals(2, start.getKnownEntries());
        assertEquals("a b/c", start.getKey());
        assertEquals(99L, start.getRandomSeed());
        assertEquals(2, start.getRetryCountSinceLastStoredEntry());
        assertEquals(1500, start.getDurationSinceLastStoredEntry());
        assertEquals("count", start.getStateMap(0).getKey().toStringUtf8());
        assertTrue(!start.getPartialState());
    }

    @Test
    void shouldHonourRetryAfterOnRateLimiting() throws Exception {
        final AttemptOutcome.Failed f = failed(ex -> {
            ex.getResponseHeaders().add("retry-after", "2");
            respond(ex, 503, "text/plain");
        });
        assertEquals(AttemptOutcome.FailureKind.UNEXPECTED_RESPONSE, f.kind());
        assertEquals(Duration.ofSeconds(2), f.nextRetryDelay());
        assertTrue(f.message().contains("rate limiting (HTTP 503)"), f.message());
    }

    @Test
    void shouldRejectAnotherContentType() throws Exception {
        final AttemptOutcome.Failed f = failed(ex -> respond(ex, 200, "application/vnd.restate.invocation.v5",
            Frame.of(EndMessage.getDefaultInstance())));
        assertEquals(AttemptOutcome.FailureKind.UNEXPECTED_RESPONSE, f.kind());
        assertTrue(f.message().contains("expected 'application/vnd.restate.invocation.v6'"), f.message());
    }

    @Test
    void shouldRejectNotificationsFromTheSdk() throws Exception {
        final AttemptOutcome.Failed f = failed(ex -> respond(ex, 200, "application/vnd.restate.invocation.v6",
            Frame.of(SleepCompletionNotificationMessage.newBuilder().setCompletionId(1).build())));
        assertEquals(AttemptOutcome.FailureKind.PROTOCOL_VIOLATION, f.kind());
        assertTrue(f.message().contains("SLEEP_COMPLETION (0x800C), which is not allowed from an SDK"), f.message());
    }

    @Test
    void shouldFailAResponseWithoutTerminalMessage() throws Exception {
        final AttemptOutcome.Failed f = failed(ex -> respond(ex, 200, "application/vnd.restate.invocation.v6",
            Frame.of(OutputCommandMessage.newBuilder().setValue(Value.getDefaultInstance()).build())));
        assertEquals(AttemptOutcome.FailureKind.PROTOCOL_VIOLATION, f.kind());
        assertEquals("the deployment closed the response without End, Suspension or Error", f.message());
    }

    @Test
    void shouldFailOnEmptySuspension() throws Exception {
        final AttemptOutcome.Failed f = failed(ex -> respond(ex, 200, "application/vnd.restate.invocation.v6",
            Frame.of(SuspensionMessage.getDefaultInstance())));
        assertTrue(f.message().contains("suspended without waiting"), f.message());
    }

    @Test
    void shouldAbortARequestResponseAttemptAfterTheAbortTimeout() throws Exception {
        final CompletableFuture<Void> never = new CompletableFuture<>();
        script(ex -> {
            try {
                never.get(20, TimeUnit.SECONDS);
            } catch (final Exception e) {
                // The test ends the wait by stopping the server.
            }
        });
        final long startNs = System.nanoTime();
        final AttemptOutcome o = run(deployment(5, 7), journal(), Duration.ofMillis(200), Duration.ofMillis(300));
        final long elapsedMs = (System.nanoTime() - startNs) / 1_000_000;
        never.complete(null);
        final AttemptOutcome.Failed f = assertInstanceOf(AttemptOutcome.Failed.class, o);
        assertEquals(AttemptOutcome.FailureKind.TIMEOUT, f.kind());
        // Request/response: the request is closed after the replay, so the abort timeout counts from the start.
        assertTrue(elapsedMs >= 280 && elapsedMs < 10_000, "timed out after " + elapsedMs + " ms");
    }

    @Test
    void shouldRefuseADeploymentWithoutCommonVersion() throws Exception {
        script(ex -> respond(ex, 500, null));
        final AttemptOutcome.Failed f = assertInstanceOf(AttemptOutcome.Failed.class,
            run(deployment(7, 7), journal(), Duration.ofSeconds(5), Duration.ofSeconds(5)));
        assertEquals(AttemptOutcome.FailureKind.VERSION_MISMATCH, f.kind());
        assertTrue(seen.isEmpty(), "no request is sent");
    }

    @Test
    void shouldRejectRequestsWithoutInputCommand() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttemptRequest(
            ByteString.EMPTY, "inv_1x", deployment(5, 7), "S", "h", null, List.of(), null, true, 0, Duration.ZERO,
            0, Duration.ofSeconds(1), Duration.ofSeconds(1), null));
        assertTrue(e.getMessage().contains("inv_1x: the journal must start with the InputCommand"), e.getMessage());
    }
}
