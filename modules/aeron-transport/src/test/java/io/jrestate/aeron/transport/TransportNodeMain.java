package io.jrestate.aeron.transport;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A transport node as its own process, for the real-process tests: {@code TransportNodeMain <nodeId> <generation>
 * <port> [<peerId>:<port> ...]}. It serves request type 1 (echo) and type 2 (answers its generational id), never
 * answers type 3, prints {@code READY} once listening, and runs until killed.
 */
public final class TransportNodeMain {
    /** Echo request type. */
    public static final int ECHO = 1;
    /** Request type answered with the node's generational id. */
    public static final int WHO = 2;
    /** Request type that is never answered. */
    public static final int SILENT = 3;

    private TransportNodeMain() {
    }

    static Path aeronDirectory(final int nodeId, final int port) {
        return Path.of("/dev/shm").resolve("jrestate-proc-test-N" + nodeId + "-" + port);
    }

    /**
     * Runs the node.
     *
     * @param args node id, generation, port, then peers as {@code id:port}
     * @throws InterruptedException never in practice: the process is killed
     */
    public static void main(final String[] args) throws InterruptedException {
        final int nodeId = Integer.parseInt(args[0]);
        final int generation = Integer.parseInt(args[1]);
        final int port = Integer.parseInt(args[2]);
        final NodeIdentity identity = new NodeIdentity(TestNodes.CLUSTER, TestNodes.FINGERPRINT,
            new GenerationalNodeId(nodeId, generation));
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        final Path dir = aeronDirectory(nodeId, port);
        final TransportOptions options = TransportOptions.defaults(identity, address, address, dir)
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(3))
            .withIdleParkMaxNs(TimeUnit.MICROSECONDS.toNanos(Long.getLong("idleParkMaxUs", 4000)));
        final AeronTransport transport = AeronTransport.start(options);
        transport.serve(ECHO, (from, type, buffer, offset, length, responder) -> {
            final byte[] body = new byte[length];
            buffer.getBytes(offset, body);
            responder.respond(body);
        });
        transport.serve(WHO, (from, type, buffer, offset, length, responder) ->
            responder.respond(identity.nodeId().toString().getBytes(StandardCharsets.UTF_8)));
        transport.serve(SILENT, (from, type, buffer, offset, length, responder) -> { });
        for (int i = 3; i < args.length; i++) {
            final String[] peer = args[i].split(":");
            transport.addPeer(Integer.parseInt(peer[0]), new InetSocketAddress("127.0.0.1", Integer.parseInt(peer[1])));
        }
        Runtime.getRuntime().addShutdownHook(new Thread(transport::close));
        System.out.println("READY " + identity.nodeId());
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
