package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The {@code backup} and {@code restore} subcommands up to the point where they need a server or a backup: their
 * help, a missing {@code --to}/{@code --from} or a bad server flag (exit 2), an unreachable admin API (exit 3), a
 * directory that holds no backup (exit 3), and a node directory with an unfinished restore that the server refuses
 * to open.
 */
class ToolCommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args) {
        out.reset();
        err.reset();
        return new Launcher(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), ServiceCatalog.of(Map.of())).run(List.of(args));
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldExplainUsageErrors() {
        assertEquals(0, run("backup", "--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("restate-server restore --from <DIR>"));
        assertEquals(2, run("backup", "--node-name", "n1"));
        assertTrue(stderr().contains("backup needs --to <DIR>"), stderr());
        assertEquals(2, run("restore"));
        assertTrue(stderr().contains("restore needs --from <DIR>"), stderr());
        assertEquals(2, run("backup", "--to", "x", "--no-such-flag"));
        assertTrue(stderr().contains("unknown argument '--no-such-flag'"), stderr());
    }

    @Test
    void shouldReportAnUnreachableServerAndADirectoryWithoutBackup() throws Exception {
        final int port = ServerProcess.freePort();
        assertEquals(3, run("backup", "--to", dir.resolve("b").toString(), "--admin-address",
                "http://127.0.0.1:" + port + "/"));
        assertTrue(stderr().contains("cannot reach the admin API at http://127.0.0.1:" + port), stderr());
        assertEquals(3, run("restore", "--from", dir.toString(), "--base-dir", dir.resolve("base").toString()));
        assertTrue(stderr().contains("is not a complete backup"), stderr());
        assertFalse(Files.exists(dir.resolve("base")));
    }

    @Test
    void shouldRefuseToOpenANodeDirectoryWithAnUnfinishedRestore() throws Exception {
        final Path nodeDir = Files.createDirectories(dir.resolve("n1"));
        Files.writeString(nodeDir.resolve(".restore-incomplete"), "restore from /b started\n");
        final DataDirectoryException e = org.junit.jupiter.api.Assertions.assertThrows(DataDirectoryException.class,
                () -> NodeDirectory.open(nodeDir, "c", "n1", "test"));
        assertTrue(e.getMessage().contains("holds a restore that did not finish"), e.getMessage());
    }
}
