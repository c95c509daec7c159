package io.jrestate.service.protocol.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole state of the schema registry, as persisted by a {@link SchemaStore}.
 *
 * @param version increases by one with every change (a future metadata store can use it for compare-and-set)
 * @param deployments registered deployments in registration order
 * @param services every kept revision of every service, by name, revisions ascending
 */
public record SchemaSnapshot(long version, List<Deployment> deployments, Map<String, List<ServiceSchema>> services) {
    /** The empty registry. */
    public static final SchemaSnapshot EMPTY = new SchemaSnapshot(0, List.of(), Map.of());

    /**
     * Copies the collections, keeping the order of services.
     *
     * @param version version
     * @param deployments deployments
     * @param services services
     */
    public SchemaSnapshot {
        deployments = List.copyOf(deployments);
        final Map<String, List<ServiceSchema>> copy = new LinkedHashMap<>();
        services.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        services = java.util.Collections.unmodifiableMap(copy);
    }
}
