package io.jrestate.perf;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Idle CPU of an open {@link LogStore} (issue 3: an idle server uses ~0% CPU). Measures the CPU time of the whole
 * process and of each of its threads (from {@code /proc/self/stat} and {@code /proc/self/task/N/stat}, Linux
 * only) over a window with no store open (the JVM's own idle cost), then over the same window with a store open
 * that just committed a few appends and then sits idle. Arguments: window seconds (default 30).
 */
public final class IdleCpuProbe {
    private static final double TICKS_PER_SECOND = 100.0;

    private IdleCpuProbe() {
    }

    /**
     * Entry point.
     *
     * @param args window seconds
     * @throws Exception on failure
     */
    public static void main(final String[] args) throws Exception {
        final long windowSeconds = args.length > 0 ? Long.parseLong(args[0]) : 30;
        final double baseline = window(windowSeconds, "no store open");
        final Path dir = LogAppendBenchmark.benchDir();
        try (LogStore store = LogStore.open(dir, LogStoreOptions.builder().segmentBytes(4L << 20).build())) {
            for (int i = 0; i < 10; i++) {
                store.log(1).append(ByteBuffer.allocate(100)).join();
            }
            Thread.sleep(100);
            final double withStore = window(windowSeconds, "idle store open");
            System.out.printf(Locale.ROOT, "idle CPU: %.3f%% of one core with the store vs %.3f%% without%n",
                withStore, baseline);
        } finally {
            LogAppendBenchmark.deleteTree(dir);
        }
    }

    /** Sleeps for the window and prints process and per-thread CPU; returns the process CPU in % of one core. */
    private static double window(final long seconds, final String label) throws IOException, InterruptedException {
        final Map<String, Long> before = threadTicks();
        final long processBefore = ticks(Path.of("/proc/self/stat"));
        final long start = System.nanoTime();
        Thread.sleep(seconds * 1000);
        final double elapsed = (System.nanoTime() - start) / 1e9;
        final long processTicks = ticks(Path.of("/proc/self/stat")) - processBefore;
        final double percent = 100.0 * processTicks / TICKS_PER_SECOND / elapsed;
        System.out.printf(Locale.ROOT, "%s: %.1f s, process %d ticks (%.3f%% of one core)%n", label, elapsed,
            processTicks, percent);
        for (Map.Entry<String, Long> e : threadTicks().entrySet()) {
            final long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            if (used > 0 || e.getKey().contains("log-store")) {
                System.out.printf(Locale.ROOT, "  thread %-30s %d ticks%n", e.getKey(), used);
            }
        }
        return percent;
    }

    private static Map<String, Long> threadTicks() throws IOException {
        final Map<String, Long> result = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    final String stat = Files.readString(task.resolve("stat"));
                    final String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    result.merge(task.getFileName() + " " + name, ticks(stat), Long::sum);
                } catch (IOException gone) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return result;
    }

    private static long ticks(final Path stat) throws IOException {
        return ticks(Files.readString(stat));
    }

    /** utime + stime (fields 14 and 15 of proc(5) stat), counted after the parenthesised command name. */
    private static long ticks(final String stat) {
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
