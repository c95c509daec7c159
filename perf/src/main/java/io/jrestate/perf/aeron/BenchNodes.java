package io.jrestate.perf.aeron;

import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** Options for the two loopback nodes of a benchmark run: the transport's defaults, fresh ports and directories. */
final class BenchNodes {
    static final String CLUSTER = "bench";
    static final long FINGERPRINT = 0xBE7C_4000L;

    /** Longest idle park of both sides' node threads; {@code --idle-park-us} sets it. */
    static volatile long idleParkMaxNs = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(4);

    // Numbers the node pairs of this process, so that two pairs of the same kind get their own driver directories.
    private static final AtomicInteger PAIRS = new AtomicInteger();

    private BenchNodes() {
    }

    /** A new number for a node pair of this process, for {@link #options}. */
    static int nextPair() {
        return PAIRS.incrementAndGet();
    }

    static TransportOptions options(final int pair, final int nodeId, final String label) {
        final int port = freeUdpPort();
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        final Path dir = Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        final NodeIdentity identity = new NodeIdentity(CLUSTER, FINGERPRINT, new GenerationalNodeId(nodeId, 1));
        return TransportOptions.defaults(identity, address, address,
            dir.resolve("jrestate-bench-" + label + "-" + ProcessHandle.current().pid() + "-" + pair + "-N" + nodeId))
            .withIdleParkMaxNs(idleParkMaxNs);
    }

    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException("no free UDP port on loopback", e);
        }
    }
}
