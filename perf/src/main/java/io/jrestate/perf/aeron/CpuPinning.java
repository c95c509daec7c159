package io.jrestate.perf.aeron;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pins node threads to CPUs: node A's thread of every pair to CPU 0, node B's to CPU 1, on both sides alike.
 *
 * <p>Left to the scheduler, the two node threads of a pair sometimes share one core and sometimes run on both, and
 * the round trip differs by a few microseconds between those placements: enough to move a p50 ratio by 0.2 when
 * one side happens to run more blocks in the slower placement. Two nodes are two machines in a real cluster, so one
 * node per core is the placement to measure. The calling thread pins itself: its Linux thread id comes from
 * {@code /proc/thread-self}, and {@code taskset -p -c} sets its affinity. Off when the machine has fewer than two
 * CPUs or no {@code taskset}, or with {@code --pin off}.
 */
final class CpuPinning {
    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    private static volatile boolean enabled = Runtime.getRuntime().availableProcessors() >= 2
        && Files.isExecutable(TASKSET);

    private CpuPinning() {
    }

    /**
     * Turns pinning off (or back on, where the machine allows it).
     *
     * @param on whether to pin
     */
    static void enable(final boolean on) {
        enabled = on && Runtime.getRuntime().availableProcessors() >= 2 && Files.isExecutable(TASKSET);
    }

    /**
     * Whether threads get pinned.
     *
     * @return true when {@link #pinCurrentThread} pins
     */
    static boolean enabled() {
        return enabled;
    }

    /**
     * Pins the calling thread to one CPU, when pinning is enabled.
     *
     * @param cpu the CPU number (0 for node A's thread, 1 for node B's)
     */
    static void pinCurrentThread(final int cpu) {
        if (!enabled) {
            return;
        }
        try {
            final String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            final Process taskset = new ProcessBuilder(TASKSET.toString(), "-p", "-c", Integer.toString(cpu), tid)
                .redirectErrorStream(true).start();
            final String output;
            try (InputStream in = taskset.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (taskset.waitFor() != 0) {
                throw new IllegalStateException("taskset -p -c " + cpu + " " + tid + " failed: " + output);
            }
        } catch (final IOException e) {
            throw new IllegalStateException("could not pin thread " + Thread.currentThread().getName() + " to CPU "
                + cpu, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning " + Thread.currentThread().getName(), e);
        }
    }
}
