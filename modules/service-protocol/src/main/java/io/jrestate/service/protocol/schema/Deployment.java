package io.jrestate.service.protocol.schema;

import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A registered deployment (an SDK endpoint). Immutable; registration with {@code force} replaces it in place.
 *
 * @param id {@code dp_...} id
 * @param uri normalised URI (trailing slash)
 * @param protocolMode bidi stream or request/response, from the manifest
 * @param httpMode HTTP/2 or HTTP/1.1 ({@code use_http_11})
 * @param minProtocolVersion lowest service protocol version the SDK speaks
 * @param maxProtocolVersion highest service protocol version the SDK speaks
 * @param sdkVersion the SDK's {@code x-restate-server} header, or null
 * @param createdAt registration time
 * @param additionalHeaders headers sent with every request to the deployment
 * @param metadata user metadata given at registration
 */
public record Deployment(String id, URI uri, ProtocolMode protocolMode, HttpMode httpMode, int minProtocolVersion,
                         int maxProtocolVersion, String sdkVersion, Instant createdAt,
                         List<Map.Entry<String, String>> additionalHeaders, Map<String, String> metadata) {
    /**
     * Copies the collections.
     *
     * @param id id
     * @param uri uri
     * @param protocolMode mode
     * @param httpMode http
     * @param minProtocolVersion min
     * @param maxProtocolVersion max
     * @param sdkVersion sdk
     * @param createdAt created
     * @param additionalHeaders headers
     * @param metadata metadata
     */
    public Deployment {
        additionalHeaders = List.copyOf(additionalHeaders);
        metadata = Map.copyOf(metadata);
    }

    /**
     * Picks the protocol version for a new attempt against this deployment.
     *
     * @param serverMax the server's cap (V6, or V7 when enabled)
     * @return the version, or empty when this deployment cannot be talked to
     */
    public Optional<ProtocolVersion> negotiate(final ProtocolVersion serverMax) {
        return ProtocolVersion.negotiate(minProtocolVersion, maxProtocolVersion, serverMax);
    }
}
