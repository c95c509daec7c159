package io.jrestate.launcher.images;

import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleFinder;
import java.lang.module.ResolutionException;
import java.lang.module.ResolvedModule;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What one image will hold, derived from its spec and the module path, before anything is linked.
 *
 * <pre>
 *   roots   = main module + every module providing one of the image's roles   (RoleProviders)
 *   modules = roots resolved against the JDK and the module path, as jlink resolves them (no service binding)
 *   options = each table option whose module is among `modules` (${roles} filled in)
 * </pre>
 *
 * @param spec the image's table entry
 * @param roles the image's role names (every known role for {@code *}), in the order the server declares them
 *     for {@code *}, else in table order
 * @param roots the root modules given to jlink's {@code --add-modules}
 * @param modules every module the image will hold, JDK modules included
 * @param jvmOptions the JVM options to bake in with {@code --add-options}
 * @param rolesWithoutModule the image's roles that no module provides yet (the launcher then runs no service for
 *     them)
 */
public record ImagePlan(ImageSpec spec, List<String> roles, SortedSet<String> roots, SortedSet<String> modules,
        List<String> jvmOptions, List<String> rolesWithoutModule) {
    /**
     * Creates a plan.
     *
     * @param spec the spec
     * @param roles the roles
     * @param roots the root modules
     * @param modules the resolved modules
     * @param jvmOptions the JVM options
     * @param rolesWithoutModule the roles without a providing module
     */
    public ImagePlan {
        roles = List.copyOf(roles);
        roots = Collections.unmodifiableSortedSet(new TreeSet<>(roots));
        modules = Collections.unmodifiableSortedSet(new TreeSet<>(modules));
        jvmOptions = List.copyOf(jvmOptions);
        rolesWithoutModule = List.copyOf(rolesWithoutModule);
    }

    /**
     * Plans an image.
     *
     * @param spec the image's table entry
     * @param options the table's JVM options
     * @param providers the role providers on the module path
     * @param modulePath the module path
     * @return the plan
     * @throws IllegalArgumentException when the spec names a role the server does not know, or its modules
     *     cannot be resolved
     */
    public static ImagePlan of(final ImageSpec spec, final List<JvmOption> options, final RoleProviders providers,
            final ServerModulePath modulePath) {
        final List<String> roles = spec.allRoles() ? providers.knownRoles() : spec.roles();
        final SortedSet<String> roots = new TreeSet<>(Set.of(spec.mainModule()));
        final List<String> withoutModule = new ArrayList<>();
        for (final String role : roles) {
            if (!providers.knownRoles().contains(role)) {
                throw new IllegalArgumentException("image " + spec.name() + ": unknown role `" + role
                        + "`; the server's roles are " + providers.knownRoles());
            }
            roots.addAll(providers.modulesOf(role));
            if (providers.modulesOf(role).isEmpty()) {
                withoutModule.add(role);
            }
        }
        final SortedSet<String> modules = resolve(spec, roots, modulePath);
        final List<String> jvmOptions = options.stream().flatMap(option -> option.applyTo(modules, roles).stream())
                .toList();
        return new ImagePlan(spec, roles, roots, modules, jvmOptions, withoutModule);
    }

    private static SortedSet<String> resolve(final ImageSpec spec, final Set<String> roots,
            final ServerModulePath modulePath) {
        try {
            final Configuration configuration = Configuration.resolve(
                    ModuleFinder.compose(ModuleFinder.ofSystem(), modulePath.finder()), List.of(Configuration.empty()),
                    ModuleFinder.of(), roots);
            return configuration.modules().stream().map(ResolvedModule::name)
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (final FindException | ResolutionException e) {
            throw new IllegalArgumentException("image " + spec.name() + ": cannot resolve modules " + roots + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The modules of the image that come from the module path rather than the JDK.
     *
     * @param modulePath the module path
     * @return the application modules
     */
    public SortedSet<String> applicationModules(final ServerModulePath modulePath) {
        final Set<String> onPath = modulePath.finder().findAll().stream().map(ref -> ref.descriptor().name())
                .collect(Collectors.toSet());
        return modules.stream().filter(onPath::contains).collect(Collectors.toCollection(TreeSet::new));
    }
}
