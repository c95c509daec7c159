package io.jrestate.perf.aeron;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Pins node threads to CPUs: node A's thread of every pair to the first CPU, node B's to the second, on both sides
 * alike.
 *
 * <p>Left to the scheduler, the two node threads of a pair sometimes share one core and sometimes run on both, and
 * the round trip differs by a few microseconds between those placements: enough to move a p50 ratio by 0.2 when
 * one side happens to run more blocks in the slower placement. Two nodes are two machines in a real cluster, so one
 * node per core is the placement to measure. The calling thread pins itself: its Linux thread id comes from
 * {@code /proc/thread-self}, and {@code taskset -p -c} sets its affinity. The two CPUs are the first two this
 * process may run on ({@code Cpus_allowed_list}). Off when there are fewer than two or no {@code taskset}, or with
 * {@code --pin off}.
 */
final class CpuPinning {
    private static final Path TASKSET = Path.of("/usr/bin/taskset");
    /** The first two CPUs this process may run on (a container may allow others than 0 and 1), or none. */
    private static final int[] CPUS = allowedCpus();
    private static volatile boolean enabled = CPUS.length == 2 && Files.isExecutable(TASKSET);

    private CpuPinning() {
    }

    /**
     * Turns pinning off (or back on, where the machine allows it).
     *
     * @param on whether to pin
     */
    static void enable(final boolean on) {
        enabled = on && CPUS.length == 2 && Files.isExecutable(TASKSET);
    }

    // "Cpus_allowed_list:\t0-1" or "2,4-7" in /proc/self/status.
    private static int[] allowedCpus() {
        try {
            for (final String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Cpus_allowed_list:")) {
                    return firstTwo(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (final IOException | RuntimeException e) {
            System.err.println("CPU pinning off: cannot read the allowed CPUs (" + e + ")");
        }
        return new int[0];
    }

    private static int[] firstTwo(final String list) {
        final int[] cpus = new int[2];
        int found = 0;
        for (final String range : list.split(",")) {
            final String[] ends = range.split("-");
            final int from = Integer.parseInt(ends[0].trim());
            final int to = ends.length > 1 ? Integer.parseInt(ends[1].trim()) : from;
            for (int cpu = from; cpu <= to && found < 2; cpu++) {
                cpus[found++] = cpu;
            }
        }
        return found == 2 ? cpus : new int[0];
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
     * Pins the calling thread to one of the two CPUs, when pinning is enabled; a failure turns pinning off for the
     * rest of the run (both sides alike from then on) with a message on stderr.
     *
     * @param which 0 for node A's thread (the first allowed CPU), 1 for node B's (the second)
     */
    static void pinCurrentThread(final int which) {
        if (!enabled) {
            return;
        }
        final int cpu = CPUS[which];
        try {
            final String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            final Process taskset = new ProcessBuilder(TASKSET.toString(), "-p", "-c", Integer.toString(cpu), tid)
                .redirectErrorStream(true).start();
            final String output;
            try (InputStream in = taskset.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (taskset.waitFor() != 0) {
                refuse("taskset -p -c " + cpu + " " + tid + " failed: " + output);
            }
        } catch (final IOException e) {
            refuse("could not pin thread " + Thread.currentThread().getName() + " to CPU " + cpu + ": " + e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pinning " + Thread.currentThread().getName(), e);
        }
    }

    private static void refuse(final String why) {
        enabled = false;
        System.err.println("CPU pinning off for the rest of the run (threads pinned so far stay pinned): " + why);
    }
}
