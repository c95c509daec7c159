package io.jrestate.perf;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SegmentLog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The single-appender target of issue 3 measured in short interleaved blocks: block after block, {@code block}
 * durable appends of the raw loop ({@code FileChannel.write} + {@code force(false)}), of the store with its writer
 * thread and of the store with inline commits, so all three see the same disk within milliseconds. Prints the
 * latency per append (median, mean), the throughput ratio to raw (ratio of mean latencies), the store's I/O calls
 * per append, and then the same without any fsync: the store's software cost per append apart from the disk.
 * Arguments: appends per variant (default 3000), block (default 16), record sizes (default 100 4096).
 */
public final class InterleavedAppendProbe {
    private static final long FILE_BYTES = 64L << 20;

    private InterleavedAppendProbe() {
    }

    /**
     * Entry point.
     *
     * @param args appends, block, record sizes...
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final int appends = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
        final int block = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        final int[] sizes = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
            : new int[] {100, 4096};
        System.out.println("| record | fsync | variant | median us | mean us | vs raw (throughput) | writes/append"
            + " | fsyncs/append | dir fsyncs/append |\n|---|---|---|---|---|---|---|---|---|");
        for (int size : sizes) {
            for (boolean skipFsync : new boolean[] {false, true}) {
                run(size, appends, block, skipFsync);
            }
        }
    }

    private static void run(final int size, final int appends, final int block, final boolean skipFsync)
        throws Exception {
        final Path dir = LogAppendBenchmark.benchDir();
        final CountingStorageIo writerIo = new CountingStorageIo(skipFsync);
        final CountingStorageIo inlineIo = new CountingStorageIo(skipFsync);
        try (FileChannel raw = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE_NEW,
                 StandardOpenOption.READ, StandardOpenOption.WRITE);
             LogStore writer = open(dir.resolve("writer"), writerIo, false);
             LogStore inline = open(dir.resolve("inline"), inlineIo, true)) {
            preallocate(raw);
            final ByteBuffer payload = ByteBuffer.allocateDirect(size);
            final long[][] nanos = new long[4][appends];
            final int warmup = (200 + block - 1) / block * block;
            final long[] rawPosition = {4096};
            for (int done = -warmup; done < appends; done += block) {
                if (done == 0) {
                    writerIo.reset();
                    inlineIo.reset();
                }
                timeRaw(raw, payload, rawPosition, false, skipFsync, nanos[0], done, block);
                timeStore(writer.log(1), payload, nanos[1], done, block, appends);
                timeStore(inline.log(1), payload, nanos[2], done, block, appends);
                timeRaw(raw, payload, rawPosition, true, skipFsync, nanos[3], done, block);
            }
            final String fsync = skipFsync ? "skipped" : "yes";
            print(size, fsync, "raw write + force", nanos[0], nanos[0], null, appends);
            print(size, fsync, "raw + 32 B write at 512 + force", nanos[3], nanos[0], null, appends);
            print(size, fsync, "store, writer thread", nanos[1], nanos[0], writerIo, appends);
            print(size, fsync, "store, inline commit", nanos[2], nanos[0], inlineIo, appends);
        } finally {
            LogAppendBenchmark.deleteTree(dir);
        }
    }

    private static LogStore open(final Path dir, final CountingStorageIo io, final boolean inline)
        throws IOException {
        return LogStore.open(dir, LogStoreOptions.builder().io(io).segmentBytes(FILE_BYTES).spareSegments(0)
            .inlineCommit(inline).build());
    }

    private static void preallocate(final FileChannel channel) throws IOException {
        final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
            channel.write(zeros.clear(), at);
        }
        channel.force(true);
    }

    /** Raw appends; with {@code marker}, also a 32-byte write into the file's first page (as the store's marker). */
    private static void timeRaw(final FileChannel raw, final ByteBuffer payload, final long[] position,
                                final boolean marker, final boolean skipFsync, final long[] nanos, final int from,
                                final int block) throws IOException {
        final ByteBuffer markerBytes = ByteBuffer.allocateDirect(32);
        for (int i = from; i < from + block && i < nanos.length; i++) {
            final long start = System.nanoTime();
            raw.write(payload.clear(), position[0]);
            if (marker) {
                raw.write(markerBytes.clear(), 512);
            }
            if (!skipFsync) {
                raw.force(false);
            }
            record(nanos, i, start);
            position[0] = position[0] + 2L * payload.capacity() > FILE_BYTES ? 4096 : position[0] + payload.capacity();
        }
    }

    private static void timeStore(final SegmentLog log, final ByteBuffer payload, final long[] nanos,
                                  final int from, final int block, final int appends) {
        for (int i = from; i < from + block && i < appends; i++) {
            final long start = System.nanoTime();
            log.append(payload.duplicate().clear()).join();
            record(nanos, i, start);
        }
    }

    private static void record(final long[] nanos, final int i, final long start) {
        if (i >= 0) {
            nanos[i] = System.nanoTime() - start;
        }
    }

    private static void print(final int size, final String fsync, final String variant, final long[] nanos,
                              final long[] rawNanos, final CountingStorageIo io, final int appends) {
        final long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        final double mean = Arrays.stream(nanos).average().orElse(0) / 1000.0;
        final double rawMean = Arrays.stream(rawNanos).average().orElse(0) / 1000.0;
        final String rawCalls = (variant.contains("512") ? "2 | " : "1 | ") + ("yes".equals(fsync) ? "1" : "0")
            + " | 0";
        final String calls = io == null ? rawCalls
            : String.format(Locale.ROOT, "%.2f | %.2f | %.3f", io.writes.sum() / (double) appends,
                io.forces.sum() / (double) appends, io.directoryFsyncs.sum() / (double) appends);
        System.out.printf(Locale.ROOT, "| %d B | %s | %s | %.1f | %.1f | %.2fx | %s |%n", size, fsync, variant,
            sorted[sorted.length / 2] / 1000.0, mean, rawMean / mean, calls);
    }
}
