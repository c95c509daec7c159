package io.jrestate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the log-linear histogram against exact answers: the bucket layout (every value lies inside its bucket,
 * buckets tile the range without gaps), exact counting of small values, the relative error bound of percentiles
 * against a sorted array of random values (seed printed, replay with {@code -Dseed=N}), merging, saturation above
 * the trackable range, and rejection of bad parameters.
 */
class LatencyHistogramTest {
    private static final double[] PERCENTILES = {0, 1, 10, 25, 50, 75, 90, 99, 99.9, 99.99, 100};

    @Test
    void shouldPlaceEveryValueInsideItsBucketWithContiguousBuckets() {
        final LatencyHistogram h = new LatencyHistogram(1L << 40, 5);
        long expectedLow = 0;
        for (int i = 0; i < h.bucketCount(); i++) {
            final long low = h.lowestEquivalentValue(i);
            final long high = h.highestEquivalentValue(i);
            assertEquals(expectedLow, low, "bucket " + i + " must start where the previous ended");
            assertEquals(i, h.indexOf(low), "lowest value of bucket " + i);
            assertEquals(i, h.indexOf(high), "highest value of bucket " + i);
            assertTrue(high - low <= Math.max(0, low / 32), "bucket " + i + " is wider than 1/32 of its start");
            expectedLow = high + 1;
        }
        assertTrue(expectedLow > (1L << 40), "buckets must cover the trackable range");
    }

    @Test
    void shouldCountSmallValuesExactly() {
        final LatencyHistogram h = new LatencyHistogram(1_000_000, 3);
        for (int v = 0; v < 16; v++) {
            h.record(v);
        }
        assertEquals(16, h.count());
        assertEquals(0, h.valueAtPercentile(0));
        assertEquals(7, h.valueAtPercentile(50));
        assertEquals(15, h.valueAtPercentile(100));
        assertEquals(0, h.min());
        assertEquals(15, h.max());
        assertEquals(7.5, h.mean(), 1e-9);
    }

    @Test
    void shouldReportPercentilesWithinTheRelativeErrorBoundOfExactNearestRank() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("LatencyHistogramTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 20; round++) {
            final int n = 1 + random.nextInt(20_000);
            final long[] values = new long[n];
            final LatencyHistogram h = new LatencyHistogram();
            for (int i = 0; i < n; i++) {
                // Log-uniform between 1 ns and ~17 min, like latencies spread over many orders of magnitude.
                values[i] = (long) Math.exp(random.nextDouble() * Math.log(1e12));
                h.record(values[i]);
            }
            Arrays.sort(values);
            for (final double p : PERCENTILES) {
                final long exact = values[(int) Math.max(0, Math.ceil(p / 100 * n) - 1)];
                final long reported = h.valueAtPercentile(p);
                final String where = "seed " + seed + " round " + round + " n " + n + " p" + p;
                assertTrue(reported >= exact, where + ": reported " + reported + " below exact " + exact);
                assertTrue(reported <= exact + exact / 128, where + ": reported " + reported + " too far above "
                        + exact);
            }
            assertEquals(values[n - 1], h.max(), "seed " + seed);
            assertEquals(values[0], h.min(), "seed " + seed);
        }
    }

    @Test
    void shouldMergeHistogramsAsIfAllValuesWereRecordedInOne() {
        final LatencyHistogram a = new LatencyHistogram();
        final LatencyHistogram b = new LatencyHistogram();
        final LatencyHistogram all = new LatencyHistogram();
        for (long v = 1; v < 5_000_000; v = v * 3 + 7) {
            (v % 2 == 0 ? a : b).record(v);
            all.record(v);
        }
        a.add(b);
        assertEquals(all.count(), a.count());
        assertEquals(all.max(), a.max());
        assertEquals(all.min(), a.min());
        for (final double p : PERCENTILES) {
            assertEquals(all.valueAtPercentile(p), a.valueAtPercentile(p), "p" + p);
        }
        assertThrows(IllegalArgumentException.class, () -> a.add(new LatencyHistogram(1L << 30, 7)));
    }

    @Test
    void shouldSaturateAboveTheTrackableRangeButKeepTheExactMax() {
        final LatencyHistogram h = new LatencyHistogram(1_000, 2);
        h.record(10);
        h.record(50_000);
        h.record(-5);
        assertEquals(3, h.count());
        assertEquals(1, h.saturatedCount());
        assertEquals(50_000, h.max());
        assertEquals(0, h.min());
        assertEquals(50_000, h.valueAtPercentile(100));
        assertTrue(h.valueAtPercentile(90) >= 1_000, "the saturated value must rank at the top");
    }

    @Test
    void shouldForgetEverythingOnReset() {
        final LatencyHistogram h = new LatencyHistogram();
        h.record(123_456);
        h.reset();
        assertEquals(0, h.count());
        assertEquals(0, h.max());
        assertEquals(0, h.min());
        assertEquals(0, h.valueAtPercentile(99));
        h.record(7);
        assertEquals(7, h.valueAtPercentile(50));
    }

    @Test
    void shouldRejectBadParameters() {
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(1_000, 0));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(1_000, 21));
        assertThrows(IllegalArgumentException.class, () -> new LatencyHistogram(10, 7));
        final LatencyHistogram h = new LatencyHistogram();
        assertThrows(IllegalArgumentException.class, () -> h.valueAtPercentile(100.5));
        assertThrows(IllegalArgumentException.class, () -> h.valueAtPercentile(Double.NaN));
    }
}
