package io.jrestate.log.server;

import io.jrestate.aeron.transport.AeronTransport;
import io.jrestate.aeron.transport.GenerationalNodeId;
import io.jrestate.aeron.transport.NodeIdentity;
import io.jrestate.aeron.transport.TransportOptions;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.server.internal.LogServerCore;
import io.jrestate.log.server.internal.LogServerOptions;
import io.jrestate.log.server.internal.LogServerRpc;
import io.jrestate.log.server.internal.LogletStorage;
import io.jrestate.log.server.internal.wire.ResponseCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every log-server RPC between two in-process nodes over real Aeron transports, through the exported
 * {@link LogServerClient}: store, read, release, wait for tails, digest, trim, seal, info; a store from another
 * sequencer; and malformed requests sent raw over the transport, answered {@code MALFORMED} and counted.
 */
class LogServerRpcTest {
    static final String CLUSTER = "log-server-test";
    private static final long LOGLET = (1L << 32);
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    private static final GenerationalNodeId SEQUENCER = new GenerationalNodeId(2, 1);

    @TempDir
    Path dir;

    private AeronTransport serverTransport;
    private AeronTransport clientTransport;
    private LogServerCore core;
    private LogServerRpc rpc;
    private LogServerClient client;

    static TransportOptions options(final int nodeId, final int port) {
        final InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        return TransportOptions.defaults(new NodeIdentity(CLUSTER, 42, new GenerationalNodeId(nodeId, 1)), address,
                address, TransportOptions.defaultAeronDirectory(CLUSTER, "n" + nodeId + "-" + port))
            .withTiming(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(2000));
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @BeforeEach
    void start() throws IOException {
        final int serverPort = freeUdpPort();
        serverTransport = AeronTransport.start(options(1, serverPort));
        core = new LogServerCore(LogletStorage.open(dir, LogStoreOptions.builder().segmentBytes(1L << 20)
            .spareSegments(0).build()), LogServerOptions.defaults(), System::currentTimeMillis);
        rpc = LogServerRpc.bind(serverTransport, core);
        clientTransport = AeronTransport.start(options(2, freeUdpPort()));
        clientTransport.addPeer(1, new InetSocketAddress("127.0.0.1", serverPort));
        client = new LogServerClient(clientTransport, TIMEOUT_NS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        clientTransport.close();
        serverTransport.close();
        core.close(5_000);
    }

    private static <T> T await(final CompletableFuture<T> future) throws Exception {
        return future.get(60, TimeUnit.SECONDS);
    }

    private static List<byte[]> texts(final String... texts) {
        return java.util.Arrays.stream(texts).map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    }

    @Test
    void shouldServeEveryRpcOverTheTransport() throws Exception {
        final CompletableFuture<TailState> global = client.waitForTail(1, LOGLET, TailQuery.GLOBAL_TAIL, 3,
            TIMEOUT_NS);
        assertEquals(new TailState(LogletStatus.OK, 4, 0, false), await(client.store(1, StoreRequest.of(LOGLET,
            SEQUENCER, 1, texts("a", "b", "c")))));
        final RecordsReply records = await(client.getRecords(1, LOGLET, 1, 10, 1 << 20));
        assertEquals(3, records.records().size());
        assertArrayEquals("c".getBytes(StandardCharsets.UTF_8),
            ((LogletRecord.Data) records.records().get(2)).payload());
        assertEquals(4, records.nextOffset());
        assertFalse(global.isDone(), "nobody released the global tail yet");
        assertEquals(io.jrestate.aeron.transport.SendStatus.SENT, client.release(1, LOGLET, 3));
        assertEquals(3, await(global).knownGlobalTailOffset());
        assertEquals(List.of(new DigestReply.Run(1, 3, DigestReply.RunStatus.EXISTS)),
            await(client.digest(1, LOGLET, 1, 5)).runs());
        assertEquals(new TailState(LogletStatus.OK, 4, 3, false), await(client.trim(1, LOGLET, 1, 3)));
        final TailState sealed = await(client.seal(1, LOGLET, SEQUENCER, 3));
        assertEquals(new TailState(LogletStatus.OK, 4, 3, true), sealed);
        assertEquals(LogletStatus.SEALED, await(client.store(1, StoreRequest.of(LOGLET, SEQUENCER, 4,
            texts("d")))).status());
        assertEquals(LogletStatus.OK, await(client.store(1, StoreRequest.of(LOGLET, SEQUENCER, 4, texts("d"))
            .asRepair().withKnownGlobalTail(3))).status());
        assertEquals(new LogletInfoReply(new TailState(LogletStatus.OK, 5, 3, true), 1),
            await(client.info(1, LOGLET)));
        assertEquals(new TailState(LogletStatus.OK, 5, 3, true), await(client.waitForTail(1, LOGLET,
            TailQuery.LOCAL_TAIL, 100, TIMEOUT_NS)), "a sealed loglet answers every tail wait");
    }

    @Test
    void shouldRefuseAStoreFromAnotherSequencer() throws Exception {
        assertEquals(LogletStatus.OK, await(client.store(1, StoreRequest.of(LOGLET, SEQUENCER, 1,
            texts("a")))).status());
        final TailState refused = await(client.store(1, StoreRequest.of(LOGLET, new GenerationalNodeId(3, 1), 2,
            texts("b"))));
        assertEquals(new TailState(LogletStatus.SEQUENCER_MISMATCH, 2, 0, false), refused);
    }

    @Test
    void shouldAnswerMalformedRequestsWithTheMalformedStatus() throws Exception {
        final byte[] garbage = {1, 0, 0, 0, 9};
        for (final int type : new int[] {LogServerMessageTypes.STORE, LogServerMessageTypes.GET_RECORDS,
            LogServerMessageTypes.SEAL, LogServerMessageTypes.GET_DIGEST}) {
            final byte[] answer = await(clientTransport.request(1, type, garbage, TIMEOUT_NS)).body();
            assertEquals(LogletStatus.MALFORMED, ResponseCodec.decodeHeader(answer, "answer").status());
        }
        clientTransport.send(1, LogServerMessageTypes.RELEASE, garbage);
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (rpc.malformedCount() < 5 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(5, rpc.malformedCount(), "four requests and one release refused");
        assertTrue(await(client.info(1, LOGLET)).tail().status() == LogletStatus.OK, "the server still serves");
    }
}
