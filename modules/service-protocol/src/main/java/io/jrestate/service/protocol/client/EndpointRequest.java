package io.jrestate.service.protocol.client;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The head of one HTTP request to a deployment.
 *
 * @param uri absolute {@code http://} URI including path and query
 * @param method the HTTP method ({@code POST} for attempts, {@code GET} for discovery)
 * @param mode HTTP/2 prior knowledge or HTTP/1.1
 * @param headers request headers in order, lower-case names
 * @param hasBody whether a request body follows ({@code false} sends the head as the whole request)
 */
public record EndpointRequest(URI uri, String method, HttpMode mode, List<Map.Entry<String, String>> headers,
                              boolean hasBody) {
    /**
     * Validates the request head.
     *
     * @param uri target
     * @param method HTTP method
     * @param mode HTTP mode
     * @param headers headers
     * @param hasBody whether a body follows
     */
    public EndpointRequest {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(mode, "mode");
        if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("deployment URI must be an absolute http:// URI with a host: " + uri);
        }
        headers = List.copyOf(headers);
    }

    /**
     * Returns the port to connect to (80 when the URI has none).
     *
     * @return the TCP port
     */
    public int port() {
        return uri.getPort() < 0 ? 80 : uri.getPort();
    }

    /**
     * Returns the request target: raw path (at least {@code /}) plus raw query.
     *
     * @return e.g. {@code /invoke/Greeter/greet}
     */
    public String pathAndQuery() {
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /**
     * Returns the authority ({@code host:port}) for {@code :authority} and {@code host}.
     *
     * @return the authority
     */
    public String authority() {
        return uri.getRawAuthority();
    }
}
