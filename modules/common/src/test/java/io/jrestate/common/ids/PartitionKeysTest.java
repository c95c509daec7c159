package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks the partition-key functions against the hashed byte layouts of the spec (built independently here)
 * and against the spec's verified examples; the recorded reference-server vectors are checked in
 * {@code ReferenceVectorsTest}.
 */
class PartitionKeysTest {
    @Test
    void shouldHashAKeyWithTheStringTerminator() {
        assertEquals(Xxh3.hash64(bytes("alice?", 0xFF)), PartitionKeys.forKey("alice"));
        assertEquals(Xxh3.hash64(new byte[] {(byte) 0xFF}), PartitionKeys.forKey(""));
        final String nonAscii = "Zürich-東京";
        assertEquals(Xxh3.hash64(bytes(nonAscii + "?", 0xFF)), PartitionKeys.forKey(nonAscii));
    }

    @Test
    void shouldHashTheUnkeyedServiceLayout() {
        final byte[] expected = concat("Greeter".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
            "unscoped/service".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xFF},
            new byte[] {(byte) 0x77, 1, 0, 0, 0, 0, 0, 0});
        assertEquals(Xxh3.hash64(expected), PartitionKeys.forUnkeyedService("Greeter", 0x177));
    }

    @Test
    void shouldPutTheSpecIdempotencyKeyInBucket119() {
        assertEquals(119, PartitionKeys.bucketForIdempotencyKey("idem-bob"));
        assertEquals(PartitionKeys.forUnkeyedService("Greeter", 119),
            PartitionKeys.forIdempotentUnkeyed("Greeter", "idem-bob"));
        assertEquals(PartitionKeys.forKey("idem-bob"), PartitionKeys.forIdempotencyKeyLegacy("idem-bob"));
    }

    @Test
    void shouldDrawBucketsInRangeAndGive512DistinctKeysPerService() {
        final Random random = new Random(7);
        final Set<Long> keys = new HashSet<>();
        for (int bucket = 0; bucket < PartitionKeys.UNKEYED_BUCKETS; bucket++) {
            keys.add(PartitionKeys.forUnkeyedService("Greeter", bucket));
            final int drawn = PartitionKeys.randomBucket(random);
            assertTrue(drawn >= 0 && drawn < PartitionKeys.UNKEYED_BUCKETS, "bucket " + drawn);
        }
        assertEquals(PartitionKeys.UNKEYED_BUCKETS, keys.size());
        assertNotEquals(PartitionKeys.forUnkeyedService("Greeter", 3), PartitionKeys.forUnkeyedService("Other", 3));
    }

    @Test
    void shouldRejectBucketsOutOfRange() {
        assertEquals("bucket 512 of service 'Greeter' is outside 0..511", assertThrows(IllegalArgumentException.class,
            () -> PartitionKeys.forUnkeyedService("Greeter", 512)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> PartitionKeys.forUnkeyedService("Greeter", -1));
    }

    /** UTF-8 of {@code text} with its last character replaced by {@code lastByte}. */
    private static byte[] bytes(final String text, final int lastByte) {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        utf8[utf8.length - 1] = (byte) lastByte;
        return utf8;
    }

    private static byte[] concat(final byte[]... parts) {
        final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (final byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
