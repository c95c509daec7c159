package io.jrestate.worker.internal.ingress;

import io.jrestate.http.HttpRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small parsing helpers for ingress requests: path segments, forwarded headers, content types. */
final class IngressRequests {
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "host", "idempotency-key",
            "idempotency-expires");

    private IngressRequests() {
    }

    /** The percent-decoded, non-empty path segments. */
    static List<String> segments(final String rawPath) {
        final List<String> out = new ArrayList<>();
        for (final String part : rawPath.split("/")) {
            if (!part.isEmpty()) {
                out.add(URLDecoder.decode(part.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** The headers passed to the handler: a synthetic ingress path first, then the request's own. */
    static List<Map.Entry<String, String>> forwardedHeaders(final HttpRequest request) {
        final List<Map.Entry<String, String>> out = new ArrayList<>(request.headers().size() + 1);
        final String pathAndQuery = request.rawQuery().isEmpty() ? request.path()
                : request.path() + "?" + request.rawQuery();
        out.add(Map.entry("x-restate-ingress-path", pathAndQuery));
        for (final Map.Entry<String, String> header : request.headers()) {
            if (!NOT_FORWARDED.contains(header.getKey())) {
                out.add(header);
            }
        }
        return out;
    }

    /**
     * Whether a request content type satisfies a handler's accepted type: any, a type with a wildcard subtype,
     * or an exact match; parameters such as {@code charset} are ignored.
     */
    static boolean contentTypeMatches(final String accepted, final String actual) {
        if (accepted == null || accepted.equals("*/*")) {
            return true;
        }
        if (actual == null) {
            return false;
        }
        final String bare = actual.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        final String want = accepted.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        if (want.endsWith("/*")) {
            return bare.startsWith(want.substring(0, want.length() - 1));
        }
        return bare.equals(want);
    }
}
