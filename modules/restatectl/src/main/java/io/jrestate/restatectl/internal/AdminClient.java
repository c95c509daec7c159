package io.jrestate.restatectl.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;

/**
 * Talks to a jrestate node's admin HTTP API. Tries the given addresses in order and keeps the first that answers
 * (the reference's discovery of further nodes does not apply: a jrestate node is its own cluster).
 */
public final class AdminClient implements AutoCloseable {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private final HttpClient http;
    private final List<String> addresses;
    private final Duration requestTimeout;
    private String chosen;

    /**
     * Creates a client.
     *
     * @param addresses base URLs, e.g. {@code http://localhost:9070/}, tried in order
     * @param connectTimeoutMs connection timeout
     * @param requestTimeoutMs whole-request timeout
     */
    public AdminClient(final List<String> addresses, final long connectTimeoutMs, final long requestTimeoutMs) {
        this.addresses = addresses.stream().map(AdminClient::normalize).toList();
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMs)).build();
        this.requestTimeout = Duration.ofMillis(requestTimeoutMs);
    }

    /**
     * Adds {@code http://} when no scheme is given and a trailing slash.
     *
     * @param address as typed
     * @return a base URL
     */
    static String normalize(final String address) {
        final String withScheme = address.contains("://") ? address : "http://" + address;
        return withScheme.endsWith("/") ? withScheme : withScheme + "/";
    }

    /** An HTTP answer: status and parsed JSON body (a missing or non-JSON body is null). */
    record Answer(int status, JsonNode body, String text) {
    }

    /**
     * GET {@code path}.
     *
     * @param path relative path without leading slash
     * @return the answer
     * @throws CtlException when no address answers
     */
    Answer get(final String path) {
        return send(path, null);
    }

    /**
     * POST {@code path} with a JSON body.
     *
     * @param path relative path without leading slash
     * @param body the JSON body
     * @return the answer
     * @throws CtlException when no address answers
     */
    Answer post(final String path, final JsonNode body) {
        return send(path, body);
    }

    /**
     * The address that answered last (the first one before any request).
     *
     * @return a base URL
     */
    String address() {
        return chosen != null ? chosen : addresses.getFirst();
    }

    private Answer send(final String path, final JsonNode body) {
        final List<String> order = chosen != null ? List.of(chosen) : addresses;
        CtlException last = null;
        for (String base : order) {
            try {
                final Answer answer = send(base, path, body);
                chosen = base;
                return answer;
            } catch (CtlException e) {
                last = e;
            }
        }
        throw last;
    }

    private Answer send(final String base, final String path, final JsonNode body) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout)
            .header("accept", "application/json");
        if (body != null) {
            request.header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response.body()), response.body());
        } catch (HttpTimeoutException e) {
            throw new CtlException(base + ": The service is currently unavailable: request timed out");
        } catch (ConnectException e) {
            throw new CtlException(base + ": The service is currently unavailable: tcp connect error"
                + (base.contains(":5122") ? " (jrestate's restatectl talks to the admin API, port 9070)" : ""));
        } catch (IOException e) {
            throw new CtlException(base + ": The service is currently unavailable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CtlException(base + ": interrupted");
        }
    }

    private static JsonNode parse(final String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        http.close();
    }

    /** A failure to report as {@code Error: <message>} with exit status 1. */
    public static final class CtlException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the error.
         *
         * @param message the message after {@code Error: }
         */
        public CtlException(final String message) {
            super(message);
        }
    }
}
