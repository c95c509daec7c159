package io.jrestate.service.protocol.attempt;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Explains non-200 answers of a deployment to an attempt, as the reference server classifies them. */
final class StatusMessages {
    private StatusMessages() {
    }

    static String describe(final int status, final List<Map.Entry<String, String>> headers) {
        return switch (status) {
            case 502, 504 -> "the deployment is unavailable (HTTP " + status + ")";
            case 503, 429 -> "the deployment is rate limiting (HTTP " + status + ")";
            case 415 -> "the deployment rejected the negotiated protocol version (HTTP 415); if the SDK was updated, "
                + "register the deployment again to rediscover it";
            case 413 -> "the deployment rejected the request as too large (HTTP 413)";
            default -> "the deployment answered with an unexpected status HTTP " + status;
        };
    }

    static Duration retryAfter(final int status, final List<Map.Entry<String, String>> headers) {
        if (status != 503 && status != 429) {
            return null;
        }
        for (final Map.Entry<String, String> h : headers) {
            if (h.getKey().equals("retry-after")) {
                try {
                    return Duration.ofSeconds(Long.parseLong(h.getValue().trim()));
                } catch (final NumberFormatException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
