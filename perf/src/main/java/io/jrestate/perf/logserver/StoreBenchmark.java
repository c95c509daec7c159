package io.jrestate.perf.logserver;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.server.LogServerClient;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.StoreRequest;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.LogServerCore;
import io.jrestate.log.server.internal.LogServerOptions;
import io.jrestate.log.server.internal.LogServerRpc;
import io.jrestate.log.server.internal.LogletStorage;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code Store} throughput and latency of one log server on disk, from a client on another transport in the same
 * process (loopback UDP): each store is answered after its records are fsynced. {@code --concurrency=1} gives the
 * commit latency of one store; more stores in flight share group commits. Options: {@code --dir=PATH} (a real disk,
 * not tmpfs; emptied first), {@code --stores=N}, {@code --concurrency=C}, {@code --records=R} per store,
 * {@code --bytes=B} per record.
 */
public final class StoreBenchmark {
    private static final long LOGLET = 1L << 32;
    private static final GenerationalNodeId SEQUENCER = new GenerationalNodeId(2, 1);

    private StoreBenchmark() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws Exception when the server or a store fails
     */
    public static void main(final String[] args) throws Exception {
        Path dir = Path.of("target/log-server-bench");
        int stores = 3000;
        int concurrency = 1;
        int records = 1;
        int bytes = 512;
        for (final String arg : args) {
            final String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "dir" -> dir = Path.of(kv[1]);
                case "stores" -> stores = Integer.parseInt(kv[1]);
                case "concurrency" -> concurrency = Integer.parseInt(kv[1]);
                case "records" -> records = Integer.parseInt(kv[1]);
                case "bytes" -> bytes = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        deleteTree(dir);
        final int serverPort = freeUdpPort();
        final LogServerCore core = new LogServerCore(LogletStorage.open(dir, LogStoreOptions.builder().build()),
            LogServerOptions.defaults(), System::currentTimeMillis);
        try (AeronTransport server = AeronTransport.start(options(1, serverPort));
             AeronTransport client = AeronTransport.start(options(2, freeUdpPort()))) {
            LogServerRpc.bind(server, core);
            client.addPeer(1, new InetSocketAddress("127.0.0.1", serverPort));
            final LogServerClient stores0 = new LogServerClient(client, TimeUnit.SECONDS.toNanos(30));
            final List<byte[]> payloads = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                payloads.add(new byte[bytes]);
            }
            final long warm = run(stores0, 1, Math.min(500, stores), concurrency, payloads, null);
            final long[] latencies = new long[stores];
            final long startNs = System.nanoTime();
            run(stores0, warm, stores, concurrency, payloads, latencies);
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            Arrays.sort(latencies);
            System.out.printf("stores=%d concurrency=%d records/store=%d bytes/record=%d: %.0f stores/s, "
                    + "%.0f records/s, latency p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", stores, concurrency, records,
                bytes, stores / seconds, stores * (double) records / seconds, latencies[stores / 2] / 1e6,
                latencies[(int) (stores * 0.99)] / 1e6, latencies[stores - 1] / 1e6);
        } finally {
            core.close(5_000);
        }
    }

    // Stores `count` batches from `firstOffset` with at most `concurrency` in flight; returns the next offset.
    private static long run(final LogServerClient client, final long firstOffset, final int count,
        final int concurrency, final List<byte[]> payloads, final long[] latencies) throws Exception {
        final Semaphore inFlight = new Semaphore(concurrency);
        final List<CompletableFuture<TailState>> all = new ArrayList<>();
        long offset = firstOffset;
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            final int index = i;
            final long sentNs = System.nanoTime();
            final CompletableFuture<TailState> stored = client.store(1, StoreRequest.of(LOGLET, SEQUENCER, offset,
                payloads));
            stored.whenComplete((tail, error) -> {
                if (latencies != null) {
                    latencies[index] = System.nanoTime() - sentNs;
                }
                inFlight.release();
            });
            all.add(stored);
            offset += payloads.size();
        }
        for (final CompletableFuture<TailState> stored : all) {
            final TailState tail = stored.get(60, TimeUnit.SECONDS);
            if (tail.status() != LogletStatus.OK) {
                throw new IllegalStateException("store refused: " + tail);
            }
        }
        return offset;
    }

    private static TransportOptions options(final int nodeId, final int port) {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        return TransportOptions.defaults(new NodeIdentity("log-server-bench", 1, new GenerationalNodeId(nodeId, 1)),
            address, address, TransportOptions.defaultAeronDirectory("log-server-bench", "n" + nodeId + "-" + port));
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteTree(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
