package io.jrestate.launcher.images;

import java.util.List;
import java.util.Set;

/**
 * A JVM option baked into each image holding a given module.
 *
 * @param module the module whose presence calls for the option, or {@code *} for every image
 * @param option the option text; {@value #ROLES_PLACEHOLDER} stands for the image's comma-separated roles
 */
public record JvmOption(String module, String option) {
    /** The placeholder replaced by the image's roles. */
    public static final String ROLES_PLACEHOLDER = "${roles}";
    /** The module pattern that matches every image. */
    public static final String ANY_MODULE = "*";

    /**
     * The option as it applies to an image, if it applies.
     *
     * @param imageModules the modules the image holds
     * @param roles the image's roles
     * @return the option text, or empty when the image lacks the module or has no roles for the placeholder
     */
    public List<String> applyTo(final Set<String> imageModules, final List<String> roles) {
        if (!module.equals(ANY_MODULE) && !imageModules.contains(module)) {
            return List.of();
        }
        if (option.contains(ROLES_PLACEHOLDER)) {
            return roles.isEmpty() ? List.of() : List.of(option.replace(ROLES_PLACEHOLDER, String.join(",", roles)));
        }
        return List.of(option);
    }
}
