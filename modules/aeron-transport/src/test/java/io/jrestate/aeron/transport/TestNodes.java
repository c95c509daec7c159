package io.jrestate.aeron.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Helpers shared by the transport tests: free ports, per-test driver directories, options for loopback nodes. */
public final class TestNodes {
    /** The cluster name every test node uses unless a test wants another one. */
    public static final String CLUSTER = "test-cluster";
    /** The cluster fingerprint every test node uses unless a test wants another one. */
    public static final long FINGERPRINT = 0x5EED_F00D_CAFE_BEEFL;

    private TestNodes() {
    }

    /**
     * A UDP port that is free on loopback right now (and free for TCP too, to keep it simple).
     *
     * @return the port
     */
    public static int freeUdpPort() {
        for (int attempt = 0; attempt < 50; attempt++) {
            try (ServerSocket tcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress())) {
                return udp.getLocalPort();
            } catch (final IOException e) {
                // The TCP port was free but the UDP one was not: try another.
            }
        }
        throw new UncheckedIOException(new IOException("no free UDP port on loopback after 50 attempts"));
    }

    /**
     * Options for a loopback node of the test cluster with a fresh driver directory and fast timing.
     *
     * @param nodeId the plain node id
     * @param generation the generation
     * @param port the UDP port
     * @return the options
     */
    public static TransportOptions options(final int nodeId, final int generation, final int port) {
        return options(new NodeIdentity(CLUSTER, FINGERPRINT, new GenerationalNodeId(nodeId, generation)), port);
    }

    /**
     * Options for a loopback node with the given identity.
     *
     * @param identity the identity
     * @param port the UDP port
     * @return the options
     */
    public static TransportOptions options(final NodeIdentity identity, final int port) {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        final Path dir = Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm") : Path.of("target");
        final Path aeronDir = dir.resolve("jrestate-test-" + ProcessHandle.current().pid() + "-"
            + identity.nodeId().id() + "-" + identity.nodeId().generation() + "-" + port);
        // Handshakes every 100 ms; a peer is lost after 3 s of silence. A 1 s liveness timeout was seen to drop
        // healthy links on a loaded 2-core machine (a stalled agent thread), turning expected timeouts into
        // PEER_LOST and losing one-way messages mid-test.
        return TransportOptions.defaults(identity, address, address, aeronDir)
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3));
    }

    /**
     * Removes a directory tree, quietly: used for the media driver directories of processes a test killed.
     *
     * @param dir the directory
     */
    public static void deleteDirectory(final Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            System.err.println("could not remove " + dir + ": " + e);
        }
    }

    /** Sleeps briefly in polling loops, so tests never busy-spin. */
    public static void pause() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
}
