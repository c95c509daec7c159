package io.jrestate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.common.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads configurations from real files, environments and command-line overrides and checks the typed result:
 * reference defaults, precedence (defaults &lt; file &lt; environment &lt; flags), the environment naming rules,
 * and every kind of bad input (wrong type, invalid value, malformed file, unknown key) producing an error that
 * names the source, the key and what was expected.
 */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Path file(final String toml) throws IOException {
        final Path path = dir.resolve("restate.toml");
        Files.writeString(path, toml);
        return path;
    }

    private static LoadedConfig load(final Path file, final Map<String, String> env, final CliOverride... flags) {
        return ConfigLoader.load(new ConfigSources(Optional.ofNullable(file), env, List.of(flags), "host-a"));
    }

    @Test
    void shouldApplyReferenceDefaultsWithNoFile() {
        final RestateConfig config = load(null, Map.of()).config();
        assertEquals("host-a", config.common().nodeName());
        assertEquals("localcluster", config.common().clusterName());
        assertEquals(EnumSet.allOf(Role.class), config.common().roles());
        assertEquals(Path.of("./restate-data"), config.common().baseDir());
        assertEquals(Path.of("./restate-data/host-a"), config.common().nodeDir());
        assertEquals(24, config.common().defaultNumPartitions());
        assertEquals(1, config.common().defaultReplication().nodes());
        assertEquals(Duration.ofMinutes(1), config.common().shutdownTimeout());
        assertEquals("warn,restate=info", config.common().logFilter());
        assertEquals(Duration.ofMillis(1500), config.admin().heartbeatInterval());
        assertEquals(new BindAddress("::", 9070), config.admin().listener().bindAddress());
        assertEquals("http://127.0.0.1:8080/", config.ingress().listener().advertisedAddress());
        assertEquals(new BindAddress("::", 5122), config.common().fabric().bindAddress());
        assertEquals(ByteSize.parse("32.0 MiB"), config.worker().invoker().messageSizeLimit());
        assertEquals(Map.of("x-restate-cluster-name", "localcluster"),
                config.worker().invoker().additionalRequestHeaders());
        assertEquals(new DurationRange(Duration.ofMillis(250), Duration.ofMinutes(1)),
                config.bifrost().replicatedLoglet().rpcTimeout());
        assertEquals(70, config.defaultRetryPolicy().maxAttempts());
        assertEquals(Optional.of(10L), config.metadataClient().backoffPolicy().maxAttempts());
        assertEquals(Optional.empty(), config.worker().snapshots().destination());
    }

    @Test
    void shouldReadTheFileAndLetEnvironmentAndFlagsWin() throws IOException {
        final Path file = file("""
                node-name = "from-file"
                cluster-name = "file-cluster"
                default-num-partitions = 8
                [worker.invoker]
                inactivity-timeout = "5s"
                [worker.snapshots]
                snapshot-interval-num-records = 10
                """);
        final RestateConfig config = load(file, Map.of(
                        "RESTATE_CLUSTER_NAME", "env-cluster",
                        "RESTATE_WORKER__SNAPSHOTS__SNAPSHOT_INTERVAL_NUM_RECORDS", "777",
                        "RESTATE_DEFAULT_NUM_PARTITIONS", "12"),
                new CliOverride("--default-num-partitions", "default-num-partitions", "16")).config();
        assertEquals("from-file", config.common().nodeName());
        assertEquals("env-cluster", config.common().clusterName());
        assertEquals(Optional.of(777L), config.worker().snapshots().snapshotIntervalNumRecords());
        assertEquals(16, config.common().defaultNumPartitions());
        assertEquals(Duration.ofSeconds(5), config.worker().invoker().inactivityTimeout());
        assertEquals("env-cluster", config.worker().invoker().additionalRequestHeaders().get("x-restate-cluster-name"));
    }

    @Test
    void shouldParseEnvironmentListsMapsAndRustLog() {
        final RestateConfig config = load(null, Map.of(
                "RESTATE_METADATA_CLIENT__ADDRESSES", "[http://n1:5122,http://n2:5122]",
                "RESTATE_ROLES", "[worker,admin]",
                "RESTATE_WORKER__INVOKER__ADDITIONAL_REQUEST_HEADERS__X_TEAM", "blue",
                "RESTATE_LOG_FILTER", "debug",
                "RUST_LOG", "trace",
                "RESTATE_BIFROST__DEFAULT_PROVIDER", "local")).config();
        assertEquals(List.of("http://n1:5122", "http://n2:5122"), config.metadataClient().addresses());
        assertEquals(EnumSet.of(Role.WORKER, Role.ADMIN), config.common().roles());
        assertEquals("blue", config.worker().invoker().additionalRequestHeaders().get("x-team"));
        assertEquals("localcluster",
                config.worker().invoker().additionalRequestHeaders().get("x-restate-cluster-name"));
        assertEquals("trace", config.common().logFilter());
        assertEquals("local", config.bifrost().defaultProvider());
    }

    @Test
    void shouldWarnAboutEnvironmentVariablesThatNameNoKey() {
        final LoadedConfig loaded = load(null, Map.of("RESTATE_ADMIN_URL", "http://x", "RESTATE_CONFIG", "/nope"));
        assertEquals(1, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().getFirst().contains("RESTATE_ADMIN_URL"), loaded.warnings().toString());
    }

    @Test
    void shouldAcceptReplicationAsNumberOrTable() throws IOException {
        assertEquals(Map.of("zone", 2L, "node", 3L), load(file("default-replication = { zone = 2, node = 3 }"),
                Map.of()).config().common().defaultReplication().copiesPerScope());
        assertEquals(2, load(file("default-replication = 2"), Map.of()).config().common().defaultReplication().nodes());
    }

    @Test
    void shouldResolveListenersFromBindAndAdvertisedKeys() throws IOException {
        final RestateConfig config = load(file("""
                bind-ip = "10.0.0.5"
                advertised-host = "n1.example"
                [admin]
                bind-port = 19070
                [ingress]
                bind-address = "127.0.0.1:18080"
                advertised-address = "https://ingress.example/"
                """), Map.of()).config();
        assertEquals(new BindAddress("10.0.0.5", 19070), config.admin().listener().bindAddress());
        assertEquals("http://n1.example:19070/", config.admin().listener().advertisedAddress());
        assertEquals(new BindAddress("127.0.0.1", 18080), config.ingress().listener().bindAddress());
        assertEquals("https://ingress.example/", config.ingress().listener().advertisedAddress());
        assertEquals("http://n1.example:5122/", config.common().fabric().advertisedAddress());
    }

    @Test
    void shouldRejectAWrongTypeNamingFileKeyAndExpectation() throws IOException {
        final Path file = file("[worker.invoker]\ninactivity-timeout = 5\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertEquals("file " + file + ": key worker.invoker.inactivity-timeout: expected a duration such as "
                + "\"10s\" or \"1h 30m\", got 5 (an integer)", error.getMessage());
    }

    @Test
    void shouldRejectInvalidValues() throws IOException {
        final Path file = file("""
                default-num-partitions = 0
                roles = ["worker", "chef"]
                shutdown-timeout = "10 parsecs"
                [bifrost]
                default-provider = "paper"
                """);
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertEquals(4, error.problems().size(), error.getMessage());
        assertTrue(error.getMessage().contains("key default-num-partitions: expected a partition count from 1 to "
                + "65535, got 0 (out of range)"), error.getMessage());
        assertTrue(error.getMessage().contains("key roles: unknown role \"chef\""), error.getMessage());
        assertTrue(error.getMessage().contains("key shutdown-timeout: invalid duration \"10 parsecs\""),
                error.getMessage());
        assertTrue(error.getMessage().contains("key bifrost.default-provider: expected one of replicated, local, got "
                + "\"paper\""), error.getMessage());
        assertTrue(error.problems().stream().allMatch(p -> p.startsWith("file " + file + ": ")), error.getMessage());
    }

    @Test
    void shouldRejectAnInvalidEnvironmentValueNamingTheVariable() {
        final ConfigException error = assertThrows(ConfigException.class,
                () -> load(null, Map.of("RESTATE_WORKER__INTERNAL_QUEUE_LENGTH", "lots")));
        assertEquals("environment variable RESTATE_WORKER__INTERNAL_QUEUE_LENGTH: key worker.internal-queue-length: "
                + "expected a non-negative integer, got \"lots\" (a string)", error.getMessage());
    }

    @Test
    void shouldRejectAMalformedFileWithItsPosition() throws IOException {
        final Path file = file("cluster-name = \"x\"\n[worker\ninternal-queue-length = 3\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertTrue(error.getMessage().startsWith("file " + file + ": malformed TOML at line 2"), error.getMessage());
    }

    @Test
    void shouldRejectAnUnknownKeySuggestingTheClosest() throws IOException {
        final Path file = file("[worker.invoker]\ninactivity-timout = \"5s\"\n[wroker]\ncleanup-interval = \"1h\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertEquals(List.of(
                "file " + file + ": unknown key worker.invoker.inactivity-timout; did you mean "
                        + "worker.invoker.inactivity-timeout?",
                "file " + file + ": unknown key wroker; did you mean worker?"),
                error.problems());
    }

    @Test
    void shouldSuggestTheTableOfAKeyPutAtTheWrongLevel() throws IOException {
        final Path file = file("inactivity-timeout = \"5s\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertTrue(error.getMessage().endsWith("did you mean worker.invoker.inactivity-timeout?"), error.getMessage());
    }

    @Test
    void shouldRejectAScalarWhereATableBelongs() throws IOException {
        final Path file = file("worker = 3\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertEquals("file " + file + ": key worker: expected a table [worker], got 3 (an integer)",
                error.getMessage());
    }

    @Test
    void shouldAcceptAKnownUnimplementedKeyWithOneWarning() throws IOException {
        final Path file = file("""
                rocksdb-total-memory-size = "1.0 GiB"
                [tls]
                mode = "require"
                """);
        final LoadedConfig loaded = load(file, Map.of("RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE", "3.0 GiB"));
        assertEquals(2, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).startsWith("key rocksdb-total-memory-size (environment variable "
                + "RESTATE_ROCKSDB_TOTAL_MEMORY_SIZE) is a Restate setting that jrestate does not implement"),
                loaded.warnings().toString());
        assertTrue(loaded.warnings().get(1).startsWith("key tls.mode (file " + file + ")"),
                loaded.warnings().toString());
    }

    @Test
    void shouldRejectCrossKeyMistakes() throws IOException {
        final Path file = file("node-name = \"a/b\"\n[metadata-server]\nraft-heartbeat-tick = 10\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> load(file, Map.of()));
        assertEquals(2, error.problems().size(), error.getMessage());
        assertTrue(error.problems().get(0).startsWith("file " + file + ": key node-name: expected a name usable"),
                error.getMessage());
        assertFalse(error.problems().get(1).isBlank());
    }
}
