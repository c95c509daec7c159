package io.jrestate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A complete HTTP response.
 *
 * <p>The server adds {@code content-length}; everything else is up to the handler.
 *
 * @param status the HTTP status code
 * @param headers the headers to send, in order
 * @param body the body bytes, empty for none
 */
public record HttpResponse(int status, List<Map.Entry<String, String>> headers, byte[] body) {
    private static final byte[] NO_BODY = new byte[0];

    /**
     * Serialises {@code value} with {@link Json#MAPPER} into an {@code application/json} response.
     *
     * @param status the HTTP status code
     * @param value a Jackson-serialisable value
     * @return the response
     */
    public static HttpResponse json(final int status, final Object value) {
        try {
            return json(status, Json.MAPPER.writeValueAsBytes(value));
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise response body: " + e.getMessage(), e);
        }
    }

    /**
     * Wraps already serialised JSON.
     *
     * @param status the HTTP status code
     * @param json the JSON bytes
     * @return the response
     */
    public static HttpResponse json(final int status, final byte[] json) {
        return new HttpResponse(status, List.of(Map.entry("content-type", "application/json")), json);
    }

    /**
     * A {@code text/plain; charset=utf-8} response.
     *
     * @param status the HTTP status code
     * @param text the body text
     * @return the response
     */
    public static HttpResponse text(final int status, final String text) {
        return new HttpResponse(status, List.of(Map.entry("content-type", "text/plain; charset=utf-8")),
                text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A response without body.
     *
     * @param status the HTTP status code
     * @return the response
     */
    public static HttpResponse empty(final int status) {
        return new HttpResponse(status, List.of(), NO_BODY);
    }

    /**
     * Returns a copy with one more header.
     *
     * @param name the header name
     * @param value the header value
     * @return the new response
     */
    public HttpResponse withHeader(final String name, final String value) {
        final List<Map.Entry<String, String>> more = new ArrayList<>(headers);
        more.add(Map.entry(name, value));
        return new HttpResponse(status, List.copyOf(more), body);
    }

    /**
     * Returns the first value of header {@code name}, or null.
     *
     * @param name the header name, case-insensitive
     * @return the value or null
     */
    public String header(final String name) {
        for (final Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }
}
