package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.LoadedConfig;
import io.jrestate.config.Role;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Loads every example in {@code conf/} with the real loader: each must load without errors or warnings and run
 * the roles its name promises.
 */
class ExampleConfigsTest {
    private static final Path CONF = Path.of(System.getProperty("jrestate.project.root", "../..")).resolve("conf");

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "single-node.toml|n1|http-ingress,admin,worker,log-server,metadata-server",
        "cluster-node.toml|n1|http-ingress,admin,worker,log-server,metadata-server",
        "metadata-only.toml|meta3|metadata-server",
        "worker-only.toml|w4|worker",
        "log-server-only.toml|log5|log-server"})
    void shouldLoadCleanly(final String file, final String nodeName, final String roles) {
        final LoadedConfig loaded = ConfigLoader.load(new ConfigSources(Optional.of(CONF.resolve(file)), Map.of(),
                List.of(), "host"));
        assertEquals(List.of(), loaded.warnings());
        assertEquals(nodeName, loaded.config().common().nodeName());
        final Set<Role> expected = EnumSet.noneOf(Role.class);
        for (final String role : roles.split(",")) {
            expected.add(Role.fromConfigName(role));
        }
        assertEquals(expected, loaded.config().common().roles());
    }
}
