package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.http.HttpResponse;
import io.jrestate.service.protocol.discovery.DiscoveryException;
import io.jrestate.service.protocol.schema.SchemaException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Error responses shaped like the reference: {@code {"message": "...", "restate_code": "META0003" | null}}, with
 * the status of the error class (discovery 500, not found 404, conflict 409, invalid 400). Body deserialisation
 * failures are plain text, as the reference's HTTP framework answers them.
 */
final class AdminErrors {
    private static final System.Logger LOG = System.getLogger(AdminErrors.class.getName());

    private AdminErrors() {
    }

    static HttpResponse json(final int status, final String message, final String restateCode) {
        final ObjectNode n = AdminJson.MAPPER.createObjectNode();
        n.put("message", message);
        if (restateCode == null) {
            n.putNull("restate_code");
        } else {
            n.put("restate_code", restateCode);
        }
        return HttpResponse.json(status, AdminJson.bytes(n));
    }

    static CompletableFuture<HttpResponse> done(final HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    static HttpResponse of(final Throwable failure) {
        final Throwable t = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        if (t instanceof DiscoveryException d) {
            return json(500, d.decoratedMessage(), d.restateCode());
        }
        if (t instanceof SchemaException s) {
            final int status = switch (s.kind()) {
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INVALID -> 400;
            };
            return json(status, s.decoratedMessage(), s.restateCode());
        }
        if (t instanceof BadRequest b) {
            return b.response();
        }
        LOG.log(System.Logger.Level.ERROR, "admin request failed", t);
        return json(500, "Internal server error: " + t.getMessage(), null);
    }

    /** A request that is malformed; carries the exact response to send. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient HttpResponse response;

        BadRequest(final HttpResponse response, final String message) {
            super(message);
            this.response = response;
        }

        HttpResponse response() {
            return response;
        }

        /** Plain-text 422 as the reference framework answers unparsable JSON bodies. */
        static BadRequest unprocessable(final String detail) {
            return new BadRequest(HttpResponse.text(422, "Failed to deserialize the JSON body into the target type: "
                + detail), detail);
        }

        /** JSON 400 naming an invalid request field. */
        static BadRequest invalidField(final String field, final String reason) {
            return new BadRequest(json(400, "The request field '" + field + "' is invalid. Reason: " + reason, null),
                reason);
        }
    }
}
