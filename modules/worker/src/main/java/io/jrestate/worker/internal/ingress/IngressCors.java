package io.jrestate.worker.internal.ingress;

import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;

/**
 * Cross-origin headers of the ingress, as the reference serves them so that browser applications may call
 * services directly: every answer carries {@code vary} and {@code access-control-allow-credentials: true}, plus
 * {@code access-control-allow-origin} echoing the request's {@code origin}; an {@code OPTIONS} request is a
 * preflight answered 200 with an empty body, echoing the requested method and headers.
 *
 * <pre>
 *  OPTIONS /Greeter/greet                         200
 *    origin: https://app.example                  access-control-allow-origin: https://app.example
 *    access-control-request-method: POST     -->  access-control-allow-methods: POST
 *    access-control-request-headers: a, b         access-control-allow-headers: a, b
 * </pre>
 */
final class IngressCors {
    static final String VARY = "origin, access-control-request-method, access-control-request-headers";

    private IngressCors() {
    }

    /** The preflight answer to an {@code OPTIONS} request. */
    static HttpResponse preflight(final HttpRequest request) {
        HttpResponse response = HttpResponse.empty(200);
        final String method = request.header("access-control-request-method");
        if (method != null) {
            response = response.withHeader("access-control-allow-methods", method);
        }
        final String headers = request.header("access-control-request-headers");
        if (headers != null) {
            response = response.withHeader("access-control-allow-headers", headers);
        }
        return response;
    }

    /** The answer with the cross-origin headers added. */
    static HttpResponse decorate(final HttpRequest request, final HttpResponse response) {
        HttpResponse out = response.withHeader("vary", VARY).withHeader("access-control-allow-credentials", "true");
        final String origin = request.header("origin");
        if (origin != null) {
            out = out.withHeader("access-control-allow-origin", origin);
        }
        return out;
    }
}
