package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks XXH3-64 against published vectors (the xxHash project's empty-input value, well-known strings and the
 * xorshift-buffer vectors published with LLVM's xxhash unit test), against a second implementation for every
 * length 0..1100 and many block boundaries up to 8200 bytes (recorded in {@code xxh3-lengths.csv}, see the README
 * there), and that hashing a slice equals hashing a copy of it.
 */
class Xxh3Test {
    @Test
    void shouldMatchPublishedStringVectors() {
        assertEquals(0x2D06800538D394C2L, Xxh3.hash64(new byte[0]));
        assertEquals(0xE6C632B61E964E1FL, hash("a"));
        assertEquals(0xA873719C24D5735CL, hash("ab"));
        assertEquals(0x78AF5F94892F3950L, hash("abc"));
        assertEquals(Long.parseUnsignedLong("10760762337991515389"), hash("hello"));
        assertEquals(Long.parseUnsignedLong("14879076941462221669"),
            hash("The quick brown fox jumps over the lazy dog"));
        assertEquals(Long.parseUnsignedLong("5358556820880783900"), hash("a".repeat(1024)));
    }

    @Test
    void shouldMatchPublishedXorshiftBufferVectors() {
        final byte[] buffer = TestResources.xorshiftBuffer(2243);
        final long[][] vectors = {
            {0, 0x2d06800538d394c2L}, {1, 0xd0d496e05c553485L}, {2, 0x84d625edb7055eacL}, {3, 0x6ea2d59aca5c3778L},
            {4, 0xbf65290914e80242L}, {5, 0xc01fd099ad4fc8e4L}, {6, 0x9e3ea8187399caa5L}, {7, 0x9da8b60540644f5aL},
            {8, 0xabc1413da6cd0209L}, {9, 0x8bc89400bfed51f6L}, {16, 0x7e46916754d7c9b8L},
            {17, 0xed4be912ba5f836dL}, {32, 0xf59b59b58c304fd1L}, {33, 0x9013fb74ca603e0cL},
            {64, 0xfa5271fcce0db1c3L}, {65, 0x79c42431727f1012L}, {96, 0x591ee0ddf9c9ccd1L},
            {97, 0x8ffc6a3111fe19daL}, {128, 0x06a146ee9a2da378L}, {129, 0xbc7138129bf065daL},
            {403, 0xcefeb3ffa532ad8cL}, {512, 0xcdfa6b6268e3650fL}, {513, 0x4bb5d42742f9765fL},
            {2048, 0x330ce110cbb79eaeL}, {2049, 0x3ba6afa0249fef9aL}, {2240, 0xd61d4d2a94e926a8L},
            {2243, 0x0979f786a24edde7L},
        };
        for (final long[] vector : vectors) {
            assertEquals(vector[1], Xxh3.hash64(buffer, 0, (int) vector[0]), "length " + vector[0]);
        }
    }

    @Test
    void shouldMatchTheSecondImplementationForEveryLength() {
        final List<String[]> rows = TestResources.csvRows("xxh3-lengths.csv");
        final byte[] buffer = TestResources.xorshiftBuffer(8200);
        assertEquals(1124, rows.size());
        for (final String[] row : rows) {
            final int length = Integer.parseInt(row[0]);
            assertEquals(Long.parseUnsignedLong(row[1], 16), Xxh3.hash64(buffer, 0, length), "length " + length);
        }
    }

    @Test
    void shouldHashASliceLikeACopy() {
        final SplittableRandom random = TestSeeds.random("Xxh3Test.slice");
        final byte[] buffer = new byte[3000];
        random.nextBytes(buffer);
        for (int i = 0; i < 500; i++) {
            final int offset = random.nextInt(buffer.length);
            final int length = random.nextInt(buffer.length - offset + 1);
            final byte[] copy = java.util.Arrays.copyOfRange(buffer, offset, offset + length);
            assertEquals(Xxh3.hash64(copy), Xxh3.hash64(buffer, offset, length), "offset " + offset + " len " + length);
        }
    }

    @Test
    void shouldRejectARangeOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> Xxh3.hash64(new byte[4], 2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> Xxh3.hash64(new byte[4], -1, 1));
    }

    @Test
    void shouldHashTheKeyOfTheSpecExample() {
        // The partition key of VirtualObject key "alice" is xxh3("alice" || 0xFF); the spec's example id for
        // Counter/alice starts with the base62 form of it.
        final byte[] alice = HexFormat.of().parseHex("616c696365ff");
        assertEquals("l3Hc716hrBy", Base62.encodeU64(Xxh3.hash64(alice)));
    }

    private static long hash(final String text) {
        return Xxh3.hash64(text.getBytes(StandardCharsets.UTF_8));
    }
}
