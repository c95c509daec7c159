package io.jrestate.launcher.images;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolutionException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which module provides which role, found the way the launcher finds roles at run time: the modules declaring
 * {@code provides io.jrestate.node.api.NodeServiceFactory} are loaded into a module layer of their own, each
 * factory is instantiated with {@link ServiceLoader}, and its {@code role()} is asked. Nothing here names a role
 * module, so a role module that lands later is picked up by the next image build.
 *
 * <p>The builder's code does not depend on the server's modules: it reaches {@code NodeServiceFactory.role()}
 * and {@code Role.configName()} by reflection through the layer. The layer resolves its JDK modules from the
 * boot layer, so run the builder with {@code --add-modules ALL-DEFAULT} (the class path has them all anyway).
 *
 * @param knownRoles every role name the server knows ({@code io.jrestate.config.Role}), in declaration order
 * @param modulesByRole the modules providing each role; a role nobody provides yet is absent
 */
public record RoleProviders(List<String> knownRoles, Map<String, SortedSet<String>> modulesByRole) {
    /** The service a role module provides. */
    public static final String FACTORY_SERVICE = "io.jrestate.node.api.NodeServiceFactory";
    private static final String NODE_API_MODULE = "io.jrestate.node.api";
    private static final String CONFIG_MODULE = "io.jrestate.config";
    private static final String ROLE_ENUM = "io.jrestate.config.Role";

    /**
     * Creates the mapping.
     *
     * @param knownRoles every role name
     * @param modulesByRole the modules of each provided role
     */
    public RoleProviders {
        knownRoles = List.copyOf(knownRoles);
        final Map<String, SortedSet<String>> copy = new TreeMap<>();
        modulesByRole.forEach((role, modules) -> copy.put(role, Collections.unmodifiableSortedSet(
                new TreeSet<>(modules))));
        modulesByRole = Collections.unmodifiableMap(copy);
    }

    /**
     * Finds the role providers on a module path.
     *
     * @param modulePath the server's module path
     * @return the roles and their modules
     * @throws IllegalStateException when the modules cannot be resolved or a factory cannot be created or asked
     */
    public static RoleProviders discover(final ServerModulePath modulePath) {
        final Set<String> providerModules = modulePath.finder().findAll().stream()
                .map(reference -> reference.descriptor())
                .filter(descriptor -> descriptor.provides().stream()
                        .anyMatch(provides -> provides.service().equals(FACTORY_SERVICE)))
                .map(ModuleDescriptor::name).collect(Collectors.toCollection(TreeSet::new));
        final Set<String> roots = new TreeSet<>(providerModules);
        roots.add(NODE_API_MODULE);
        roots.add(CONFIG_MODULE);
        final ModuleLayer layer = layerOf(modulePath, roots);
        try {
            final Class<?> service = Class.forName(FACTORY_SERVICE, false, layer.findLoader(NODE_API_MODULE));
            final Class<?> roleEnum = Class.forName(ROLE_ENUM, false, layer.findLoader(CONFIG_MODULE));
            final Method configName = roleEnum.getMethod("configName");
            final List<String> known = new ArrayList<>();
            for (final Object role : roleEnum.getEnumConstants()) {
                known.add((String) configName.invoke(role));
            }
            return new RoleProviders(known, providers(layer, service, configName));
        } catch (final ReflectiveOperationException e) {
            throw new IllegalStateException("cannot ask the role factories of " + providerModules + ": " + e, e);
        }
    }

    private static ModuleLayer layerOf(final ServerModulePath modulePath, final Set<String> roots) {
        try {
            final Configuration configuration = ModuleLayer.boot().configuration()
                    .resolve(modulePath.finder(), java.lang.module.ModuleFinder.of(), roots);
            return ModuleLayer.boot().defineModulesWithOneLoader(configuration, ClassLoader.getPlatformClassLoader());
        } catch (final FindException | ResolutionException e) {
            throw new IllegalStateException("cannot resolve the server's modules to find its roles (run the builder "
                    + "with --add-modules ALL-DEFAULT): " + e.getMessage(), e);
        }
    }

    private static Map<String, SortedSet<String>> providers(final ModuleLayer layer, final Class<?> service,
            final Method configName) throws ReflectiveOperationException {
        RoleProviders.class.getModule().addUses(service);
        final Method role = service.getMethod("role");
        final Map<String, SortedSet<String>> byRole = new TreeMap<>();
        for (final ServiceLoader.Provider<?> provider : ServiceLoader.load(layer, service).stream().toList()) {
            final String module = provider.type().getModule().getName();
            final Object factory;
            try {
                factory = provider.get();
            } catch (final ServiceConfigurationError e) {
                throw new IllegalStateException("module " + module + ": cannot create its NodeServiceFactory "
                        + provider.type().getName() + ": " + e.getMessage(), e);
            }
            final String name;
            try {
                final Object value = role.invoke(factory);
                if (value == null) {
                    throw new IllegalStateException("module " + module + ": " + provider.type().getName()
                            + ".role() returned null");
                }
                name = (String) configName.invoke(value);
            } catch (final InvocationTargetException e) {
                throw new IllegalStateException("module " + module + ": " + provider.type().getName()
                        + ".role() failed: " + e.getCause(), e);
            }
            byRole.computeIfAbsent(name, key -> new TreeSet<>()).add(module);
        }
        return byRole;
    }

    /**
     * The modules providing a role.
     *
     * @param role the role's configuration name
     * @return the modules, empty when no module provides the role yet
     */
    public SortedSet<String> modulesOf(final String role) {
        return modulesByRole.getOrDefault(role, Collections.emptySortedSet());
    }
}
