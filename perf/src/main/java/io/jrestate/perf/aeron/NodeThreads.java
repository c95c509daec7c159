package io.jrestate.perf.aeron;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/** Finds node threads and reads their CPU time, to compare the CPU each side spends per round trip. */
final class NodeThreads {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private NodeThreads() {
    }

    static Set<Long> liveIds() {
        final Set<Long> ids = new HashSet<>();
        for (final long id : THREADS.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    /** Threads started since {@code before} whose name contains {@code namepart}. */
    static long[] startedSince(final Set<Long> before, final String namePart) {
        return Arrays.stream(THREADS.getThreadInfo(THREADS.getAllThreadIds()))
            .filter(info -> info != null && !before.contains(info.getThreadId())
                && info.getThreadName().contains(namePart))
            .mapToLong(ThreadInfo::getThreadId).toArray();
    }

    /** The CPU time of these threads together, in nanoseconds. */
    static long cpuNs(final long[] ids) {
        long sum = 0;
        for (final long id : ids) {
            sum += Math.max(0, THREADS.getThreadCpuTime(id));
        }
        return sum;
    }
}
