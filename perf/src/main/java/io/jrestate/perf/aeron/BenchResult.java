package io.jrestate.perf.aeron;

import java.util.Arrays;

/**
 * What one benchmark run measured.
 *
 * @param messagesPerSecond one-way messages received per second
 * @param p50Ns median round trip
 * @param p99Ns 99th percentile round trip
 */
record BenchResult(double messagesPerSecond, long p50Ns, long p99Ns) {
    static long percentile(final long[] sortedNs, final double fraction) {
        final int index = (int) Math.min(sortedNs.length - 1, Math.ceil(fraction * sortedNs.length) - 1);
        return sortedNs[Math.max(0, index)];
    }

    static long[] sorted(final long[] samplesNs) {
        final long[] copy = samplesNs.clone();
        Arrays.sort(copy);
        return copy;
    }
}
