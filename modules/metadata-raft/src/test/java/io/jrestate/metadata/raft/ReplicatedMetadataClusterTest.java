package io.jrestate.metadata.raft;

import io.jrestate.aeron.transport.AeronTransport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Three metadata server processes on loopback form one replicated store over the Aeron transport, and it survives
 * {@code kill -9} of each member in turn (then its restart as the next generation on the same data). A client in
 * the test JVM (node 10, not a member) runs a versioned compare-and-set chain on one key the whole time: every put
 * is {@code MatchesVersion(v)} with a value unique to that attempt. Checked: acknowledged puts claim version v+1
 * and distinct versions; every read returns a value some put attempted at that version (the acknowledged one if
 * there is one) and reads never go back; the chain makes progress while any one member is down; the final
 * version is at least the highest acknowledged one.
 */
@Tag("slow")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplicatedMetadataClusterTest {
    private static final String KEY = "chain";
    private static final long PHASE_NS = TimeUnit.MILLISECONDS.toNanos(4000);
    private static final long PROGRESS_DEADLINE_NS = TimeUnit.SECONDS.toNanos(60);

    private final Map<Long, String> acked = new HashMap<>();
    private final Set<String> attempted = new HashSet<>();
    private long lastReadVersion;
    private long maxAcked;
    private int attempts;
    private int unknown;

    @Test
    void shouldKeepTheCasChainWhileEachMemberIsKilledAndRestarted() throws Exception {
        final int[] ports = {freeUdpPort(), freeUdpPort(), freeUdpPort()};
        final Path base = Files.createTempDirectory(Path.of("target"), "metadata-cluster-");
        final MemberProcess[] members = new MemberProcess[3];
        final int[] generations = {1, 1, 1};
        try (AeronTransport client = AeronTransport.start(MetadataNodeMain.options(10, 1, freeUdpPort()))) {
            for (int i = 0; i < 3; i++) {
                client.addPeer(i + 1, new InetSocketAddress("127.0.0.1", ports[i]));
                members[i] = start(i, generations[i], ports, base);
            }
            try (MetadataStore store = ReplicatedMetadataStore.connect(client, List.of(1L, 2L, 3L),
                MetadataNodeMain.clientOptions())) {
                long version = runChain(store, 0, "all up");
                for (int victim = 0; victim < 3; victim++) {
                    members[victim].kill();
                    final int ackedBefore = acked.size();
                    version = runChain(store, version, "N" + (victim + 1) + " killed");
                    assertTrue(acked.size() > ackedBefore, "no put was acknowledged while only N" + (victim + 1)
                        + " was down");
                    generations[victim]++;
                    members[victim] = start(victim, generations[victim], ports, base);
                    version = runChain(store, version, "N" + (victim + 1) + " restarted");
                }
                final VersionedValue last = store.get(KEY).join().orElseThrow();
                checkRead(last.version(), last.value());
                assertTrue(last.version() >= maxAcked, "final version " + last.version() + " is below the acknowledged "
                    + maxAcked);
                System.out.printf("CAS chain: %d attempts, %d acknowledged, %d outcome unknown, final version %d%n",
                    attempts, acked.size(), unknown, last.version());
            }
        } finally {
            for (final MemberProcess member : members) {
                if (member != null) {
                    member.close();
                }
            }
        }
    }

    /**
     * Runs the chain for {@link #PHASE_NS}, and longer (up to {@link #PROGRESS_DEADLINE_NS}) until at least one put
     * is acknowledged: on a loaded machine an election or a restarted member's catch-up may take more than a phase.
     */
    private long runChain(final MetadataStore store, final long startVersion, final String phase) {
        long version = startVersion;
        final long startNs = System.nanoTime();
        final int ackedBefore = acked.size();
        while (System.nanoTime() - startNs < PHASE_NS
            || acked.size() == ackedBefore && System.nanoTime() - startNs < PROGRESS_DEADLINE_NS) {
            final String value = "w" + attempts++;
            attempted.add((version + 1) + ":" + value);
            final Precondition precondition = version == 0 ? Precondition.doesNotExist()
                : Precondition.matchesVersion(version);
            try {
                final long got = store.put(KEY, value.getBytes(StandardCharsets.UTF_8), "text/plain", precondition)
                    .join();
                assertEquals(version + 1, got, "put at " + precondition + " acknowledged another version");
                final String previous = acked.putIfAbsent(got, value);
                if (previous != null) {
                    fail("two acknowledged puts at version " + got + ": " + previous + " and " + value);
                }
                maxAcked = Math.max(maxAcked, got);
                version = got;
            } catch (final CompletionException e) {
                if (e.getCause() instanceof MetadataOutcomeUnknownException) {
                    unknown++;
                } else if (!(e.getCause() instanceof PreconditionFailedException
                    || e.getCause() instanceof MetadataUnavailableException)) {
                    throw e;
                }
                version = readVersion(store, version);
            }
        }
        System.out.printf("phase '%s': %d puts acknowledged, chain at version %d%n", phase, acked.size() - ackedBefore,
            version);
        return version;
    }

    private long readVersion(final MetadataStore store, final long fallback) {
        try {
            final Optional<VersionedValue> current = store.get(KEY).join();
            if (current.isEmpty()) {
                return 0;
            }
            checkRead(current.get().version(), current.get().value());
            return current.get().version();
        } catch (final CompletionException e) {
            if (e.getCause() instanceof MetadataUnavailableException) {
                return fallback;
            }
            throw e;
        }
    }

    private void checkRead(final long version, final byte[] bytes) {
        final String value = new String(bytes, StandardCharsets.UTF_8);
        final String ackedValue = acked.get(version);
        assertTrue(ackedValue == null || ackedValue.equals(value), "read " + value + " at version " + version
            + " but " + ackedValue + " was acknowledged there");
        assertTrue(attempted.contains(version + ":" + value), "read " + value + " at version " + version
            + ", which no put attempted there");
        assertTrue(version >= lastReadVersion, "read version " + version + " after " + lastReadVersion);
        lastReadVersion = version;
    }

    private static MemberProcess start(final int index, final int generation, final int[] ports, final Path base) {
        final List<String> peers = new ArrayList<>();
        for (int j = 0; j < 3; j++) {
            if (j != index) {
                peers.add((j + 1) + ":" + ports[j]);
            }
        }
        return MemberProcess.start(index + 1, generation, ports[index], base.resolve("n" + (index + 1)), peers);
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
