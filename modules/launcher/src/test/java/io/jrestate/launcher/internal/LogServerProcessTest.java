package io.jrestate.launcher.internal;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportException;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.common.ids.Xxh3;
import io.jrestate.log.server.LogServerClient;
import io.jrestate.log.server.LogletRecord;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.RecordsReply;
import io.jrestate.log.server.StoreRequest;
import io.jrestate.log.server.TailState;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real {@code restate-server} process with only the {@code log-server} role (module path, as
 * {@code bin/restate-server} runs it) serves a client in the test JVM over the node transport: store, read and
 * seal; it idles at a small CPU share; after {@code kill -9} and a restart the records and the seal are still
 * there; with {@code log-store/} wiped it refuses to start, naming the data loss (architecture notes §6.6).
 */
@Tag("slow")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class LogServerProcessTest {
    private static final String CLUSTER = "ls-process-test";
    private static final int NODE_ID = 5;
    private static final long LOGLET = (3L << 32) | 1;
    private static final GenerationalNodeId SEQUENCER = new GenerationalNodeId(9, 1);
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void shouldStoreReadAndSealOverTheTransportAndRefuseAWipedStore() throws Exception {
        final int port = freeUdpPort();
        final Path config = work.resolve("restate.toml");
        Files.writeString(config, "node-name = \"ls\"\ncluster-name = \"" + CLUSTER + "\"\nforce-node-id = "
            + NODE_ID + "\nroles = [\"log-server\"]\nbind-address = \"127.0.0.1:" + port + "\"\n"
            + "advertised-address = \"http://127.0.0.1:" + port + "/\"\n");
        final InetSocketAddress clientAddress = new InetSocketAddress("127.0.0.1", freeUdpPort());
        try (AeronTransport transport = AeronTransport.start(TransportOptions.defaults(new NodeIdentity(CLUSTER,
                Xxh3.hash64(CLUSTER.getBytes(StandardCharsets.UTF_8)), SEQUENCER), clientAddress, clientAddress,
                TransportOptions.defaultAeronDirectory(CLUSTER, "client-" + port)))) {
            transport.addPeer(NODE_ID, new InetSocketAddress("127.0.0.1", port));
            final LogServerClient client = new LogServerClient(transport, TimeUnit.SECONDS.toNanos(10));
            try (ServerProcess server = startReady(config)) {
                final List<byte[]> payloads = new ArrayList<>();
                for (int i = 1; i <= 100; i++) {
                    payloads.add(("record-" + i).getBytes(StandardCharsets.UTF_8));
                }
                final TailState stored = retrying(() -> client.store(NODE_ID, StoreRequest.of(LOGLET, SEQUENCER, 1,
                    payloads)));
                assertEquals(new TailState(LogletStatus.OK, 101, 0, false), stored);
                assertEquals(100, readAll(client).size());
                printIdleCpu(server);
                server.kill();
            }
            try (ServerProcess server = startReady(config)) {
                final List<LogletRecord> records = retrying(() -> client.getRecords(NODE_ID, LOGLET, 1, 1000,
                    1 << 20)).records();
                assertEquals(100, records.size(), "acknowledged records survive kill -9");
                assertEquals("record-100", new String(((LogletRecord.Data) records.get(99)).payload(),
                    StandardCharsets.UTF_8));
                assertEquals(new TailState(LogletStatus.OK, 101, 0, true), client.seal(NODE_ID, LOGLET, SEQUENCER,
                    0).get(30, TimeUnit.SECONDS));
                assertEquals(LogletStatus.SEALED, client.store(NODE_ID, StoreRequest.of(LOGLET, SEQUENCER, 101,
                    List.of(new byte[1]))).get(30, TimeUnit.SECONDS).status());
                server.terminate();
                assertEquals(0, server.awaitExit(Duration.ofSeconds(30)));
            }
        } finally {
            deleteTree(TransportOptions.defaultAeronDirectory(CLUSTER, "ls"));
        }
        deleteTree(work.resolve("restate-data").resolve("ls").resolve("log-store"));
        try (ServerProcess wiped = ServerProcess.start(work, Map.of(), "--config-file", config.toString())) {
            assertEquals(1, wiped.awaitExit(START));
            assertTrue(wiped.output().contains("log-server data loss detected"), wiped.output());
        }
    }

    private List<LogletRecord> readAll(final LogServerClient client) throws Exception {
        final RecordsReply reply = client.getRecords(NODE_ID, LOGLET, 1, 1000, 1 << 20).get(30, TimeUnit.SECONDS);
        assertEquals(101, reply.nextOffset());
        return reply.records();
    }

    private ServerProcess startReady(final Path config) throws Exception {
        final ServerProcess server = ServerProcess.start(work, Map.of(), "--config-file", config.toString());
        final long deadline = System.nanoTime() + START.toNanos();
        while (!server.output().contains("ready (roles log-server")) {
            if (System.nanoTime() > deadline) {
                server.close();
                throw new AssertionError("log-server not ready within " + START + ":\n" + server.output());
            }
            Thread.sleep(100);
        }
        return server;
    }

    // The client may still hold a session with the killed process: the requests here are idempotent, so retry.
    private static <T> T retrying(final Supplier<CompletableFuture<T>> call) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get().get(30, TimeUnit.SECONDS);
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof TransportException) || attempt == 30) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void printIdleCpu(final ServerProcess server) throws Exception {
        Thread.sleep(2_000);
        final long before = cpuTicks(server.pid());
        final long startNs = System.nanoTime();
        Thread.sleep(5_000);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final double share = (cpuTicks(server.pid()) - before) / 100.0 / seconds;
        System.out.printf("idle log-server process: %.1f%% of one core over %.1f s%n", share * 100, seconds);
        assertTrue(share < 0.25, "an idle log server should use little CPU, used " + share);
    }

    private static long cpuTicks(final long pid) throws IOException {
        final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
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
        try (Stream<Path> paths = Files.walk(root)) {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
