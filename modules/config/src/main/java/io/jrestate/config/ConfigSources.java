package io.jrestate.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the configuration is built from, lowest precedence first: built-in defaults, the file, the
 * environment, the command line. Tests pass their own environment and hostname; the launcher passes the
 * process's.
 *
 * @param configFile the {@code restate.toml} to read, if any
 * @param environment the environment variables ({@code RESTATE_*} and {@code RUST_LOG} are read)
 * @param cliOverrides values from command-line flags
 * @param hostname the default {@code node-name}
 */
public record ConfigSources(Optional<Path> configFile, Map<String, String> environment,
        List<CliOverride> cliOverrides, String hostname) {

    /**
     * Creates sources.
     *
     * @param configFile the file, if any
     * @param environment the environment variables
     * @param cliOverrides values from command-line flags
     * @param hostname the default node name
     */
    public ConfigSources {
        environment = Map.copyOf(environment);
        cliOverrides = List.copyOf(cliOverrides);
    }

    /**
     * Sources with only built-in defaults and a fixed hostname, for tests.
     *
     * @param hostname the default node name
     * @return the sources
     */
    public static ConfigSources defaultsOnly(final String hostname) {
        return new ConfigSources(Optional.empty(), Map.of(), List.of(), hostname);
    }

    /**
     * This machine's host name, the reference's default {@code node-name}.
     *
     * @return the host name, or {@code localhost} when it cannot be found
     */
    public static String localHostname() {
        try {
            final String kernel = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!kernel.isEmpty()) {
                return kernel;
            }
        } catch (final IOException | RuntimeException e) {
            // Not Linux, or /proc is not mounted: ask the resolver below.
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            return "localhost";
        }
    }
}
