package io.jrestate.aeron.transport;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A node for the network-namespace partition test: {@code PartitionProbeMain <nodeId> <ip> <port> <peerId>
 * <peerIp> <peerPort> <probe> <aeronDir>}. It serves echo requests; with {@code probe = true} it also sends one
 * echo request to its peer every 100 ms and prints {@code OK} or {@code FAIL <reason>} for each, so the test can
 * watch the link from outside the namespaces.
 */
public final class PartitionProbeMain {
    private PartitionProbeMain() {
    }

    /**
     * Runs the node until killed.
     *
     * @param args see the class comment
     */
    public static void main(final String[] args) {
        final int nodeId = Integer.parseInt(args[0]);
        final InetSocketAddress self = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
        final int peerId = Integer.parseInt(args[3]);
        final InetSocketAddress peer = new InetSocketAddress(args[4], Integer.parseInt(args[5]));
        final boolean probe = Boolean.parseBoolean(args[6]);
        final NodeIdentity identity = new NodeIdentity(TestNodes.CLUSTER, TestNodes.FINGERPRINT,
            new GenerationalNodeId(nodeId, 1));
        final TransportOptions options = TransportOptions.defaults(identity, self, self,
                Path.of(args[7]))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3))
            .withIdleParkMaxNs(TimeUnit.MILLISECONDS.toNanos(1));
        final AeronTransport transport = AeronTransport.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(transport::close));
        transport.serve(1, (from, type, buffer, offset, length, responder) -> responder.respond(new byte[] {1}));
        transport.addPeer(peerId, peer);
        System.out.println("READY");
        System.out.flush();
        while (true) {
            if (probe) {
                try {
                    transport.request(peerId, 1, new byte[] {0}, TimeUnit.MILLISECONDS.toNanos(500)).join();
                    System.out.println("OK");
                } catch (final CompletionException e) {
                    System.out.println("FAIL " + ((TransportException) e.getCause()).reason());
                }
                System.out.flush();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }
}
