package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks partition ranges and lookup: the 24-partition boundaries observed from the reference's
 * {@code restatectl partitions generate-metadata -n 24}, a BigInteger model of the range formula for random
 * partition counts, and that lookup agrees with the ranges at every boundary.
 */
class PartitionTableTest {
    private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void shouldSplitIntoTheReferenceRangesFor24Partitions() {
        final PartitionTable table = new PartitionTable(24);
        assertEquals(0L, table.firstKey(0));
        assertEquals(768614336404564650L, table.lastKey(0));
        assertEquals(768614336404564651L, table.firstKey(1));
        assertEquals(-1L, table.lastKey(23));
        assertEquals(0, table.partitionOf(768614336404564650L));
        assertEquals(1, table.partitionOf(768614336404564651L));
        assertEquals(23, table.partitionOf(-1L));
        assertEquals(18, table.partitionOf(Long.parseUnsignedLong("14562178368363531951")));
    }

    @Test
    void shouldPlaceTheSpecExampleKeyOnItsPartition() {
        assertEquals(Long.parseUnsignedLong("14562178368363531951"), PartitionKeys.forKey("zed"));
        assertEquals(18, new PartitionTable(24).partitionOf(PartitionKeys.forKey("zed")));
    }

    @Test
    void shouldMatchTheRangeFormulaForRandomPartitionCounts() {
        final SplittableRandom random = TestSeeds.random("PartitionTableTest.ranges");
        for (int round = 0; round < 300; round++) {
            final int n = round < 10 ? round + 1 : 1 + random.nextInt(PartitionTable.MAX_PARTITIONS);
            final PartitionTable table = new PartitionTable(n);
            for (int probe = 0; probe < 20; probe++) {
                final int i = probe == 0 ? 0 : probe == 1 ? n - 1 : random.nextInt(n);
                final BigInteger first = ceilDiv(TWO_TO_64.multiply(BigInteger.valueOf(i)), n);
                final BigInteger last = ceilDiv(TWO_TO_64.multiply(BigInteger.valueOf(i + 1L)), n)
                    .subtract(BigInteger.ONE);
                assertEquals(first.longValue(), table.firstKey(i), "first key of " + i + "/" + n);
                assertEquals(last.longValue(), table.lastKey(i), "last key of " + i + "/" + n);
                assertEquals(i, table.partitionOf(table.firstKey(i)), "lookup of first key " + i + "/" + n);
                assertEquals(i, table.partitionOf(table.lastKey(i)), "lookup of last key " + i + "/" + n);
                if (i > 0) {
                    assertEquals(table.lastKey(i - 1) + 1, table.firstKey(i), "contiguous at " + i + "/" + n);
                }
                final long key = random.nextLong();
                final BigInteger model = new BigInteger(Long.toUnsignedString(key))
                    .multiply(BigInteger.valueOf(n)).shiftRight(64);
                assertEquals(model.intValue(), table.partitionOf(key), "lookup of " + Long.toUnsignedString(key));
            }
        }
    }

    @Test
    void shouldRejectBadPartitionCountsAndIds() {
        assertEquals("number of partitions 0 is outside 1..65535",
            assertThrows(IllegalArgumentException.class, () -> new PartitionTable(0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PartitionTable(65_536));
        assertEquals("partition 24 is outside 0..23",
            assertThrows(IllegalArgumentException.class, () -> new PartitionTable(24).firstKey(24)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PartitionTable(24).lastKey(-1));
    }

    @Test
    void shouldCoverTheWholeKeySpaceWithOnePartition() {
        final PartitionTable table = new PartitionTable(1);
        assertEquals(0L, table.firstKey(0));
        assertEquals(-1L, table.lastKey(0));
        assertEquals(0, table.partitionOf(Long.MIN_VALUE));
    }

    private static BigInteger ceilDiv(final BigInteger dividend, final int divisor) {
        final BigInteger[] qr = dividend.divideAndRemainder(BigInteger.valueOf(divisor));
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }
}
