package io.jrestate.launcher.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real server as a separate process on the module path: it must answer both health endpoints, refuse a
 * second process on the same data directory naming the first one's PID, exit 2 on bad configuration, and exit 0
 * after a graceful shutdown on SIGTERM.
 */
@Tag("slow")
@Timeout(120)
class ServerProcessTest {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path work;

    // The fabric port too: the log-server role listens on it (UDP), so parallel runs must not share 5122.
    private static Map<String, String> ports(final int admin, final int ingress) throws java.io.IOException {
        return Map.of("RESTATE_ADMIN__BIND_ADDRESS", "127.0.0.1:" + admin,
                "RESTATE_INGRESS__BIND_ADDRESS", "127.0.0.1:" + ingress,
                "RESTATE_BIND_ADDRESS", "127.0.0.1:" + ServerProcess.freePort());
    }

    @Test
    void shouldServeHealthRefuseASecondInstanceAndStopCleanlyOnSigterm() throws Exception {
        final int admin = ServerProcess.freePort();
        final int ingress = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(work, ports(admin, ingress), "--node-name", "n1")) {
            server.awaitHttp200(admin, "/health", STARTUP);
            server.awaitHttp200(ingress, "/restate/health", STARTUP);
            assertTrue(Files.exists(work.resolve("restate-data/n1/.cluster-marker")));

            try (ServerProcess second = ServerProcess.start(work,
                    ports(ServerProcess.freePort(), ServerProcess.freePort()), "--node-name", "n1")) {
                assertEquals(1, second.awaitExit(STARTUP));
                assertTrue(second.output().contains("is in use by another restate-server process (pid "
                        + server.pid() + ")"), second.output());
            }

            server.terminate();
            assertEquals(0, server.awaitExit(Duration.ofSeconds(30)), server.output());
            assertTrue(server.output().contains("shutdown complete"), server.output());
        }
    }

    @Test
    void shouldExitWithCode2OnBadConfiguration() throws Exception {
        final Path file = work.resolve("restate.toml");
        Files.writeString(file, "[worker]\ninternal-queue-length = \"many\"\n");
        try (ServerProcess server = ServerProcess.start(work, Map.of(), "--config-file", file.toString())) {
            assertEquals(2, server.awaitExit(STARTUP));
            assertTrue(server.output().contains("file " + file + ": key worker.internal-queue-length: expected a "
                    + "non-negative integer, got \"many\" (a string)"), server.output());
        }
    }
}
