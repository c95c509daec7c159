package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.CliOverride;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Parses command lines the way users of the reference restate-server write them: both flag forms, repeated and
 * comma-separated roles, the config file from {@code RESTATE_CONFIG} unless {@code -c} is given, and clear errors
 * for unknown flags and missing values.
 */
class CommandLineTest {

    @Test
    void shouldMapFlagsToConfigurationKeys() {
        final CommandLine parsed = CommandLine.parse(List.of("--node-name", "n1", "--cluster-name=c",
                "--base-dir", "/data", "--auto-provision", "false", "--bind-address", "0.0.0.0:5122",
                "--advertised-address", "http://n1:5122/", "--default-num-partitions", "4", "--log-filter",
                "debug"), Optional.empty());
        assertEquals(List.of(new CliOverride("--node-name", "node-name", "n1"),
                new CliOverride("--cluster-name", "cluster-name", "c"),
                new CliOverride("--base-dir", "base-dir", "/data"),
                new CliOverride("--auto-provision", "auto-provision", "false"),
                new CliOverride("--bind-address", "bind-address", "0.0.0.0:5122"),
                new CliOverride("--advertised-address", "advertised-address", "http://n1:5122/"),
                new CliOverride("--default-num-partitions", "default-num-partitions", "4"),
                new CliOverride("--log-filter", "log-filter", "debug")), parsed.overrides());
    }

    @Test
    void shouldJoinRepeatedAndCommaSeparatedRoles() {
        final CommandLine parsed = CommandLine.parse(List.of("--roles=worker,admin", "--roles", "log-server"),
                Optional.empty());
        assertEquals(List.of(new CliOverride("--roles", "roles", "worker,admin,log-server")), parsed.overrides());
    }

    @Test
    void shouldTakeTheConfigFileFromTheEnvironmentUnlessGiven() {
        assertEquals(Optional.of(Path.of("/env.toml")),
                CommandLine.parse(List.of(), Optional.of("/env.toml")).configFile());
        assertEquals(Optional.of(Path.of("/flag.toml")),
                CommandLine.parse(List.of("-c", "/flag.toml"), Optional.of("/env.toml")).configFile());
        assertEquals(Optional.of(Path.of("/long.toml")),
                CommandLine.parse(List.of("--config-file=/long.toml"), Optional.empty()).configFile());
    }

    @Test
    void shouldRecogniseModeFlags() {
        final CommandLine parsed = CommandLine.parse(List.of("--dump-config", "-V", "-h", "--no-logo",
                "--production"), Optional.empty());
        assertTrue(parsed.dumpConfig() && parsed.version() && parsed.help());
        assertEquals(List.of(new CliOverride("--production", "auto-provision", "false")), parsed.overrides());
    }

    @Test
    void shouldRejectUnknownFlagsAndMissingValues() {
        assertEquals("unknown argument '--nodename'; see --help", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse(List.of("--nodename", "x"), Optional.empty())).getMessage());
        assertEquals("flag --node-name needs a value; see --help", assertThrows(CommandLine.UsageException.class,
                () -> CommandLine.parse(List.of("--node-name"), Optional.empty())).getMessage());
    }
}
