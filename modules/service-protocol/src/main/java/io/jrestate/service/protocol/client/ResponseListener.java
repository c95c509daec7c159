package io.jrestate.service.protocol.client;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Receives the response of one exchange with a deployment. Calls come from a network event-loop thread, one at a
 * time and in order: {@code onResponseHeaders}, any number of {@code onResponseData}, then exactly one of
 * {@code onResponseEnd} or {@code onFailure} (a failure may also come before any headers). Implementations must
 * not block.
 */
public interface ResponseListener {
    /**
     * The response head arrived.
     *
     * @param status the HTTP status
     * @param headers response headers, lower-case names, in order
     */
    void onResponseHeaders(int status, List<Map.Entry<String, String>> headers);

    /**
     * A chunk of the response body arrived. The buffer is only valid during the call.
     *
     * @param chunk body bytes
     */
    void onResponseData(ByteBuffer chunk);

    /** The response body ended normally. */
    void onResponseEnd();

    /**
     * The exchange failed: connection refused or lost, connect timeout, stream reset by the peer, or reset by us.
     *
     * @param cause what happened
     */
    void onFailure(Throwable cause);
}
