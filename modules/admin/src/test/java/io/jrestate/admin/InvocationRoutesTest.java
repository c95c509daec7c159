package io.jrestate.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.admin.internal.InvocationRoutes;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.common.ids.InvocationUuid;
import io.jrestate.http.HttpServer;
import io.jrestate.http.HttpServerOptions;
import io.jrestate.http.Router;
import io.jrestate.worker.InvocationControl;
import io.jrestate.worker.InvocationControl.Operation;
import io.jrestate.worker.InvocationControl.Outcome;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives {@code /invocations/{id}/...} over real HTTP against a recording invocation control, and checks each
 * outcome's status code and body against what restate-server 1.7.12 answered for the same situation (recorded
 * side by side: 202/200 empty bodies, 404 unknown id, 409 already completed / not completed / not running /
 * completed-not-resumable, 400 for a malformed id), the version prefixes, the legacy {@code DELETE ?mode=} form
 * and a node without a worker. The invocation behaviour itself is tested in the worker module.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InvocationRoutesTest {
    private static final String ID = new InvocationId(42, new InvocationUuid(7, 9)).toString();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> calls = new ArrayList<>();
    private final AtomicReference<Outcome> next = new AtomicReference<>(Outcome.DONE);
    private final AtomicReference<InvocationControl> control = new AtomicReference<>();
    private HttpServer admin;

    @BeforeEach
    void start() throws Exception {
        control.set((id, operation) -> {
            calls.add(operation + " " + id);
            return CompletableFuture.completedFuture(next.get());
        });
        final Router router = new Router();
        InvocationRoutes.mount(router, control::get);
        admin = HttpServer.start(HttpServerOptions.of("admin", new InetSocketAddress("127.0.0.1", 0), 1 << 20),
                router);
    }

    @AfterEach
    void stop() {
        admin.close();
    }

    private HttpResponse<String> send(final String method, final String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void expect(final Outcome outcome, final String op, final int status, final String body) throws Exception {
        next.set(outcome);
        final HttpResponse<String> response = send("PATCH", "/invocations/" + ID + "/" + op);
        assertEquals(status, response.statusCode(), op + " " + outcome);
        assertEquals(body, response.body(), op + " " + outcome);
    }

    @Test
    void shouldAnswerEveryOutcomeAsTheReference() throws Exception {
        expect(Outcome.ACCEPTED, "cancel", 202, "");
        expect(Outcome.DONE, "kill", 200, "");
        expect(Outcome.DONE, "purge", 200, "");
        expect(Outcome.ACCEPTED, "pause", 202, "");
        expect(Outcome.DONE, "resume", 200, "");
        expect(Outcome.NOT_FOUND, "cancel", 404,
                "{\"message\":\"The requested invocation '" + ID + "' does not exist\",\"restate_code\":null}");
        expect(Outcome.ALREADY_COMPLETED, "kill", 409,
                "{\"message\":\"The invocation '" + ID + "' was already completed.\",\"restate_code\":null}");
        expect(Outcome.NOT_COMPLETED, "purge", 409,
                "{\"message\":\"The invocation '" + ID + "' is not yet completed.\",\"restate_code\":null}");
        expect(Outcome.NOT_RUNNING, "pause", 409, "{\"message\":\"The invocation '" + ID
                + "' is not running, cannot be paused.\",\"restate_code\":null}");
        expect(Outcome.COMPLETED_NOT_RESUMABLE, "resume", 409, "{\"message\":\"The invocation '" + ID
                + "' is completed, cannot be resumed.\",\"restate_code\":null}");
        expect(Outcome.NOT_STARTED, "resume", 425, "{\"message\":\"The invocation '" + ID
                + "' is either inboxed or scheduled, cannot be resumed.\",\"restate_code\":null}");
        assertEquals(List.of("CANCEL " + ID, "KILL " + ID, "PURGE " + ID, "PAUSE " + ID, "RESUME " + ID,
                "CANCEL " + ID, "KILL " + ID, "PURGE " + ID, "PAUSE " + ID, "RESUME " + ID, "RESUME " + ID), calls);
    }

    @Test
    void shouldServePurgeJournalUnderItsDashedName() throws Exception {
        expect(Outcome.DONE, "purge-journal", 200, "");
        expect(Outcome.NOT_COMPLETED, "purge-journal", 409,
                "{\"message\":\"The invocation '" + ID + "' is not yet completed.\",\"restate_code\":null}");
        assertEquals(List.of("PURGE_JOURNAL " + ID, "PURGE_JOURNAL " + ID), calls);
        assertEquals(404, send("PATCH", "/invocations/" + ID + "/purge_journal").statusCode());
    }

    @Test
    void shouldRefuseAMalformedIdWithoutAskingTheWorker() throws Exception {
        final HttpResponse<String> response = send("PATCH", "/invocations/inv_1bogus/kill");
        assertEquals(400, response.statusCode());
        assertEquals("{\"message\":\"The request field 'invocation_id' is invalid. Reason: bad length\","
                + "\"restate_code\":null}", response.body());
        assertEquals(List.of(), calls);
    }

    @Test
    void shouldServeVersionPrefixesAndTheLegacyDeleteForm() throws Exception {
        assertEquals(200, send("PATCH", "/v2/invocations/" + ID + "/kill").statusCode());
        assertEquals(202, send("DELETE", "/v4/invocations/" + ID).statusCode());
        assertEquals(202, send("DELETE", "/invocations/" + ID + "?mode=purge").statusCode());
        assertEquals(400, send("DELETE", "/invocations/" + ID + "?mode=explode").statusCode());
        assertEquals(List.of(Operation.KILL + " " + ID, Operation.CANCEL + " " + ID, Operation.PURGE + " " + ID),
                calls);
    }

    @Test
    void shouldAnswer503WhenNoWorkerRunsOnTheNode() throws Exception {
        control.set(null);
        final HttpResponse<String> response = send("PATCH", "/invocations/" + ID + "/cancel");
        assertEquals(503, response.statusCode());
        assertEquals(true, response.body().contains(ID), response.body());
    }
}
