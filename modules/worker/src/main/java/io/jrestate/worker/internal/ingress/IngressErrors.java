package io.jrestate.worker.internal.ingress;

import io.jrestate.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference server's ingress error answers: {@code {"code":…,"message":…,"source":"ingress"|"invocation"}}
 * with the header {@code x-restate-error-source}.
 */
final class IngressErrors {
    static final String SOURCE_INGRESS = "ingress";
    static final String SOURCE_INVOCATION = "invocation";

    private IngressErrors() {
    }

    static HttpResponse ingress(final int status, final String message) {
        return error(status, status, message, SOURCE_INGRESS);
    }

    static HttpResponse error(final int status, final int code, final String message, final String source) {
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("source", source);
        return HttpResponse.json(status, body).withHeader("x-restate-error-source", source);
    }

    /** The HTTP status for a failure code: the code itself when it is a valid status, else 500. */
    static int statusFor(final int code) {
        return code >= 400 && code <= 599 ? code : 500;
    }
}
