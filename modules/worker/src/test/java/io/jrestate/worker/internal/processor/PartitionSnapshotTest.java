package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.snapshot.LogTrimFloor;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Partition processors over the real log store with snapshots in a temporary node directory. Each test runs a
 * counter workload (thousands of log records), takes snapshots, stops the node without a shutdown snapshot and
 * starts it again, then checks the exact number of records replayed (the log after the restored snapshot, never a
 * time), that counters continue exactly, which snapshot was used when the newest is corrupt, and that the log trim
 * point never passes the oldest retained snapshot nor a registered floor.
 */
@Timeout(120)
class PartitionSnapshotTest {
    private static final int PARTITIONS = 2;
    private static final String[] KEYS = {"a", "b", "c", "d", "e", "f"};
    private final ExecutorService writer = Executors.newSingleThreadExecutor();
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
        final PartitionLog[] logs = new PartitionLog[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            logs[p] = new SegmentPartitionLog(store.log(p));
        }
        return logs;
    }

    private SnapshotSetup setup(final SnapshotOptions options, final List<LogTrimFloor> floors) {
        return new SnapshotSetup(dir.resolve("snapshots"), StorageIo.fileSystem(), options, writer, floors,
                SnapshotBody.standard());
    }

    private static SnapshotOptions options(final long intervalRecords, final int retained) {
        return new SnapshotOptions(intervalRecords, Duration.ZERO, retained, Duration.ZERO, true, true);
    }

    /** Adds 1 to every key {@code rounds} times, concurrently per round; returns nothing, counts are known. */
    private static void addRounds(final TestNode node, final int rounds) {
        for (int r = 0; r < rounds; r++) {
            final List<CompletableFuture<PartitionProcessor.Completed>> calls = new ArrayList<>();
            for (final String key : KEYS) {
                calls.add(node.callAsync("Counter", key, "add", "1"));
            }
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    private static long totalRecords(final LogStore store) {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            total += store.log(p).lastDurableLsn();
        }
        return total;
    }

    private static long replayed(final TestNode node) {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            total += node.partitions.processor(p).replayedRecords();
        }
        return total;
    }

    @Test
    void shouldReplayOnlyTheLogAfterTheSnapshotOnRestart() throws Exception {
        final SnapshotOptions options = new SnapshotOptions(0, Duration.ZERO, 1, Duration.ofHours(1), true, true);
        final List<SnapshotInfo> taken;
        final long recordsAtStop;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            addRounds(node, 100);
            taken = node.partitions.snapshot(List.of(), false).join();
            addRounds(node, 5);
            recordsAtStop = totalRecords(store);
        }
        final long snapshotLsns = taken.stream().mapToLong(SnapshotInfo::appliedLsn).sum();
        assertTrue(snapshotLsns > 2_000, "thousands of records before the snapshot, got " + snapshotLsns);
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            assertEquals(recordsAtStop - snapshotLsns, replayed(node), "only the log after the snapshot replays");
            for (final String key : KEYS) {
                assertEquals("106", node.call("Counter", key, "add", "1"), "counter " + key);
            }
        }
        try (LogStore store = open(); TestNode node = new TestNode(logs(store))) {
            assertEquals(totalRecords(store) - PARTITIONS, replayed(node), "without snapshots the whole log replays");
        }
    }

    @Test
    void shouldFallBackToTheOlderSnapshotWhenTheNewestIsCorrupt() throws Exception {
        final SnapshotOptions options = options(0, 2);
        final SnapshotInfo older;
        final SnapshotInfo newer;
        final long recordsAtStop;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            addRounds(node, 20);
            older = node.partitions.processor(0).snapshot(false).join();
            addRounds(node, 20);
            newer = node.partitions.processor(0).snapshot(false).join();
            assertEquals(older.appliedLsn(), store.log(0).firstLsn() - 1, "trimmed to the oldest retained");
            addRounds(node, 2);
            recordsAtStop = store.log(0).lastDurableLsn();
        }
        flipByte(newer.path(), newer.sizeBytes() / 2);
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            assertEquals(recordsAtStop - older.appliedLsn(), node.partitions.processor(0).replayedRecords());
            for (final String key : KEYS) {
                assertEquals("43", node.call("Counter", key, "add", "1"), "counter " + key);
            }
        }
    }

    @Test
    void shouldRefuseToStartWhenTheLogIsTrimmedAndNoSnapshotIsUsable() throws Exception {
        final SnapshotOptions options = options(0, 1);
        final SnapshotInfo only;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            addRounds(node, 5);
            only = node.partitions.processor(0).snapshot(true).join();
            assertEquals(only.appliedLsn(), store.log(0).firstLsn() - 1);
        }
        flipByte(only.path(), 40);
        try (LogStore store = open()) {
            final CompletionException e = assertThrows(CompletionException.class,
                    () -> new TestNode(logs(store), setup(options, List.of())).close());
            assertTrue(e.getMessage().contains("trimmed up to lsn " + only.appliedLsn())
                    && e.getMessage().contains(only.path().getFileName().toString()), e.getMessage());
        }
    }

    @Test
    void shouldNeverTrimPastTheOldestRetainedSnapshotOrAFloor() throws Exception {
        final long floorLsn = 900;
        final LogTrimFloor floor = p -> p == 1 ? floorLsn : Long.MAX_VALUE;
        final SnapshotOptions options = options(97, 3);
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of(floor)))) {
            final SnapshotSetup view = setup(options, List.of());
            for (int round = 0; round < 50; round++) {
                addRounds(node, 2);
                for (int p = 0; p < PARTITIONS; p++) {
                    final long trimPoint = store.log(p).firstLsn() - 1;
                    final List<Long> retained = view.forPartition(p).retainedLsns();
                    // A snapshot just renamed into place is visible until the writer prunes the oldest: 3 + 1.
                    assertTrue(retained.size() <= 4, "retained " + retained);
                    assertTrue(trimPoint == 0 || !retained.isEmpty() && trimPoint <= retained.getFirst(),
                            "partition " + p + " trimmed to " + trimPoint + ", retained " + retained);
                    assertTrue(p != 1 || trimPoint <= floorLsn, "floor passed: " + trimPoint);
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertTrue(store.log(p).lastDurableLsn() > 1_200, "partition " + p + " has too few records: "
                        + store.log(p).lastDurableLsn());
            }
            // Periodic snapshots skip while one is in flight, so on a loaded machine the writer (which encodes them)
            // may lag the workload: two more snapshots past the floor make the retained set independent of its pace.
            for (int i = 0; i < 2; i++) {
                addRounds(node, 1);
                node.partitions.snapshot(List.of(), false).join();
            }
            addRounds(node, 1);
            node.partitions.snapshot(List.of(), true).join();
            final List<Long> retained0 = view.forPartition(0).retainedLsns();
            assertEquals(3, retained0.size());
            assertEquals(retained0.getFirst(), store.log(0).firstLsn() - 1, "trimmed exactly to the oldest");
            assertEquals(floorLsn, store.log(1).firstLsn() - 1, "partition 1 held at its floor; retained "
                    + view.forPartition(1).retainedLsns() + ", last lsn " + store.log(1).lastDurableLsn());
        }
    }

    @Test
    void shouldKeepThePreviousSnapshotsUsableWhenKilledWhileWritingOne() throws Exception {
        final SnapshotOptions options = options(0, 2);
        final KillableIo io = new KillableIo(StorageIo.fileSystem());
        final SnapshotSetup killable = new SnapshotSetup(dir.resolve("snapshots"), io, options, writer, List.of(),
                SnapshotBody.standard());
        final SnapshotInfo good;
        final long recordsAtKill;
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), killable)) {
            addRounds(node, 10);
            good = node.partitions.processor(0).snapshot(false).join();
            addRounds(node, 10);
            io.killAtNextFsync();
            assertThrows(CompletionException.class, () -> node.partitions.processor(0).snapshot(false).join());
            recordsAtKill = store.log(0).lastDurableLsn();
        }
        final Path partitionDir = dir.resolve("snapshots").resolve("0");
        try (var files = Files.list(partitionDir)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".tmp")), "the killed write left its temp file");
        }
        try (LogStore store = open(); TestNode node = new TestNode(logs(store), setup(options, List.of()))) {
            assertEquals(recordsAtKill - good.appliedLsn(), node.partitions.processor(0).replayedRecords());
            for (final String key : KEYS) {
                assertEquals("21", node.call("Counter", key, "add", "1"), "counter " + key);
            }
            node.partitions.processor(0).snapshot(false).join();
        }
        final PartitionSnapshots files = setup(options, List.of()).forPartition(0);
        assertEquals(2, files.retainedLsns().size());
        try (var left = Files.list(partitionDir)) {
            assertTrue(left.noneMatch(f -> f.toString().endsWith(".tmp")), "the next snapshot removed it");
        }
    }

    private static void flipByte(final Path file, final long position) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(position);
            final int b = f.read();
            f.seek(position);
            f.write(b ^ 0x5A);
        }
    }
}
