package io.jrestate.perf;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The measurement behind the shared-journal design of log-segments: how fast can 24 logs each make one 4 KiB
 * record durable per round, with one shared file and one fdatasync, with 24 files fsynced in parallel, or with
 * 24 files fsynced one after the other? Rounds alternate between the three so the disk's noise hits all of them.
 * Argument: rounds (default 3), each of 2 seconds per variant.
 */
public final class CrossLogFsyncProbe {
    private static final int LOGS = 24;
    private static final int RECORD_BYTES = 4096;
    private static final long FILE_BYTES = 16L << 20;

    private CrossLogFsyncProbe() {
    }

    /** A round of work. */
    private interface Round {
        void run() throws Exception;
    }

    /**
     * Entry point.
     *
     * @param args rounds
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final Path dir = LogAppendBenchmark.benchDir();
        final FileChannel[] files = new FileChannel[LOGS];
        final long[] positions = new long[LOGS];
        final ExecutorService pool = Executors.newFixedThreadPool(LOGS);
        try {
            for (int i = 0; i < LOGS; i++) {
                files[i] = preallocated(dir.resolve("log-" + i));
            }
            final ByteBuffer one = ByteBuffer.allocateDirect(RECORD_BYTES);
            final ByteBuffer all = ByteBuffer.allocateDirect(RECORD_BYTES * LOGS);
            for (int r = 0; r < rounds; r++) {
                report("one shared file, one fdatasync", () -> {
                    files[0].write(all.clear(), positions[0]);
                    positions[0] = (positions[0] + all.capacity()) % FILE_BYTES;
                    files[0].force(false);
                });
                report("24 files, parallel fdatasync", () -> {
                    writeEach(files, positions, one);
                    final List<Future<?>> syncs = new ArrayList<>();
                    for (FileChannel f : files) {
                        syncs.add(pool.submit(() -> {
                            f.force(false);
                            return null;
                        }));
                    }
                    for (Future<?> s : syncs) {
                        s.get();
                    }
                });
                report("24 files, serial fdatasync", () -> {
                    writeEach(files, positions, one);
                    for (FileChannel f : files) {
                        f.force(false);
                    }
                });
            }
        } finally {
            pool.shutdown();
            for (FileChannel f : files) {
                if (f != null) {
                    f.close();
                }
            }
            LogAppendBenchmark.deleteTree(dir);
        }
    }

    private static void writeEach(final FileChannel[] files, final long[] positions, final ByteBuffer one)
        throws java.io.IOException {
        for (int i = 0; i < files.length; i++) {
            files[i].write(one.clear(), positions[i]);
            positions[i] = (positions[i] + RECORD_BYTES) % FILE_BYTES;
        }
    }

    private static FileChannel preallocated(final Path file) throws java.io.IOException {
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
        for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
            channel.write(zeros.clear(), at);
        }
        channel.force(true);
        return channel;
    }

    private static void report(final String name, final Round round) throws Exception {
        long count = 0;
        final long start = System.nanoTime();
        final long end = start + 2_000_000_000L;
        while (System.nanoTime() < end) {
            round.run();
            count++;
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%-32s rounds/s %7.0f   4 KiB records/s %8.0f%n", name, count / seconds,
            count * LOGS / seconds);
    }
}
