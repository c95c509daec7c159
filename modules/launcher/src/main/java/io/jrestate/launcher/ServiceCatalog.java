package io.jrestate.launcher;

import io.jrestate.config.Role;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which services each role runs, and the order roles start in. This is where modules plug into the server:
 * add a {@link NodeServiceFactory} to a role's list in {@link #standard()}.
 *
 * <pre>
 *   start:  metadata-server -&gt; log-server -&gt; worker -&gt; admin -&gt; http-ingress
 *   stop:   the reverse
 * </pre>
 * Metadata comes first because every other role reads the cluster's metadata; the ingress comes last so that
 * requests arrive only when the partitions behind it run.
 *
 * @param factories the factories of each role, in start order within the role
 */
public record ServiceCatalog(Map<Role, List<NodeServiceFactory>> factories) {
    /** The order roles start in. */
    public static final List<Role> START_ORDER = List.of(Role.METADATA_SERVER, Role.LOG_SERVER, Role.WORKER,
            Role.ADMIN, Role.HTTP_INGRESS);

    /**
     * Creates a catalog.
     *
     * @param factories the factories of each role
     */
    public ServiceCatalog {
        final Map<Role, List<NodeServiceFactory>> copy = new EnumMap<>(Role.class);
        factories.forEach((role, list) -> copy.put(role, List.copyOf(list)));
        factories = Map.copyOf(copy);
    }

    /**
     * The server's own services per role. Roles whose modules have not been wired yet have none: the node
     * then serves health and logs that the role has no services.
     *
     * @return the standard catalog
     */
    public static ServiceCatalog standard() {
        return new ServiceCatalog(Map.of());
    }

    /**
     * The factories of a role.
     *
     * @param role the role
     * @return its factories, possibly empty
     */
    public List<NodeServiceFactory> of(final Role role) {
        return factories.getOrDefault(role, List.of());
    }
}
