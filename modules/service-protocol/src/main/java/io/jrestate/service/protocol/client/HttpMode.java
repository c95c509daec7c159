package io.jrestate.service.protocol.client;

/** How the server talks HTTP to a deployment, chosen at registration ({@code use_http_11}). */
public enum HttpMode {
    /** HTTP/2 cleartext with prior knowledge (no Upgrade); full duplex, used for bidi-stream deployments. */
    HTTP2,
    /** HTTP/1.1 with a chunked request body; half duplex, used for request/response deployments. */
    HTTP1_1;

    /**
     * Returns the version label the admin API shows for deployments.
     *
     * @return {@code HTTP/2.0} or {@code HTTP/1.1}
     */
    public String label() {
        return this == HTTP2 ? "HTTP/2.0" : "HTTP/1.1";
    }
}
