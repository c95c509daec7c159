package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the fixed-width base62 codec against the spec's verified example, against an independent
 * BigInteger model of "byte-swap, then base62, then pad" for random values, and its rejection of bad text.
 */
class Base62Test {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    @Test
    void shouldEncodeTheSpecExample() {
        assertEquals("l3Hc716hrBy", Base62.encodeU64(0xfc790b5848624bf5L));
        assertEquals("2cAqmfPMV3n16g3Bd9AtPw", Base62.encodeU128(0x7ead50d7e6b23062L, 0x0054de8a426b6248L));
    }

    @Test
    void shouldDecodeTheSpecExample() {
        assertEquals(0xfc790b5848624bf5L, Base62.decodeU64("l3Hc716hrBy", 0));
        assertArrayEquals(new long[] {0x7ead50d7e6b23062L, 0x0054de8a426b6248L},
            Base62.decodeU128("xx2cAqmfPMV3n16g3Bd9AtPw", 2));
    }

    @Test
    void shouldPadSmallValuesAndEncodeExtremes() {
        assertEquals("00000000000", Base62.encodeU64(0));
        assertEquals("0000000000000000000000", Base62.encodeU128(0, 0));
        // 1 byte-swapped is 2^56; the maximum is its own swap.
        assertEquals(model(BigInteger.ONE.shiftLeft(56), 11), Base62.encodeU64(1));
        assertEquals("lYGhA16ahyf", Base62.encodeU64(-1L));
        assertEquals("7N42dgm5tFLK9N8MT7fHC7", Base62.encodeU128(-1L, -1L));
        assertEquals(-1L, Base62.decodeU64("lYGhA16ahyf", 0));
        assertArrayEquals(new long[] {-1L, -1L}, Base62.decodeU128("7N42dgm5tFLK9N8MT7fHC7", 0));
    }

    @Test
    void shouldMatchAnIndependentModelForRandomValues() {
        final SplittableRandom random = TestSeeds.random("Base62Test.random");
        for (int i = 0; i < 20_000; i++) {
            final long a = random.nextLong() >>> random.nextInt(64);
            final long b = random.nextLong() >>> random.nextInt(64);
            final String u64 = Base62.encodeU64(a);
            assertEquals(model(unsigned(Long.reverseBytes(a)), 11), u64);
            assertEquals(a, Base62.decodeU64(u64, 0));
            final String u128 = Base62.encodeU128(a, b);
            final BigInteger swapped = unsigned(Long.reverseBytes(b)).shiftLeft(64).or(unsigned(Long.reverseBytes(a)));
            assertEquals(model(swapped, 22), u128);
            assertArrayEquals(new long[] {a, b}, Base62.decodeU128(u128, 0));
        }
    }

    @Test
    void shouldRejectOverflowingDigits() {
        final IdFormatException u64 = assertThrows(IdFormatException.class, () -> Base62.decodeU64("lYGhA16ahyg", 0));
        assertEquals("base62 decode error", u64.reason());
        assertThrows(IdFormatException.class, () -> Base62.decodeU64("zzzzzzzzzzz", 0));
        assertThrows(IdFormatException.class, () -> Base62.decodeU128("7N42dgm5tFLK9N8MT7fHC8", 0));
        assertThrows(IdFormatException.class, () -> Base62.decodeU128("ZZZZZZZZZZZZZZZZZZZZZZ", 0));
    }

    @Test
    void shouldRejectCharactersOutsideTheAlphabet() {
        final IdFormatException e = assertThrows(IdFormatException.class, () -> Base62.decodeU64("l3Hc716hr-y", 0));
        assertEquals("base62 decode error", e.reason());
        assertThrows(IdFormatException.class, () -> Base62.decodeU64("l3Hc716hr\u00e9y", 0));
        assertThrows(IdFormatException.class, () -> Base62.decodeU128("2cAqmfPMV3n16g3Bd9AtP_", 0));
    }

    @Test
    void shouldRejectShortText() {
        assertEquals("bad length", assertThrows(IdFormatException.class,
            () -> Base62.decodeU64("l3Hc716hrB", 0)).reason());
        assertEquals("bad length", assertThrows(IdFormatException.class,
            () -> Base62.decodeU128("2cAqmfPMV3n16g3Bd9AtPw", 1)).reason());
    }

    private static BigInteger unsigned(final long value) {
        return new BigInteger(Long.toUnsignedString(value));
    }

    private static String model(final BigInteger value, final int width) {
        final StringBuilder digits = new StringBuilder();
        BigInteger rest = value;
        final BigInteger radix = BigInteger.valueOf(62);
        while (rest.signum() > 0) {
            digits.append(ALPHABET.charAt(rest.mod(radix).intValue()));
            rest = rest.divide(radix);
        }
        while (digits.length() < width) {
            digits.append('0');
        }
        return digits.reverse().toString();
    }
}
