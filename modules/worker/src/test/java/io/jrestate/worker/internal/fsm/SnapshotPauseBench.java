package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.log.segments.StorageIo;
import io.jrestate.worker.internal.snapshot.ChunkedBytes;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How long a partition snapshot holds the partition thread, before and after moving the encoding off it, for
 * tables holding N state entries ({@code -Dentries=100000,1000000}, {@code -DentriesPerObject=4} entries of 16
 * value bytes per object) plus {@code -Dinvocations=10000} completed invocation rows with short journals.
 *
 * <ul>
 *   <li>before (the old path): the partition thread encodes the whole body ({@code SnapshotBody.encode}), then a
 *       writer writes and fsyncs it; the pause is the encoding.</li>
 *   <li>after: the partition thread only captures ({@code SnapshotBody.capture}: frozen copy-on-write tables), a
 *       writer thread encodes, writes and fsyncs while this thread keeps writing state (the partition applying
 *       records, in bursts of 100 writes every millisecond): the pause is the capture; also reported, the slowest
 *       single write during the background encode (a first write into a shared segment copies it; a GC pause
 *       shows here too) and how many writes ran meanwhile; then, for comparison, the slowest of as many writes
 *       with no snapshot running, and how late an idle thread sleeping 1 ms woke up at most during the encoding
 *       (a JVM-wide stall: the tests' serial collector stops every thread, the partition's too).</li>
 * </ul>
 * Total = from the start of the snapshot until its file is durable. One warm-up round, then {@code -Drounds=3};
 * medians. Run by {@code perf/bin/snapshot-pause} (tag {@code benchmark}, not in the gate); the table also goes to
 * {@code modules/worker/target/snapshot-pause.md}. Seeded ({@code -Dseed=N}, printed).
 */
@Tag("benchmark")
class SnapshotPauseBench {
    private static final int ROUNDS = Integer.getInteger("rounds", 3);
    private static final int PER_OBJECT = Integer.getInteger("entriesPerObject", 4);
    private static final int INVOCATIONS = Integer.getInteger("invocations", 10_000);
    private static final int BURST = 100;
    private final SnapshotBody body = SnapshotBody.standard();

    /** Medians of one configuration. */
    private record Figures(long entries, long bytes, double pauseBeforeMs, double totalBeforeMs, double pauseAfterMs,
            double totalAfterMs, double slowestWriteMs, long writesDuring, double slowestWriteIdleMs, double stallMs) {
    }

    @Test
    void measurePartitionThreadPausePerSnapshot(@TempDir final Path dir) throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("SnapshotPauseBench seed=" + seed);
        final List<Figures> rows = new ArrayList<>();
        final ExecutorService writer = Executors.newSingleThreadExecutor();
        try {
            for (final String n : System.getProperty("entries", "100000,1000000").split(",")) {
                rows.add(measure(Long.parseLong(n.trim()), new SplittableRandom(seed), dir.resolve("n" + n.trim()),
                        writer));
            }
        } finally {
            writer.shutdownNow();
        }
        final StringBuilder table = new StringBuilder(String.format("""
                Partition snapshot pause (%d state entries per object, %,d invocation rows; medians of %d rounds)
                | state entries | body bytes | before: pause ms | before: total ms | after: pause ms \
                | after: total ms | pause ratio | slowest write during encode ms | writes during encode \
                | slowest of as many writes, no snapshot ms | slowest stall of an idle thread during encode ms |
                |---|---|---|---|---|---|---|---|---|---|---|
                """, PER_OBJECT, INVOCATIONS, ROUNDS));
        for (final Figures f : rows) {
            table.append(String.format("| %,d | %,d | %.1f | %.1f | %.2f | %.1f | %.0fx | %.2f | %,d | %.2f | %.2f |%n",
                    f.entries(), f.bytes(), f.pauseBeforeMs(), f.totalBeforeMs(), f.pauseAfterMs(), f.totalAfterMs(),
                    f.pauseBeforeMs() / f.pauseAfterMs(), f.slowestWriteMs(), f.writesDuring(),
                    f.slowestWriteIdleMs(), f.stallMs()));
        }
        System.out.println(table);
        Files.writeString(Path.of("target", "snapshot-pause.md"), table, StandardCharsets.UTF_8);
    }

    private Figures measure(final long entries, final SplittableRandom random, final Path dir,
            final ExecutorService writer) throws Exception {
        final InMemoryPartitionState tables = fill(entries, random);
        final PartitionSnapshots files = new PartitionSnapshots(0, dir, StorageIo.fileSystem(), body, 2);
        final long[] pauseBefore = new long[ROUNDS];
        final long[] totalBefore = new long[ROUNDS];
        final long[] pauseAfter = new long[ROUNDS];
        final long[] totalAfter = new long[ROUNDS];
        final long[] slowest = new long[ROUNDS];
        final long[] during = new long[ROUNDS];
        final long[] slowestIdle = new long[ROUNDS];
        final long[] stall = new long[ROUNDS];
        long bytes = 0;
        for (int round = -1; round < ROUNDS; round++) {
            final int r = Math.max(round, 0);
            tables.appliedLsn(tables.appliedLsn() + 1);
            long start = System.nanoTime();
            final ChunkedBytes encoded = body.encode(0, tables);
            pauseBefore[r] = System.nanoTime() - start;
            final long lsn = tables.appliedLsn();
            writer.submit(() -> files.write(lsn, encoded)).get(10, TimeUnit.MINUTES);
            totalBefore[r] = System.nanoTime() - start;
            bytes = encoded.sizeBytes();
            tables.appliedLsn(tables.appliedLsn() + 1);
            final StallProbe probe = new StallProbe();
            start = System.nanoTime();
            final SnapshotBody.Captured captured = body.capture(0, tables);
            pauseAfter[r] = System.nanoTime() - start;
            final CompletableFuture<SnapshotInfo> durable = CompletableFuture.supplyAsync(() -> {
                try {
                    return files.write(captured.appliedLsn(), body.encode(captured));
                } catch (final java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, writer);
            final long[] writes = keepWriting(tables, entries, random, durable, Long.MAX_VALUE);
            durable.get(10, TimeUnit.MINUTES);
            totalAfter[r] = System.nanoTime() - start;
            probe.close();
            stall[r] = probe.worstLateNs;
            tables.release(captured.tables());
            slowest[r] = writes[0];
            during[r] = writes[1];
            final CompletableFuture<Void> never = new CompletableFuture<>();
            slowestIdle[r] = keepWriting(tables, entries, random, never, writes[1])[0];
        }
        return new Figures(entries, bytes, median(pauseBefore) / 1e6, median(totalBefore) / 1e6,
                median(pauseAfter) / 1e6, median(totalAfter) / 1e6, median(slowest) / 1e6, median(during),
                median(slowestIdle) / 1e6, median(stall) / 1e6);
    }

    /** Writes random state entries until {@code until} is done or after {@code max} writes; {slowest ns, writes}. */
    private static long[] keepWriting(final InMemoryPartitionState tables, final long entries,
            final SplittableRandom random, final CompletableFuture<?> until, final long max) {
        long slowest = 0;
        long writes = 0;
        final long objects = Math.max(1, entries / PER_OBJECT);
        while (!until.isDone() && writes < max) {
            final ObjectKey object = new ObjectKey("Counter", "k" + random.nextLong(objects));
            final ByteString key = ByteString.copyFromUtf8("s" + random.nextInt(PER_OBJECT));
            final ByteString value = randomValue(random);
            final long start = System.nanoTime();
            tables.putState(object, key, value);
            slowest = Math.max(slowest, System.nanoTime() - start);
            writes++;
            if (writes % BURST == 0) {
                // A partition applies in bursts, not in a tight loop: leave the (shared) cores to the encoder.
                LockSupport.parkNanos(1_000_000);
            }
        }
        return new long[] {slowest, writes};
    }

    private static InMemoryPartitionState fill(final long entries, final SplittableRandom random) {
        final InMemoryPartitionState tables = new InMemoryPartitionState();
        for (long i = 0; i < entries; i++) {
            tables.putState(new ObjectKey("Counter", "k" + i / PER_OBJECT),
                    ByteString.copyFromUtf8("s" + i % PER_OBJECT), randomValue(random));
        }
        for (int i = 0; i < INVOCATIONS; i++) {
            final InvocationStatus row = SnapshotRoundTripProperties.randomStatus(random);
            row.phase = Phase.COMPLETED;
            tables.putInvocation(row);
        }
        tables.appliedLsn(entries + INVOCATIONS);
        return tables;
    }

    private static ByteString randomValue(final SplittableRandom random) {
        final byte[] value = new byte[16];
        random.nextBytes(value);
        return ByteString.copyFrom(value);
    }

    /** A thread that sleeps 1 ms at a time and records how late it wakes up at most: JVM-wide stalls (GC). */
    private static final class StallProbe implements AutoCloseable {
        private final Thread thread;
        private volatile boolean stop;
        private volatile long worstLateNs;

        StallProbe() {
            thread = new Thread(() -> {
                while (!stop) {
                    final long start = System.nanoTime();
                    LockSupport.parkNanos(1_000_000);
                    worstLateNs = Math.max(worstLateNs, System.nanoTime() - start - 1_000_000);
                }
            }, "stall-probe");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    private static long median(final long[] values) {
        final long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
