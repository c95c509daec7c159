package io.jrestate.launcher.internal;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.log.server.LogServerClient;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.StoreRequest;
import io.jrestate.log.server.TailState;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataOutcomeUnknownException;
import io.jrestate.metadata.raft.MetadataStore;
import io.jrestate.metadata.raft.MetadataUnavailableException;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.PreconditionFailedException;
import io.jrestate.metadata.raft.ReplicatedMetadataStore;
import io.jrestate.metadata.raft.VersionedValue;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three real {@code restate-server} processes (module path, as {@code bin/restate-server} runs them) with the
 * {@code metadata-server} role, {@code [metadata-client] type = "replicated"} and the three fabric addresses form
 * one metadata store over the Aeron transport. A client in the test JVM runs a versioned compare-and-set chain
 * while each server in turn is killed with {@code kill -9} and started again on its data: acknowledged versions
 * are distinct and v+1 of their precondition, reads only return acknowledged values at their version, the chain
 * keeps moving while any one server is down, and the final version is at least the highest acknowledged one.
 * Each process also runs the {@code log-server} role on the same node transport (one per node), which finally
 * stores a record for the client.
 */
@Tag("slow")
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class ReplicatedMetadataProcessTest {
    /**
     * Unique per test JVM: a server's media driver directory is named after its cluster and node
     * ({@code /dev/shm/jrestate-<cluster>-<node>}) and deleted when a driver starts, so two runs of this test on
     * one machine must not share a cluster name.
     */
    private static final String CLUSTER = "md-process-test-" + ProcessHandle.current().pid();
    private static final String KEY = "chain";
    private static final long PHASE_NS = TimeUnit.SECONDS.toNanos(4);
    private static final long PROGRESS_DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    Path work;

    private final Map<Long, String> acked = new HashMap<>();
    private long maxAcked;
    private int attempts;

    @Test
    void shouldFormOneStoreFromThreeServersAndSurviveKillMinusNineOfEach() throws Exception {
        final int[] fabric = {freeUdpPort(), freeUdpPort(), freeUdpPort()};
        final List<Path> configs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            configs.add(writeConfig(i, fabric));
        }
        final ServerProcess[] servers = new ServerProcess[3];
        try {
            for (int i = 0; i < 3; i++) {
                servers[i] = ServerProcess.start(work, Map.of(), "--config-file", configs.get(i).toString());
            }
            try (AeronTransport client = AeronTransport.start(clientOptions());
                 MetadataStore store = connect(client, fabric)) {
                long version = chain(store, 0, "all up");
                for (int victim = 0; victim < 3; victim++) {
                    servers[victim].close();
                    final int before = acked.size();
                    version = chain(store, version, "n" + (victim + 1) + " killed");
                    assertTrue(acked.size() > before, "nothing acknowledged while only n" + (victim + 1) + " was down");
                    servers[victim] = ServerProcess.start(work, Map.of(), "--config-file",
                        configs.get(victim).toString());
                    version = chain(store, version, "n" + (victim + 1) + " restarted");
                }
                final VersionedValue last = store.get(KEY).join().orElseThrow();
                assertTrue(last.version() >= maxAcked, "final " + last.version() + " below acknowledged " + maxAcked);
                final String lastValue = new String(last.value(), StandardCharsets.UTF_8);
                assertTrue(acked.get(last.version()) == null || acked.get(last.version()).equals(lastValue));
                System.out.printf("CAS chain over 3 restate-server processes: %d attempts, %d acknowledged, final "
                    + "version %d%n", attempts, acked.size(), last.version());
                assertLogServersServeOnTheSharedTransport(client);
            }
        } catch (final Exception | Error e) {
            printServerLogs(servers);
            throw e;
        } finally {
            for (final ServerProcess server : servers) {
                if (server != null) {
                    server.close();
                }
            }
            // Killed servers cannot remove their media driver directories, which live in /dev/shm (memory).
            for (int i = 1; i <= 3; i++) {
                deleteDirectory(TransportOptions.defaultAeronDirectory(CLUSTER, "n" + i));
            }
        }
    }

    // Each node's log-server role serves on the transport its metadata server started (one transport per node).
    private static void assertLogServersServeOnTheSharedTransport(final AeronTransport client) throws Exception {
        final LogServerClient logServers = new LogServerClient(client, TimeUnit.SECONDS.toNanos(10));
        for (int node = 1; node <= 3; node++) {
            TailState stored = null;
            for (int attempt = 1; stored == null; attempt++) {
                try {
                    stored = logServers.store(node, StoreRequest.of(1L << 32, new GenerationalNodeId(99, 1), 1,
                        List.of(new byte[] {(byte) node}))).get(30, TimeUnit.SECONDS);
                } catch (final java.util.concurrent.ExecutionException e) {
                    if (attempt == 30) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            assertEquals(new TailState(LogletStatus.OK, 2, 0, false), stored, "log server of N" + node);
        }
    }

    /** The servers' logs live in the temporary directory, which is gone after the test: show them on failure. */
    private static void printServerLogs(final ServerProcess[] servers) {
        for (int i = 0; i < servers.length; i++) {
            try {
                final String log = servers[i] == null ? "(not started)" : servers[i].output();
                System.out.println("---- log of n" + (i + 1) + " (last 8000 chars) ----\n"
                    + log.substring(Math.max(0, log.length() - 8000)));
            } catch (final IOException e) {
                System.out.println("---- log of n" + (i + 1) + " unreadable: " + e);
            }
        }
    }

    private static void deleteDirectory(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private MetadataStore connect(final AeronTransport client, final int[] fabric) {
        for (final int port : fabric) {
            final GenerationalNodeId member = client.probe(new InetSocketAddress("127.0.0.1", port))
                .orTimeout(120, TimeUnit.SECONDS).join();
            assertTrue(member.id() >= 1 && member.id() <= 3, "unexpected member " + member);
        }
        return ReplicatedMetadataStore.connect(client, List.of(1L, 2L, 3L), new MetadataClientOptions(
            Duration.ofSeconds(1), Duration.ofMillis(50), 1.5, 60, Duration.ofMillis(300)));
    }

    /**
     * Runs the chain for {@link #PHASE_NS}, and longer (up to {@link #PROGRESS_DEADLINE_NS}) until at least one put
     * is acknowledged: on a loaded machine a server's start, an election or a catch-up may take more than a phase.
     */
    private long chain(final MetadataStore store, final long start, final String phase) {
        long version = start;
        final int before = acked.size();
        final long startNs = System.nanoTime();
        while (System.nanoTime() - startNs < PHASE_NS
            || acked.size() == before && System.nanoTime() - startNs < PROGRESS_DEADLINE_NS) {
            final String value = "w" + attempts++;
            final Precondition pre = version == 0 ? Precondition.doesNotExist() : Precondition.matchesVersion(version);
            try {
                final long got = store.put(KEY, value.getBytes(StandardCharsets.UTF_8), "text/plain", pre).join();
                assertEquals(version + 1, got, "put at " + pre + " acknowledged another version");
                assertEquals(null, acked.putIfAbsent(got, value), "two acknowledged puts at version " + got);
                maxAcked = Math.max(maxAcked, got);
                version = got;
            } catch (final CompletionException e) {
                final Throwable cause = e.getCause();
                if (!(cause instanceof PreconditionFailedException || cause instanceof MetadataOutcomeUnknownException
                    || cause instanceof MetadataUnavailableException)) {
                    throw e;
                }
                version = read(store, version);
            }
        }
        System.out.printf("phase '%s': %d acknowledged, chain at %d%n", phase, acked.size() - before, version);
        return version;
    }

    private long read(final MetadataStore store, final long fallback) {
        try {
            final Optional<VersionedValue> current = store.get(KEY).join();
            if (current.isEmpty()) {
                return 0;
            }
            final String ackedValue = acked.get(current.get().version());
            final String value = new String(current.get().value(), StandardCharsets.UTF_8);
            assertTrue(ackedValue == null || ackedValue.equals(value), "read " + value + " at version "
                + current.get().version() + " where " + ackedValue + " was acknowledged");
            return current.get().version();
        } catch (final CompletionException e) {
            if (e.getCause() instanceof MetadataUnavailableException) {
                return fallback;
            }
            throw e;
        }
    }

    private Path writeConfig(final int index, final int[] fabric) throws IOException {
        final int id = index + 1;
        final StringBuilder addresses = new StringBuilder();
        for (final int port : fabric) {
            addresses.append(addresses.isEmpty() ? "" : ", ").append("\"http://127.0.0.1:").append(port).append("/\"");
        }
        final String toml = "node-name = \"n" + id + "\"\n"
            + "cluster-name = \"" + CLUSTER + "\"\n"
            + "force-node-id = " + id + "\n"
            + "roles = [\"metadata-server\", \"log-server\"]\n"
            + "auto-provision = false\n"
            + "base-dir = \"" + work.resolve("data-n" + id) + "\"\n"
            + "bind-address = \"127.0.0.1:" + fabric[index] + "\"\n"
            + "advertised-address = \"http://127.0.0.1:" + fabric[index] + "/\"\n"
            + "[metadata-client]\ntype = \"replicated\"\naddresses = [" + addresses + "]\n"
            + "[metadata-server]\nraft-tick-interval = \"50ms\"\n"
            + "[admin]\nbind-address = \"127.0.0.1:" + ServerProcess.freePort() + "\"\n"
            + "[ingress]\nbind-address = \"127.0.0.1:" + ServerProcess.freePort() + "\"\n";
        final Path file = work.resolve("n" + id + ".toml");
        Files.writeString(file, toml);
        return file;
    }

    private TransportOptions clientOptions() throws IOException {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", freeUdpPort());
        final NodeIdentity identity = new NodeIdentity(CLUSTER, Xxh3.hash64(CLUSTER.getBytes(StandardCharsets.UTF_8)),
            new GenerationalNodeId(100, 1));
        return TransportOptions.defaults(identity, address, address,
            Path.of("/dev/shm/jrestate-md-process-test-" + ProcessHandle.current().pid()))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
