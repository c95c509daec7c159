package io.jrestate.service.protocol.schema;

import java.util.Map;

/**
 * A handler of a service revision.
 *
 * @param name handler name
 * @param type handler type, null for handlers of plain services
 * @param input input rules
 * @param output output rules
 * @param documentation documentation or null
 * @param metadata metadata
 * @param options the handler's own overrides (null fields inherit from the service)
 */
public record HandlerSchema(String name, HandlerType type, InputRules input, OutputRules output, String documentation,
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
     * @param options overrides
     */
    public HandlerSchema {
        metadata = Map.copyOf(metadata);
    }
}
