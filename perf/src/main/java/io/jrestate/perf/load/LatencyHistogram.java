package io.jrestate.perf.load;

import java.util.Arrays;

/**
 * A log-linear histogram of non-negative {@code long} values (latencies in nanoseconds), written for the load tool.
 *
 * <p>Recording is one index computation and one array increment: no allocation, no locking. Each load connection
 * owns one histogram; the results are merged with {@link #add} when the run ends.
 *
 * <p>Bucket layout, with {@code S = 2^subBucketBits} sub-buckets per power of two:
 * <pre>
 *   index:   0 1 2 ... 2S-1 | 2S ........ 3S-1 | 3S ........ 4S-1 | ...  | (g+1)S ... (g+2)S-1
 *   values:  0 1 2 ... 2S-1 | [2S, 4S) step 2  | [4S, 8S) step 4  | ...  | [S*2^g, S*2^(g+1)) step 2^g
 *            group 0: exact  | group 1          | group 2          |      | group g
 * </pre>
 * Values below {@code 2S} are counted exactly; a larger value lands in a bucket whose width is at most
 * {@code 1/S} of its lower bound, so every reported percentile is at most {@code 1/S} (relative) above the true one
 * and never below it. With the default {@code subBucketBits = 7} that is less than 0.8%.
 *
 * <p>Values above {@link #highestTrackableValue()} are counted in the last bucket and remembered in
 * {@link #saturatedCount()}; the exact maximum is always kept in {@link #max()}.
 */
public final class LatencyHistogram {
    /** Default precision: 128 sub-buckets per power of two, below 0.8% relative error. */
    public static final int DEFAULT_SUB_BUCKET_BITS = 7;
    /** Default highest trackable value: one hour in nanoseconds. */
    public static final long DEFAULT_HIGHEST_TRACKABLE = 3_600_000_000_000L;

    private static final double PERCENT = 100.0;

    private final int subBucketBits;
    private final long subBucketCount;
    private final long highestTrackableValue;
    private final long[] counts;
    private long totalCount;
    private long saturatedCount;
    private long maxValue;
    private long minValue = Long.MAX_VALUE;
    private double sum;

    /** Creates a histogram with {@link #DEFAULT_SUB_BUCKET_BITS} precision up to one hour in nanoseconds. */
    public LatencyHistogram() {
        this(DEFAULT_HIGHEST_TRACKABLE, DEFAULT_SUB_BUCKET_BITS);
    }

    /**
     * Creates a histogram.
     *
     * @param highestTrackableValue the largest value counted in its own bucket, at least {@code 2^(subBucketBits+1)}
     * @param subBucketBits log2 of the sub-buckets per power of two, 1 to 20
     * @throws IllegalArgumentException naming the parameter when out of range
     */
    public LatencyHistogram(final long highestTrackableValue, final int subBucketBits) {
        if (subBucketBits < 1 || subBucketBits > 20) {
            throw new IllegalArgumentException("subBucketBits must be within 1..20, was " + subBucketBits);
        }
        if (highestTrackableValue < (2L << subBucketBits) || highestTrackableValue > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("highestTrackableValue must be within " + (2L << subBucketBits)
                    + ".." + Long.MAX_VALUE / 2 + ", was " + highestTrackableValue);
        }
        this.subBucketBits = subBucketBits;
        this.subBucketCount = 1L << subBucketBits;
        this.highestTrackableValue = highestTrackableValue;
        this.counts = new long[indexOf(highestTrackableValue) + 1];
    }

    /**
     * Counts one value. Negative values count as 0; values above the trackable range count in the last bucket.
     *
     * @param value the value, in the caller's unit (nanoseconds for latencies)
     */
    public void record(final long value) {
        final long v = Math.max(0L, value);
        final int index;
        if (v > highestTrackableValue) {
            index = counts.length - 1;
            saturatedCount++;
        } else {
            index = indexOf(v);
        }
        counts[index]++;
        totalCount++;
        sum += v;
        if (v > maxValue) {
            maxValue = v;
        }
        if (v < minValue) {
            minValue = v;
        }
    }

    /**
     * The bucket index of a value within the trackable range.
     *
     * @param value a value from 0 to {@link #highestTrackableValue()}
     * @return its bucket index
     */
    int indexOf(final long value) {
        if (value < 2 * subBucketCount) {
            return (int) value;
        }
        final int group = 63 - Long.numberOfLeadingZeros(value) - subBucketBits;
        final long subBucket = (value >>> group) - subBucketCount;
        return (int) ((group + 1) * subBucketCount + subBucket);
    }

    /**
     * The smallest value that maps to a bucket.
     *
     * @param index a bucket index
     * @return the bucket's lowest value
     */
    long lowestEquivalentValue(final int index) {
        if (index < 2 * subBucketCount) {
            return index;
        }
        final long group = index / subBucketCount - 1;
        final long subBucket = index % subBucketCount;
        return (subBucketCount + subBucket) << group;
    }

    /**
     * The largest value that maps to a bucket.
     *
     * @param index a bucket index
     * @return the bucket's highest value
     */
    long highestEquivalentValue(final int index) {
        if (index < 2 * subBucketCount) {
            return index;
        }
        final long group = index / subBucketCount - 1;
        return lowestEquivalentValue(index) + (1L << group) - 1;
    }

    /**
     * The value at a percentile by the nearest-rank rule, rounded up to its bucket's highest value (never above
     * {@link #max()}; exactly {@link #max()} when the rank falls among saturated values).
     *
     * @param percentile from 0 to 100
     * @return the value, or 0 when the histogram is empty
     * @throws IllegalArgumentException when the percentile is outside 0..100
     */
    public long valueAtPercentile(final double percentile) {
        if (!(percentile >= 0.0 && percentile <= PERCENT)) {
            throw new IllegalArgumentException("percentile must be within 0..100, was " + percentile);
        }
        if (totalCount == 0) {
            return 0;
        }
        final long rank = Math.max(1L, (long) Math.ceil(percentile / PERCENT * totalCount));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                // The last bucket also holds saturated values; only the exact max is an upper bound for them.
                final boolean saturatedBucket = i == counts.length - 1 && saturatedCount > 0;
                return saturatedBucket ? maxValue : Math.min(highestEquivalentValue(i), maxValue);
            }
        }
        return maxValue;
    }

    /**
     * Adds every count of another histogram of the same shape into this one.
     *
     * @param other a histogram created with the same highest trackable value and precision
     * @throws IllegalArgumentException when the shapes differ
     */
    public void add(final LatencyHistogram other) {
        if (other.subBucketBits != subBucketBits || other.highestTrackableValue != highestTrackableValue) {
            throw new IllegalArgumentException("cannot add a histogram of another shape: subBucketBits "
                    + other.subBucketBits + " vs " + subBucketBits + ", highestTrackableValue "
                    + other.highestTrackableValue + " vs " + highestTrackableValue);
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        totalCount += other.totalCount;
        saturatedCount += other.saturatedCount;
        sum += other.sum;
        maxValue = Math.max(maxValue, other.maxValue);
        minValue = Math.min(minValue, other.minValue);
    }

    /** Forgets every recorded value. */
    public void reset() {
        Arrays.fill(counts, 0L);
        totalCount = 0;
        saturatedCount = 0;
        sum = 0;
        maxValue = 0;
        minValue = Long.MAX_VALUE;
    }

    /** @return how many values were recorded */
    public long count() {
        return totalCount;
    }

    /** @return how many recorded values were above the trackable range */
    public long saturatedCount() {
        return saturatedCount;
    }

    /** @return the exact largest recorded value, 0 when empty */
    public long max() {
        return maxValue;
    }

    /** @return the exact smallest recorded value, 0 when empty */
    public long min() {
        return totalCount == 0 ? 0 : minValue;
    }

    /** @return the arithmetic mean of the recorded values, 0 when empty */
    public double mean() {
        return totalCount == 0 ? 0.0 : sum / totalCount;
    }

    /** @return the largest value counted in its own bucket */
    public long highestTrackableValue() {
        return highestTrackableValue;
    }

    /** @return how many buckets the histogram has (its fixed memory is eight bytes per bucket) */
    public int bucketCount() {
        return counts.length;
    }
}
