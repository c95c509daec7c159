package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.launcher.ServiceCatalog;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the launcher in-process for everything that ends before a node starts: help, version, usage errors,
 * configuration errors (exit 2) and {@code --dump-config}, whose output must read back through {@code -c} to the
 * identical dump.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final Map<String, String> env, final String... args) {
        out.reset();
        err.reset();
        final Launcher launcher = new Launcher(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ServiceCatalog.standard());
        return launcher.run(List.of(args));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintVersionAndHelp() {
        assertEquals(0, run(Map.of(), "-V"));
        assertTrue(stdout().startsWith("restate-server 1.7.12 (jrestate "), stdout());
        assertEquals(0, run(Map.of(), "--help"));
        assertTrue(stdout().contains("--dump-config"), stdout());
    }

    @Test
    void shouldExitWithCode2OnUsageAndConfigurationErrors() throws Exception {
        assertEquals(2, run(Map.of(), "--frobnicate"));
        assertEquals("restate-server: unknown argument '--frobnicate'; see --help\n", stderr());
        assertEquals(2, run(Map.of("RESTATE_CONFIG", dir.resolve("missing.toml").toString())));
        assertTrue(stderr().contains("missing.toml: cannot read the configuration file"), stderr());
        assertEquals(2, run(Map.of(), "--log-filter", "loud", "--dump-config"));
        assertTrue(stderr().contains("key log-filter: invalid log level 'loud'"), stderr());
        assertEquals(2, run(Map.of(), "--default-num-partitions", "70000", "--dump-config"));
        assertTrue(stderr().contains("command-line flag --default-num-partitions: key default-num-partitions: "
                + "expected a partition count from 1 to 65535, got 70000 (out of range)"), stderr());
    }

    @Test
    void shouldReadItsDumpBackThroughTheConfigFileFlag() throws Exception {
        assertEquals(0, run(Map.of("RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT", "90s"), "--dump-config",
                "--node-name", "n7", "--roles", "worker,admin"));
        final String dump = stdout();
        assertTrue(dump.contains("node-name = \"n7\""), dump);
        assertTrue(dump.contains("inactivity-timeout = \"1m 30s\""), dump);
        final Path file = dir.resolve("dumped.toml");
        Files.writeString(file, dump);
        assertEquals(0, run(Map.of(), "--dump-config", "-c", file.toString()));
        assertEquals(dump, stdout());
    }
}
