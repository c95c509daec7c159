package io.jrestate.launcher.images;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The inputs the Maven build prepares for the image builder (see the module's pom): the image table, the server's
 * module path file and the patched automatic modules, passed to the tests as system properties.
 */
final class BuildInputs {
    private BuildInputs() {
    }

    static Path table() {
        return path("images.table");
    }

    static ServerModulePath serverModulePath() throws IOException {
        return ServerModulePath.load(path("images.modulePathFile"), path("images.patchedDir"));
    }

    static Path path(final String property) {
        final String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set: run the tests through "
                    + "Maven (bin/mvn25 -pl modules/launcher/images -am verify)");
        }
        return Path.of(value);
    }
}
