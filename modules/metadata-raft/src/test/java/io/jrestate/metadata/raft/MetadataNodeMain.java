package io.jrestate.metadata.raft;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One metadata server member as its own process, for the three-process cluster test:
 * {@code MetadataNodeMain <nodeId> <generation> <port> <raftDir> <peerId>:<port> ...}. Prints {@code READY} once
 * serving and runs until killed.
 */
public final class MetadataNodeMain {
    static final String CLUSTER = "metadata-test";
    static final long FINGERPRINT = 0x3E7A_DA7AL;

    private MetadataNodeMain() {
    }

    /**
     * Runs the member.
     *
     * @param args node id, generation, port, raft directory, then peers as {@code id:port}
     * @throws Exception when the member cannot start
     */
    public static void main(final String[] args) throws Exception {
        final int nodeId = Integer.parseInt(args[0]);
        final int generation = Integer.parseInt(args[1]);
        final int port = Integer.parseInt(args[2]);
        final Path raftDir = Path.of(args[3]);
        final AeronTransport transport = AeronTransport.start(options(nodeId, generation, port));
        final List<Long> members = new ArrayList<>(List.of((long) nodeId));
        for (int i = 4; i < args.length; i++) {
            final String[] peer = args[i].split(":");
            transport.addPeer(Integer.parseInt(peer[0]), new InetSocketAddress("127.0.0.1", Integer.parseInt(peer[1])));
            members.add(Long.parseLong(peer[0]));
        }
        final ReplicatedMetadataStore store = ReplicatedMetadataStore.open(raftDir,
            new MetadataServerOptions(nodeId, Duration.ofMillis(50), 10, 2, 1000, 64), clientOptions(), transport,
            members.stream().sorted().toList());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            store.close();
            transport.close();
        }));
        System.out.println("READY N" + nodeId + ":" + generation);
        System.out.flush();
        new CountDownLatch(1).await();
    }

    static TransportOptions options(final int nodeId, final int generation, final int port) {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        final NodeIdentity identity =
            new NodeIdentity(CLUSTER, FINGERPRINT, new GenerationalNodeId(nodeId, generation));
        final Path shm = Path.of("/dev/shm").toFile().isDirectory() ? Path.of("/dev/shm")
            : Path.of(System.getProperty("java.io.tmpdir"));
        return TransportOptions.defaults(identity, address, address,
                shm.resolve("jrestate-metadata-test-N" + nodeId + "-" + port))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3))
            .withIdleParkMaxNs(TimeUnit.MILLISECONDS.toNanos(1));
    }

    static MetadataClientOptions clientOptions() {
        return new MetadataClientOptions(Duration.ofSeconds(1), Duration.ofMillis(50), 1.5, 40, Duration.ofMillis(300));
    }
}
