package io.jrestate.launcher.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The versions this build reports: the Restate release it is compatible with and jrestate's own.
 *
 * @param restate e.g. {@code 1.7.12}; what {@code -V} and {@code GET /version} print
 * @param jrestate e.g. {@code 0.1.0-SNAPSHOT}
 */
public record ServerVersion(String restate, String jrestate) {
    private static final String RESOURCE = "/io/jrestate/launcher/version.properties";

    /**
     * The versions of this build.
     *
     * @return the versions, read from the build-filtered resource
     */
    public static ServerVersion current() {
        try (InputStream in = ServerVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            final Properties properties = new Properties();
            properties.load(in);
            return new ServerVersion(properties.getProperty("restate.version"),
                    properties.getProperty("jrestate.version"));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
