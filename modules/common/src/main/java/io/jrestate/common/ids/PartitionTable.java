package io.jrestate.common.ids;

/**
 * The split of the u64 partition-key space into {@code N} contiguous partitions, as restate-server computes it.
 *
 * <p>Partition {@code i} of {@code N} owns the keys
 * <pre>
 *   [ ceil(i * 2^64 / N) ,  ceil((i + 1) * 2^64 / N) - 1 ]        (unsigned)
 *
 *   0                                                        2^64-1
 *   |-- p0 --|-- p1 --|-- p2 --| ... |-- p(N-1) --------------|
 *   e.g. N = 24: p0 = 0..768614336404564650, p1 starts at 768614336404564651, p23 ends at 2^64-1
 * </pre>
 * and the partition of a key is {@code floor(pk * N / 2^64)}, the high word of a 64x64-bit product, which agrees
 * with the ranges exactly ({@code pk >= ceil(i 2^64/N)} if and only if {@code pk N >= i 2^64}).
 * Partition keys are unsigned; Java's {@code long} holds them with the sign bit as bit 63.
 *
 * @param partitions number of partitions, 1..65535 (fixed when the cluster is provisioned; default 24)
 */
public record PartitionTable(int partitions) {
    /** Largest partition count the reference accepts (partition ids are u16). */
    public static final int MAX_PARTITIONS = 65_535;

    /**
     * Validates the partition count.
     *
     * @param partitions number of partitions, 1..65535
     */
    public PartitionTable {
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("number of partitions " + partitions + " is outside 1.."
                + MAX_PARTITIONS);
        }
    }

    /**
     * Returns the partition that owns a key.
     *
     * @param partitionKey the key (unsigned)
     * @return the partition id, 0..partitions-1
     */
    public int partitionOf(final long partitionKey) {
        return (int) Math.unsignedMultiplyHigh(partitionKey, partitions);
    }

    /**
     * Returns the first key a partition owns.
     *
     * @param partition the partition id
     * @return {@code ceil(partition * 2^64 / N)} (unsigned)
     */
    public long firstKey(final int partition) {
        checkPartition(partition);
        return ceilShifted(partition);
    }

    /**
     * Returns the last key a partition owns, inclusive.
     *
     * @param partition the partition id
     * @return {@code ceil((partition + 1) * 2^64 / N) - 1} (unsigned; {@code -1L} = 2^64-1 for the last partition)
     */
    public long lastKey(final int partition) {
        checkPartition(partition);
        return partition == partitions - 1 ? -1L : ceilShifted(partition + 1) - 1;
    }

    /** Computes ceil(i * 2^64 / N) for 0 &lt;= i &lt; N: long division of the 128-bit value (i, 0) by N. */
    private long ceilShifted(final int i) {
        final long upper = (long) i << 32;
        final long lower = (upper % partitions) << 32;
        final long quotient = ((upper / partitions) << 32) | (lower / partitions);
        return lower % partitions == 0 ? quotient : quotient + 1;
    }

    private void checkPartition(final int partition) {
        if (partition < 0 || partition >= partitions) {
            throw new IllegalArgumentException("partition " + partition + " is outside 0.." + (partitions - 1));
        }
    }
}
