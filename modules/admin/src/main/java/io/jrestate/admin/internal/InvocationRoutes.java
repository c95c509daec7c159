package io.jrestate.admin.internal;

import io.jrestate.admin.AdminApi;
import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.worker.InvocationControl;
import io.jrestate.worker.InvocationControl.Operation;
import io.jrestate.worker.InvocationControl.Outcome;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code PATCH /invocations/{id}/cancel|kill|purge|purge-journal|pause|resume} and the legacy {@code DELETE
 * /invocations/{id}?mode=cancel|kill|purge}, answered as restate-server 1.7.12 answers them (checked side by
 * side):
 *
 * <pre>
 *  outcome                  status  body
 *  -----------------------  ------  ----------------------------------------------------------------------
 *  ACCEPTED                 202     empty (cancel or pause of a running invocation; DELETE always)
 *  DONE                     200     empty (kill, purge, purge-journal, resume, pause of a paused
 *                                   invocation, cancel of a scheduled or inboxed one)
 *  bad id                   400     The request field 'invocation_id' is invalid. Reason: bad length
 *  NOT_FOUND                404     The requested invocation 'inv_…' does not exist
 *  ALREADY_COMPLETED        409     The invocation 'inv_…' was already completed.
 *  NOT_COMPLETED            409     The invocation 'inv_…' is not yet completed.
 *  NOT_RUNNING              409     The invocation 'inv_…' is not running, cannot be paused.
 *  COMPLETED_NOT_RESUMABLE  409     The invocation 'inv_…' is completed, cannot be resumed.
 *  NOT_STARTED              425     The invocation 'inv_…' is either inboxed or scheduled, cannot be resumed.
 * </pre>
 */
public final class InvocationRoutes {
    private final Supplier<InvocationControl> control;

    /**
     * Creates the routes.
     *
     * @param control the worker's invocation control, looked up per request (null while no worker runs)
     */
    public InvocationRoutes(final Supplier<InvocationControl> control) {
        this.control = control;
    }

    /**
     * Mounts the routes on the admin router, unprefixed and under every admin API version.
     *
     * @param router the admin server's router
     * @param control the worker's invocation control, looked up per request (null while no worker runs)
     */
    public static void mount(final Router router, final Supplier<InvocationControl> control) {
        final InvocationRoutes invocations = new InvocationRoutes(control);
        for (final Operation operation : Operation.values()) {
            AdminApi.routeVersioned(router, "PATCH", "/invocations/{id}/" + pathOf(operation),
                    v -> r -> invocations.patch(operation, r));
        }
        AdminApi.routeVersioned(router, "DELETE", "/invocations/{id}", v -> invocations::delete);
    }

    /**
     * The path segment of an operation, e.g. {@code purge-journal}.
     *
     * @param operation the operation
     * @return its lower-case name with dashes
     */
    static String pathOf(final Operation operation) {
        return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * {@code PATCH /invocations/{id}/{operation}} for one operation.
     *
     * @param operation the operation
     * @param request the request
     * @return the response
     */
    public CompletableFuture<HttpResponse> patch(final Operation operation, final HttpRequest request) {
        return manage(request.pathParam("id"), operation, false);
    }

    /**
     * {@code DELETE /invocations/{id}?mode=cancel|kill|purge} (default cancel): 202 when it applies.
     *
     * @param request the request
     * @return the response
     */
    public CompletableFuture<HttpResponse> delete(final HttpRequest request) {
        final String mode = request.queryParam("mode") == null ? "cancel" : request.queryParam("mode");
        final Operation operation;
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "cancel" -> operation = Operation.CANCEL;
            case "kill" -> operation = Operation.KILL;
            case "purge" -> operation = Operation.PURGE;
            default -> {
                return AdminErrors.done(HttpResponse.text(400, "Failed to deserialize query string: mode: unknown "
                        + "variant `" + mode + "`, expected one of `cancel`, `kill`, `purge`"));
            }
        }
        return manage(request.pathParam("id"), operation, true);
    }

    private CompletableFuture<HttpResponse> manage(final String idText, final Operation operation,
            final boolean legacy) {
        final InvocationId id;
        try {
            id = InvocationId.parse(idText);
        } catch (final IdFormatException e) {
            return AdminErrors.done(AdminErrors.BadRequest.invalidField("invocation_id", e.reason()).response());
        }
        final InvocationControl worker = control.get();
        if (worker == null) {
            return AdminErrors.done(AdminErrors.json(503, "No worker runs on this node to manage invocation '"
                    + idText + "'", null));
        }
        return worker.manage(id, operation).handle((outcome, error) -> error != null ? AdminErrors.of(error)
                : answer(outcome, id.toString(), legacy));
    }

    static HttpResponse answer(final Outcome outcome, final String id, final boolean legacy) {
        final String invocation = "The invocation '" + id + "' ";
        return switch (outcome) {
            case ACCEPTED -> HttpResponse.empty(202);
            case DONE -> HttpResponse.empty(legacy ? 202 : 200);
            case NOT_FOUND -> AdminErrors.json(404, "The requested invocation '" + id + "' does not exist", null);
            case ALREADY_COMPLETED -> AdminErrors.json(409, invocation + "was already completed.", null);
            case NOT_COMPLETED -> AdminErrors.json(409, invocation + "is not yet completed.", null);
            case NOT_RUNNING -> AdminErrors.json(409, invocation + "is not running, cannot be paused.", null);
            case COMPLETED_NOT_RESUMABLE -> AdminErrors.json(409, invocation + "is completed, cannot be resumed.",
                    null);
            case NOT_STARTED -> AdminErrors.json(425, invocation + "is either inboxed or scheduled, cannot be resumed.",
                    null);
        };
    }
}
