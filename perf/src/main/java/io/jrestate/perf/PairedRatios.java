package io.jrestate.perf;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SegmentLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * The ratio check of issue 3 on a noisy, shared disk: JMH measures its benchmarks one after the other, minutes
 * apart, and on this machine class the fsync rate of the same loop moves by 5x within minutes. This runner
 * alternates short slices (raw loop, store with 1 appender with and without inline commit, store with 64
 * appenders) round after round, so every ratio compares slices taken seconds apart, and prints the median ratio
 * per round with its range. Arguments: rounds (default 10), slice milliseconds (default 1000), record sizes.
 */
public final class PairedRatios {
    private static final long RAW_FILE_BYTES = 256L << 20;

    private PairedRatios() {
    }

    /**
     * Entry point.
     *
     * @param args rounds, slice ms, record sizes...
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        final long sliceMs = args.length > 1 ? Long.parseLong(args[1]) : 1000;
        final int[] sizes = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 4096};
        final StringBuilder report = new StringBuilder();
        report.append("| record | store 1 appender / raw | store 1 appender, inline commit / raw"
            + " | store 64 appenders / store 1 appender | raw appends/s (median) |\n|---|---|---|---|---|\n");
        for (int size : sizes) {
            report.append(measure(size, rounds, sliceMs));
        }
        System.out.println(report);
    }

    private static String measure(final int size, final int rounds, final long sliceMs) throws Exception {
        final Path dir = LogAppendBenchmark.benchDir();
        final List<double[]> samples = new ArrayList<>();
        try (FileChannel raw = preallocated(dir.resolve("raw"));
             LogStore writer = open(dir.resolve("writer"), false);
             LogStore inline = open(dir.resolve("inline"), true)) {
            final long[] rawPosition = {0};
            for (int round = 0; round < rounds; round++) {
                final double r = rawRate(raw, rawPosition, size, sliceMs);
                final double one = storeRate(writer.log(1), size, 1, sliceMs);
                final double oneInline = storeRate(inline.log(1), size, 1, sliceMs);
                final double many = storeRate(writer.log(2), size, 64, sliceMs);
                samples.add(new double[] {one / r, oneInline / r, many / one, r});
                System.out.printf(Locale.ROOT, "%d B round %d: raw %.0f/s, store %.0f/s, inline %.0f/s, 64 appenders"
                    + " %.0f/s%n", size, round, r, one, oneInline, many);
                for (LogStore s : List.of(writer, inline)) {
                    for (long id = 1; id <= 2; id++) {
                        s.log(id).trimPrefix(s.log(id).lastDurableLsn()).join();
                    }
                }
            }
        } finally {
            LogAppendBenchmark.deleteTree(dir);
        }
        return String.format(Locale.ROOT, "| %d B | %s | %s | %s | %.0f |%n", size, median(samples, 0),
            median(samples, 1), median(samples, 2), Double.parseDouble(median(samples, 3).split(" ")[0]));
    }

    private static LogStore open(final Path dir, final boolean inline) throws IOException {
        return LogStore.open(dir, LogStoreOptions.builder().segmentBytes(64L << 20).inlineCommit(inline).build());
    }

    private static FileChannel preallocated(final Path file) throws IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < RAW_FILE_BYTES; at += zeros.capacity()) {
            channel.write(zeros.clear(), at);
        }
        channel.force(true);
        return channel;
    }

    private static double rawRate(final FileChannel channel, final long[] position, final int size,
                                  final long sliceMs) throws IOException {
        final ByteBuffer payload = ByteBuffer.allocateDirect(size);
        final long start = System.nanoTime();
        final long end = start + sliceMs * 1_000_000;
        long count = 0;
        while (System.nanoTime() < end) {
            channel.write(payload.clear(), position[0]);
            channel.force(false);
            position[0] = position[0] + size + size > RAW_FILE_BYTES ? 0 : position[0] + size;
            count++;
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static double storeRate(final SegmentLog log, final int size, final int threads, final long sliceMs)
        throws InterruptedException {
        final LongAdder count = new LongAdder();
        final long start = System.nanoTime();
        final long end = start + sliceMs * 1_000_000;
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                final ByteBuffer payload = ByteBuffer.allocate(size);
                while (System.nanoTime() < end) {
                    log.append(payload.duplicate()).join();
                    count.increment();
                }
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return count.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static String median(final List<double[]> samples, final int column) {
        final double[] values = samples.stream().mapToDouble(s -> s[column]).sorted().toArray();
        final double median = values[values.length / 2];
        return String.format(Locale.ROOT, "%.2f (%.2f..%.2f)", median, values[0], values[values.length - 1]);
    }
}
