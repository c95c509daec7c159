package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.common.ids.PartitionTable;
import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SnapshotReader;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.fsm.CompletionResult;
import io.jrestate.worker.internal.fsm.FsmConfig;
import io.jrestate.worker.internal.fsm.InMemoryPartitionState;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.PartitionFsm;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import io.jrestate.worker.internal.wal.Envelope;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots whose encoding runs on the snapshot writer while the partition keeps applying. The writer is held
 * behind a latch after each capture, so the partition provably applies more records (new invocations, state
 * changes, completions) between the capture and the encoding; then the snapshot file is compared byte for byte
 * with the tables rebuilt by replaying the log up to the snapshot's LSN into a fresh state machine. Further tests
 * take snapshots with an immediate log trim under the same conditions and restart: every acknowledged call keeps
 * its counter increment and its result (calls retain their completed row for an hour); and a kill during the
 * background write leaves the previous snapshot in use. Call counts per key are random (seed printed, replay with
 * {@code -Dseed=N}).
 */
@Timeout(180)
class SnapshotWhileApplyingTest {
    private static final String[] KEYS = {"a", "b", "c", "d", "e", "f", "g", "h"};
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
    private final long seed = Long.getLong("seed", System.nanoTime());
    private final SplittableRandom random = new SplittableRandom(seed);
    @TempDir
    Path dir;

    @AfterEach
    void stopWriter() throws InterruptedException {
        writer.shutdownNow();
        writer.awaitTermination(10, TimeUnit.SECONDS);
    }

    private LogStore open() throws Exception {
        return LogStore.open(dir.resolve("log"), LogStoreOptions.builder().segmentBytes(4L << 20).build());
    }

    private static PartitionLog[] logs(final LogStore store) {
        return new PartitionLog[] {new SegmentPartitionLog(store.log(0))};
    }

    private SnapshotSetup setup(final StorageIo io, final boolean autoTrim) {
        return new SnapshotSetup(dir.resolve("snapshots"), io, new SnapshotOptions(0, Duration.ZERO, 2,
                Duration.ofHours(1), false, autoTrim), writer, List.of(), SnapshotBody.standard());
    }

    /** Holds the writer thread until the returned latch is counted down. */
    private CountDownLatch holdWriter() throws Exception {
        final CountDownLatch held = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        writer.execute(() -> {
            held.countDown();
            try {
                release.await(60, TimeUnit.SECONDS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(held.await(30, TimeUnit.SECONDS), "writer held");
        return release;
    }

    /** Random calls on random keys, all acknowledged; counts them per key and keeps the acknowledged results. */
    private void addCalls(final TestNode node, final int calls, final Map<String, Integer> counts,
            final Map<InvocationKey, PartitionProcessor.Completed> acked) {
        final List<TestNode.Submitted> submitted = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            final String key = KEYS[random.nextInt(KEYS.length)];
            counts.merge(key, 1, Integer::sum);
            submitted.add(node.submit("Counter", key, "add", "1"));
        }
        for (final TestNode.Submitted s : submitted) {
            acked.put(s.id(), s.completed().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void shouldWriteExactlyTheTablesAtTheSnapshotLsnWhileThePartitionKeepsApplying() throws Exception {
        System.out.println("SnapshotWhileApplyingTest seed=" + seed);
        final Map<String, Integer> counts = new HashMap<>();
        final Map<InvocationKey, PartitionProcessor.Completed> acked = new HashMap<>();
        final List<SnapshotInfo> taken = new ArrayList<>();
        final long recordsAtStop;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(StorageIo.fileSystem(),
                false))) {
            for (int round = 0; round < 3; round++) {
                addCalls(node, random.nextInt(20, 120), counts, acked);
                final CountDownLatch release = holdWriter();
                final CompletableFuture<SnapshotInfo> snapshot = node.partitions.processor(0).snapshot(false);
                // Queued behind the snapshot request on the partition's mailbox: applied after the capture, before
                // the (held) writer encodes it.
                addCalls(node, random.nextInt(20, 60), counts, acked);
                final long lsnAfterCalls = store.log(0).lastDurableLsn();
                release.countDown();
                taken.add(snapshot.get(60, TimeUnit.SECONDS));
                assertTrue(taken.getLast().appliedLsn() < lsnAfterCalls, "records applied while the snapshot waited");
            }
            // num-retained = 2: the first of the three files is pruned.
            for (final SnapshotInfo info : taken.subList(1, taken.size())) {
                assertArrayEquals(replayedBody(store, info.appliedLsn()), fileBody(info.path()),
                        "seed " + seed + ": snapshot at lsn " + info.appliedLsn() + " differs from the replayed log");
            }
            recordsAtStop = store.log(0).lastDurableLsn();
        }
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(StorageIo.fileSystem(),
                false))) {
            assertEquals(recordsAtStop - taken.getLast().appliedLsn(),
                    node.partitions.processor(0).replayedRecords(), "restarted from the newest snapshot");
            assertCountersAndResults(node, counts, acked);
        }
    }

    @Test
    void shouldKeepEveryAcknowledgedCallAfterSnapshotTrimAndRestart() throws Exception {
        System.out.println("SnapshotWhileApplyingTest seed=" + seed);
        final Map<String, Integer> counts = new HashMap<>();
        final Map<InvocationKey, PartitionProcessor.Completed> acked = new HashMap<>();
        SnapshotInfo last = null;
        final long recordsAtStop;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(StorageIo.fileSystem(),
                true))) {
            for (int round = 0; round < 4; round++) {
                addCalls(node, random.nextInt(20, 100), counts, acked);
                final CountDownLatch release = holdWriter();
                final CompletableFuture<SnapshotInfo> snapshot = node.partitions.processor(0).snapshot(true);
                addCalls(node, random.nextInt(10, 40), counts, acked);
                release.countDown();
                last = snapshot.get(60, TimeUnit.SECONDS);
            }
            addCalls(node, random.nextInt(5, 30), counts, acked);
            assertTrue(store.log(0).firstLsn() > 1, "the log was trimmed");
            recordsAtStop = store.log(0).lastDurableLsn();
        }
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(StorageIo.fileSystem(),
                true))) {
            assertEquals(recordsAtStop - last.appliedLsn(),
                    node.partitions.processor(0).replayedRecords(), "restarted from the newest snapshot");
            assertCountersAndResults(node, counts, acked);
        }
    }

    @Test
    void shouldRestartFromThePreviousSnapshotWhenKilledDuringABackgroundWrite() throws Exception {
        System.out.println("SnapshotWhileApplyingTest seed=" + seed);
        final Map<String, Integer> counts = new HashMap<>();
        final Map<InvocationKey, PartitionProcessor.Completed> acked = new HashMap<>();
        final KillableIo io = new KillableIo(StorageIo.fileSystem());
        final SnapshotInfo good;
        final long recordsAtStop;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(io, true))) {
            addCalls(node, random.nextInt(20, 100), counts, acked);
            good = node.partitions.processor(0).snapshot(true).get(60, TimeUnit.SECONDS);
            addCalls(node, random.nextInt(20, 100), counts, acked);
            final CountDownLatch release = holdWriter();
            io.killAtNextFsync();
            final CompletableFuture<SnapshotInfo> killed = node.partitions.processor(0).snapshot(true);
            addCalls(node, random.nextInt(10, 40), counts, acked);
            release.countDown();
            assertThrows(CompletionException.class, killed::join);
            addCalls(node, random.nextInt(10, 40), counts, acked);
            assertEquals(good.appliedLsn() + 1, store.log(0).firstLsn(), "trimmed only below the good snapshot");
            recordsAtStop = store.log(0).lastDurableLsn();
        }
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(StorageIo.fileSystem(),
                true))) {
            assertEquals(recordsAtStop - good.appliedLsn(),
                    node.partitions.processor(0).replayedRecords(), "restarted from the snapshot before the kill");
            assertCountersAndResults(node, counts, acked);
        }
    }

    private static void assertCountersAndResults(final TestNode node, final Map<String, Integer> counts,
            final Map<InvocationKey, PartitionProcessor.Completed> acked) {
        for (final Map.Entry<InvocationKey, PartitionProcessor.Completed> call : acked.entrySet()) {
            final CompletionResult result = node.partitions.processor(0)
                    .read(call.getKey(), s -> s == null ? null : s.result()).orTimeout(30, TimeUnit.SECONDS).join();
            assertEquals(call.getValue().result(), result, "retained result of acknowledged call " + call.getKey());
        }
        for (final String key : KEYS) {
            final int count = counts.getOrDefault(key, 0);
            assertEquals(Integer.toString(count + 1), node.call("Counter", key, "add", "1"), "counter " + key);
        }
    }

    /** The body a snapshot at {@code lsn} must hold: the log's first {@code lsn} records replayed afresh. */
    private static byte[] replayedBody(final LogStore store, final long lsn) throws Exception {
        final PartitionTable table = new PartitionTable(1);
        final InMemoryPartitionState tables = new InMemoryPartitionState();
        final PartitionFsm fsm = new PartitionFsm(new FsmConfig(0, table::partitionOf,
                k -> k.toInvocationId().toString()), tables);
        assertEquals(1, store.log(0).firstLsn(), "the log is not trimmed in this test");
        new SegmentPartitionLog(store.log(0)).readFrom(1, (recordLsn, bytes) -> {
            if (recordLsn <= lsn) {
                fsm.apply(recordLsn, parse(bytes), action -> { });
            }
        });
        assertEquals(lsn, tables.appliedLsn());
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final ByteBuffer b : SnapshotBody.standard().encode(0, tables).buffers()) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
        return out.toByteArray();
    }

    private static Envelope parse(final ByteBuffer bytes) {
        try {
            return Envelope.parseFrom(bytes);
        } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fileBody(final Path file) throws Exception {
        try (SnapshotReader reader = SnapshotReader.open(StorageIo.fileSystem(), file);
                InputStream in = reader.body()) {
            return in.readAllBytes();
        }
    }
}
