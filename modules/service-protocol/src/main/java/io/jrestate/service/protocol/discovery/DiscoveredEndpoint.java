package io.jrestate.service.protocol.discovery;

import io.jrestate.service.protocol.client.HttpMode;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a successful discovery.
 *
 * @param uri the deployment URI, normalised with a trailing {@code /}
 * @param httpMode HTTP/2 or HTTP/1.1, as the deployment was reached
 * @param additionalHeaders the headers sent with every request to this deployment
 * @param sdkVersion the {@code x-restate-server} response header, or null
 * @param manifest the validated manifest
 */
public record DiscoveredEndpoint(URI uri, HttpMode httpMode, List<Map.Entry<String, String>> additionalHeaders,
                                 String sdkVersion, EndpointManifest manifest) {
    /**
     * Copies the headers.
     *
     * @param uri uri
     * @param httpMode mode
     * @param additionalHeaders headers
     * @param sdkVersion sdk
     * @param manifest manifest
     */
    public DiscoveredEndpoint {
        additionalHeaders = List.copyOf(additionalHeaders);
    }
}
