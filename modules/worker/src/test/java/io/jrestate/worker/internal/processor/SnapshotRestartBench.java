package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotOptions;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart time of one partition after {@code -Drecords=N} log records (default 100,000) of counter invocations
 * (64 keys, every invocation completed and retained): starting from the log alone against starting from a
 * snapshot taken at the end plus the short tail. Rounds alternate the two starts in one run; prints the median and
 * range per variant, the records replayed, the snapshot's size, how long capturing it held the partition thread and
 * how long its encoding took on the snapshot writer.
 * Run by {@code perf/bin/snapshot-restart} (tag {@code benchmark}, not in the gate); the table also goes to
 * {@code modules/worker/target/snapshot-restart.md}.
 */
@Tag("benchmark")
class SnapshotRestartBench {
    private static final int KEYS = 64;
    private static final int ROUNDS = Integer.getInteger("rounds", 5);

    @Test
    void measureRestartWithAndWithoutSnapshot(@TempDir final Path dir) throws Exception {
        final long target = Long.getLong("records", 100_000);
        final ExecutorService writer = Executors.newSingleThreadExecutor();
        final SnapshotSetup setup = new SnapshotSetup(dir.resolve("snapshots"), StorageIo.fileSystem(),
                new SnapshotOptions(0, Duration.ZERO, 2, Duration.ofHours(1), true, false), writer, List.of(),
                SnapshotBody.standard());
        final long fillStartNs = System.nanoTime();
        final long records;
        final SnapshotInfo snapshot;
        final long captureNs;
        final long encodeNs;
        final long invocations;
        try (LogStore store = open(dir); TestNode node = new TestNode(new PartitionLog[] {log(store)}, setup)) {
            long round = 0;
            while (store.log(0).lastDurableLsn() < target) {
                final List<CompletableFuture<PartitionProcessor.Completed>> calls = new ArrayList<>();
                for (int k = 0; k < KEYS; k++) {
                    calls.add(node.callAsync("Counter", "k" + k, "add", "1"));
                }
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
                round++;
            }
            snapshot = node.partitions.processor(0).snapshot(false).get(60, TimeUnit.SECONDS);
            captureNs = node.partitions.processor(0).lastSnapshotCaptureNs();
            encodeNs = node.partitions.processor(0).lastSnapshotEncodeNs();
            records = store.log(0).lastDurableLsn();
            invocations = round * KEYS;
            assertEquals(Long.toString(round + 1), node.call("Counter", "k0", "add", "1"));
        }
        final double fillS = (System.nanoTime() - fillStartNs) / 1e9;
        final long[] logOnlyNs = new long[ROUNDS];
        final long[] snapshotNs = new long[ROUNDS];
        long replayedLogOnly = 0;
        long replayedSnapshot = 0;
        for (int r = 0; r < ROUNDS; r++) {
            try (LogStore store = open(dir)) {
                final long start = System.nanoTime();
                try (TestNode node = new TestNode(new PartitionLog[] {log(store)})) {
                    logOnlyNs[r] = System.nanoTime() - start;
                    replayedLogOnly = node.partitions.processor(0).replayedRecords();
                }
            }
            try (LogStore store = open(dir)) {
                final long start = System.nanoTime();
                try (TestNode node = new TestNode(new PartitionLog[] {log(store)}, setup)) {
                    snapshotNs[r] = System.nanoTime() - start;
                    replayedSnapshot = node.partitions.processor(0).replayedRecords();
                }
            }
        }
        writer.shutdownNow();
        final String table = String.format("""
                Restart of 1 partition after %,d records (%,d counter invocations on %d keys, filled in %.1f s)
                snapshot: %,d bytes at lsn %,d; capturing it held the partition thread %.2f ms, encoding it took
                %.1f ms on the snapshot writer
                | start | records replayed | median ms | min-max ms |
                |---|---|---|---|
                | log only | %,d | %.0f | %.0f-%.0f |
                | snapshot + tail | %,d | %.0f | %.0f-%.0f |
                ratio (log only / snapshot, medians): %.1fx; %d rounds alternating; 2-core machine shared with other
                builds: absolute times are noisy, the ratio within one run is the figure
                """, records, invocations, KEYS, fillS, snapshot.sizeBytes(), snapshot.appliedLsn(), captureNs / 1e6,
                encodeNs / 1e6,
                replayedLogOnly, median(logOnlyNs) / 1e6, min(logOnlyNs) / 1e6, max(logOnlyNs) / 1e6,
                replayedSnapshot, median(snapshotNs) / 1e6, min(snapshotNs) / 1e6, max(snapshotNs) / 1e6,
                (double) median(logOnlyNs) / median(snapshotNs), ROUNDS);
        System.out.println(table);
        final Path out = Path.of("target", "snapshot-restart.md");
        Files.writeString(out, table, StandardCharsets.UTF_8);
    }

    private static LogStore open(final Path dir) throws Exception {
        return LogStore.open(dir.resolve("log"), LogStoreOptions.builder().segmentBytes(64L << 20).build());
    }

    private static PartitionLog log(final LogStore store) {
        return new SegmentPartitionLog(store.log(0));
    }

    private static long median(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long min(final long[] values) {
        return Arrays.stream(values).min().orElse(0);
    }

    private static long max(final long[] values) {
        return Arrays.stream(values).max().orElse(0);
    }
}
