package io.jrestate.service.protocol.discovery;

import io.jrestate.service.protocol.schema.HandlerType;
import io.jrestate.service.protocol.schema.InputRules;
import io.jrestate.service.protocol.schema.OutputRules;
import io.jrestate.service.protocol.schema.ServiceOptions;
import io.jrestate.service.protocol.schema.ServiceType;
import java.util.List;
import java.util.Map;

/**
 * A validated endpoint manifest: what {@code GET /discover} returned (manifest v1 to v4).
 *
 * @param manifestVersion the negotiated manifest version (1 to 4)
 * @param protocolMode bidi stream or request/response
 * @param minProtocolVersion lowest service protocol version the SDK speaks
 * @param maxProtocolVersion highest service protocol version the SDK speaks
 * @param lambdaCompression {@code lambdaCompression} (v4), or null
 * @param services the services, in manifest order
 */
public record EndpointManifest(int manifestVersion, ProtocolMode protocolMode, int minProtocolVersion,
                               int maxProtocolVersion, String lambdaCompression, List<Service> services) {
    /**
     * Copies the list.
     *
     * @param manifestVersion version
     * @param protocolMode mode
     * @param minProtocolVersion min
     * @param maxProtocolVersion max
     * @param lambdaCompression compression
     * @param services services
     */
    public EndpointManifest {
        services = List.copyOf(services);
    }

    /**
     * One service of the manifest.
     *
     * @param name service name
     * @param type service type
     * @param handlers handlers in manifest order
     * @param documentation documentation or null
     * @param metadata metadata (never null)
     * @param options service-level options
     */
    public record Service(String name, ServiceType type, List<Handler> handlers, String documentation,
                          Map<String, String> metadata, ServiceOptions options) {
        /**
         * Copies the collections.
         *
         * @param name name
         * @param type type
         * @param handlers handlers
         * @param documentation docs
         * @param metadata metadata
         * @param options options
         */
        public Service {
            handlers = List.copyOf(handlers);
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * One handler of a service.
     *
     * @param name handler name
     * @param type handler type, or null for handlers of plain services
     * @param input input rules
     * @param output output rules
     * @param documentation documentation or null
     * @param metadata metadata (never null)
     * @param options handler-level options
     */
    public record Handler(String name, HandlerType type, InputRules input, OutputRules output, String documentation,
                          Map<String, String> metadata, ServiceOptions options) {
        /**
         * Copies the metadata.
         *
         * @param name name
         * @param type type
         * @param input input
         * @param output output
         * @param documentation docs
         * @param metadata metadata
         * @param options options
         */
        public Handler {
            metadata = Map.copyOf(metadata);
        }
    }
}
