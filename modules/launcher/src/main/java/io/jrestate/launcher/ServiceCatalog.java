package io.jrestate.launcher;

import io.jrestate.config.Role;
import io.jrestate.node.api.NodeServiceFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Which services each role runs, the order roles start in, and which roles this build can run at all.
 *
 * <p>Role modules plug in by providing {@link NodeServiceFactory} (see its javadoc); {@link #standard()} finds
 * them with {@link ServiceLoader}. A role-specific runtime image (issue: jlink images) declares the roles it was
 * linked for in the system property {@value #IMAGE_ROLES_PROPERTY}; a node asking for a role outside that set is
 * refused at start. Without the property (a development module path) every role is available.
 *
 * <pre>
 *   start:  metadata-server -&gt; log-server -&gt; worker -&gt; admin -&gt; http-ingress
 *   stop:   the reverse
 * </pre>
 * Metadata comes first because every other role reads the cluster's metadata; the ingress comes last so that
 * requests arrive only when the partitions behind it run.
 *
 * @param factories the factories of each role, in start order within the role
 * @param availableRoles the roles this build or image can run
 */
public record ServiceCatalog(Map<Role, List<NodeServiceFactory>> factories, Set<Role> availableRoles) {
    /** The order roles start in. */
    public static final List<Role> START_ORDER = List.of(Role.METADATA_SERVER, Role.LOG_SERVER, Role.WORKER,
            Role.ADMIN, Role.HTTP_INGRESS);
    /** System property naming the roles a runtime image holds, comma-separated config names. */
    public static final String IMAGE_ROLES_PROPERTY = "jrestate.image.roles";

    /**
     * Creates a catalog.
     *
     * @param factories the factories of each role
     * @param availableRoles the roles this build can run
     */
    public ServiceCatalog {
        final Map<Role, List<NodeServiceFactory>> copy = new EnumMap<>(Role.class);
        factories.forEach((role, list) -> copy.put(role, List.copyOf(list)));
        factories = Map.copyOf(copy);
        availableRoles = availableRoles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(availableRoles));
    }

    /**
     * A catalog of the given factories in which every role is available.
     *
     * @param factories the factories of each role
     * @return the catalog
     */
    public static ServiceCatalog of(final Map<Role, List<NodeServiceFactory>> factories) {
        return new ServiceCatalog(factories, EnumSet.allOf(Role.class));
    }

    /**
     * The factories found on the module path (or class path), and the roles of this image.
     *
     * @return the standard catalog
     * @throws IllegalStateException when {@value #IMAGE_ROLES_PROPERTY} names an unknown role
     */
    public static ServiceCatalog standard() {
        final Map<Role, List<NodeServiceFactory>> byRole = new EnumMap<>(Role.class);
        for (final NodeServiceFactory factory : ServiceLoader.load(NodeServiceFactory.class)) {
            byRole.computeIfAbsent(factory.role(), role -> new ArrayList<>()).add(factory);
        }
        byRole.values().forEach(list -> list.sort(Comparator.comparingInt(NodeServiceFactory::startRank)
                .thenComparing(factory -> factory.getClass().getName())));
        return new ServiceCatalog(byRole, imageRoles(System.getProperty(IMAGE_ROLES_PROPERTY)));
    }

    static Set<Role> imageRoles(final String property) {
        if (property == null || property.isBlank()) {
            return EnumSet.allOf(Role.class);
        }
        final Set<Role> roles = EnumSet.noneOf(Role.class);
        for (final String name : property.split(",")) {
            roles.add(Role.fromConfigName(name.trim().toLowerCase(Locale.ROOT)));
        }
        return roles;
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

    /**
     * Checks that this build can run every requested role.
     *
     * @param requested the roles of the node's configuration
     * @throws IllegalArgumentException naming the missing roles and the roles this image has
     */
    public void requireAvailable(final Set<Role> requested) {
        final List<String> missing = requested.stream().filter(role -> !availableRoles.contains(role))
                .map(Role::configName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("this runtime image cannot run role(s) " + missing
                    + ": it was built with roles " + availableRoles.stream().map(Role::configName).sorted().toList()
                    + ". Set `roles` in restate.toml (or --roles) to a subset, or use an image that has them");
        }
    }
}
