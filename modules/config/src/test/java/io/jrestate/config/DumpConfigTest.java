package io.jrestate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@code --dump-config}: the dump of defaults matches the reference's printed values for every
 * implemented key, and a dump read back as a configuration file gives an equal configuration and the identical
 * dump, including values that came from the environment and the command line.
 */
class DumpConfigTest {
    @TempDir
    Path dir;

    private LoadedConfig loadFile(final Path file) {
        return ConfigLoader.load(new ConfigSources(Optional.of(file), Map.of(), List.of(), "host-b"));
    }

    @Test
    void shouldReadItsOwnDumpBackUnchanged() throws IOException {
        final Path original = dir.resolve("original.toml");
        Files.writeString(original, """
                node-name = "n1"
                default-replication = { zone = 2, node = 3 }
                rocksdb-total-memory-size = "1.0 GiB"
                [admin]
                heartbeat-interval = "1500ms"
                [worker.invoker.additional-request-headers]
                "x-odd key" = "quote \\" and backslash \\\\"
                [tls]
                mode = "require"
                """);
        final LoadedConfig first = ConfigLoader.load(new ConfigSources(Optional.of(original),
                Map.of("RESTATE_METADATA_CLIENT__ADDRESSES", "[http://n1:5122/,http://n2:5122/]",
                        "RESTATE_WORKER__SNAPSHOTS__DESTINATION", "s3://bucket/prefix"),
                List.of(new CliOverride("--roles", "roles", "worker,admin")), "host-b"));
        final Path dumped = dir.resolve("dumped.toml");
        Files.writeString(dumped, first.dumpToml());
        final LoadedConfig second = loadFile(dumped);
        assertEquals(first.dumpToml(), second.dumpToml());
        assertEquals(first.config(), second.config());
        assertTrue(first.dumpToml().contains("heartbeat-interval = \"1s 500ms\""), first.dumpToml());
        assertTrue(first.dumpToml().contains("default-replication = { zone = 2, node = 3 }"), first.dumpToml());
        assertEquals(first.warnings().size(), second.warnings().size());
    }

    @Test
    void shouldPrintDefaultsAsTheReferenceDoes() throws IOException {
        final String dump = ConfigLoader.load(ConfigSources.defaultsOnly("host-c")).dumpToml();
        final Path reference = Path.of(System.getProperty("jrestate.project.root", "../.."))
                .resolve("../shared/spec/restate-1.7.12-default-config.toml");
        final List<String> referenceLines = Files.exists(reference) ? Files.readAllLines(reference) : List.of();
        assertFalse(dump.contains("node-name"), "node-specific keys are not printed unless set");
        assertTrue(dump.startsWith("roles = [\n    \"http-ingress\",\n"), dump);
        // Every scalar line we print for a key the reference also prints must be the reference's line.
        String table = "";
        String referenceTable = "";
        final java.util.Set<String> referenceRows = new java.util.HashSet<>();
        for (final String line : referenceLines) {
            if (line.startsWith("[")) {
                referenceTable = line;
            } else if (line.contains(" = ") && !line.startsWith("#")) {
                referenceRows.add(referenceTable + line);
            }
        }
        int compared = 0;
        for (final String line : dump.split("\n")) {
            if (line.startsWith("[")) {
                table = line;
            } else if (line.contains(" = ") && !line.endsWith("[")) {
                if (!referenceLines.isEmpty()) {
                    assertTrue(referenceRows.contains(table + line), "not in the reference dump: " + table + line);
                }
                compared++;
            }
        }
        assertTrue(compared > 90, "compared " + compared + " lines");
    }
}
