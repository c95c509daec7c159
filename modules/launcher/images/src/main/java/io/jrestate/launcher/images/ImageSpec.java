package io.jrestate.launcher.images;

import java.util.List;

/**
 * One image of the image table: its name, its launcher script and main class, and its roles.
 *
 * @param name the image's name, also its folder under the output folder
 * @param launcherName the script under {@code bin/} that runs {@code mainModule/mainClass}
 * @param mainModule the module holding the main class, the first root of the image
 * @param mainClass the fully qualified main class
 * @param allRoles whether the image has every role ({@code *} in the table); {@link #roles} is then empty
 * @param roles the role names of the image, in table order; empty for a tool image or when {@code allRoles}
 */
public record ImageSpec(String name, String launcherName, String mainModule, String mainClass, boolean allRoles,
        List<String> roles) {
    /**
     * Creates a spec.
     *
     * @param name the image's name
     * @param launcherName the launcher script's name
     * @param mainModule the main module
     * @param mainClass the main class
     * @param allRoles whether the image has every role
     * @param roles the role names
     */
    public ImageSpec {
        roles = List.copyOf(roles);
    }

    /**
     * Whether this image runs a node (it has roles) rather than a tool.
     *
     * @return true when the image has at least one role or every role
     */
    public boolean hasRoles() {
        return allRoles || !roles.isEmpty();
    }
}
