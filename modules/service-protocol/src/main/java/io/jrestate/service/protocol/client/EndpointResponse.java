package io.jrestate.service.protocol.client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A whole response read into memory (discovery, health checks).
 *
 * @param status the HTTP status
 * @param headers response headers, lower-case names, in order
 * @param body the body bytes
 */
public record EndpointResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    /**
     * Returns the first value of a header.
     *
     * @param name the header name (case-insensitive)
     * @return the value, or null when absent
     */
    public String header(final String name) {
        final String lower = name.toLowerCase(Locale.ROOT);
        for (final Map.Entry<String, String> h : headers) {
            if (h.getKey().equals(lower)) {
                return h.getValue();
            }
        }
        return null;
    }

    /**
     * Returns the body decoded as UTF-8.
     *
     * @return the body text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
