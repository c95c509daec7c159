package io.jrestate.http;

import java.util.List;
import java.util.Map;

/**
 * A complete HTTP request as the router hands it to a handler.
 *
 * @param method the request method in upper case, e.g. {@code POST}
 * @param path the raw path, not percent-decoded, without the query string
 * @param rawQuery the raw query string without the leading {@code ?}, empty when absent
 * @param headers the headers in arrival order, names in lower case
 * @param body the request body, empty when absent
 * @param pathParams the {@code {name}} segments of the matched route, percent-decoded
 * @param queryParams the decoded query parameters in arrival order
 */
public record HttpRequest(
        String method,
        String path,
        String rawQuery,
        List<Map.Entry<String, String>> headers,
        byte[] body,
        Map<String, String> pathParams,
        Map<String, List<String>> queryParams) {

    /**
     * Returns the first value of header {@code name}, or null.
     *
     * @param name the header name, case-insensitive
     * @return the first value, or null when absent
     */
    public String header(final String name) {
        for (final Map.Entry<String, String> header : headers) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    /**
     * Returns the decoded path parameter {@code name}, or null when the route has no such segment.
     *
     * @param name the name used in the route pattern
     * @return the decoded value, or null
     */
    public String pathParam(final String name) {
        return pathParams.get(name);
    }

    /**
     * Returns the first decoded value of query parameter {@code name}, or null.
     *
     * @param name the parameter name
     * @return the first value, or null when absent
     */
    public String queryParam(final String name) {
        final List<String> values = queryParams.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Returns a copy of this request with the given path parameters.
     *
     * @param params the parameters captured by the matched route
     * @return the new request
     */
    public HttpRequest withPathParams(final Map<String, String> params) {
        return new HttpRequest(method, path, rawQuery, headers, body, Map.copyOf(params), queryParams);
    }
}
