package io.jrestate.common.ids;

/**
 * XXH3-64 with seed 0 and the default 192-byte secret, written from the public xxHash specification.
 *
 * <p>Restate derives partition keys with it (see {@code PartitionKeys}), so the result must be bit-exact with
 * the reference implementation for every input length. The algorithm has four regimes by input length:
 * <pre>
 *   len 0        avalanche of two secret words
 *   len 1..3     the first, middle and last byte and the length packed into 32 bits, mixed with the secret
 *   len 4..8     first and last 4 bytes (overlapping) as one 64-bit word, "rrmxmx" finaliser
 *   len 9..16    first and last 8 bytes, one 64x64-&gt;128 multiply folded to 64 bits
 *   len 17..128  1 to 4 pairs of 16-byte blocks taken from both ends, each pair mixed with 32 secret bytes
 *   len 129..240 16-byte blocks from the front (the 9th onward keyed at secret offset 3), plus the last 16
 *   len &gt; 240   8 accumulator lanes over 64-byte stripes; blocks of 16 stripes end with a scramble;
 *                the last (possibly overlapping) stripe is keyed at secret offset 121; the lanes merge into 64 bits
 * </pre>
 * All reads are little-endian. The class is stateless and allocation-free.
 */
public final class Xxh3 {
    private static final long PRIME32_1 = 0x9E3779B1L;
    private static final long PRIME32_2 = 0x85EBCA77L;
    private static final long PRIME32_3 = 0xC2B2AE3DL;
    private static final long PRIME64_1 = 0x9E3779B185EBCA87L;
    private static final long PRIME64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long PRIME64_3 = 0x165667B19E3779F9L;
    private static final long PRIME64_4 = 0x85EBCA77C2B2AE63L;
    private static final long PRIME64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;
    private static final long PRIME_MX2 = 0x9FB21C651E98DF25L;

    private static final int STRIPE_BYTES = 64;
    private static final int SECRET_CONSUME_RATE = 8;
    private static final int LANES = 8;
    private static final byte[] SECRET = secret();
    private static final int STRIPES_PER_BLOCK = (SECRET.length - STRIPE_BYTES) / SECRET_CONSUME_RATE;
    private static final int BLOCK_BYTES = STRIPE_BYTES * STRIPES_PER_BLOCK;

    private Xxh3() {
    }

    /**
     * Hashes a whole array.
     *
     * @param input the bytes
     * @return XXH3-64 of {@code input}, seed 0
     */
    public static long hash64(final byte[] input) {
        return hash64(input, 0, input.length);
    }

    /**
     * Hashes {@code input[offset..offset+length)}.
     *
     * @param input the bytes
     * @param offset first byte to hash
     * @param length number of bytes to hash
     * @return XXH3-64 of the range, seed 0
     */
    public static long hash64(final byte[] input, final int offset, final int length) {
        java.util.Objects.checkFromIndexSize(offset, length, input.length);
        if (length <= 16) {
            return hashUpTo16(input, offset, length);
        }
        if (length <= 128) {
            return hash17To128(input, offset, length);
        }
        if (length <= 240) {
            return hash129To240(input, offset, length);
        }
        return hashLong(input, offset, length);
    }

    private static long hashUpTo16(final byte[] in, final int off, final int len) {
        if (len > 8) {
            final long bitflip1 = readLong(SECRET, 24) ^ readLong(SECRET, 32);
            final long bitflip2 = readLong(SECRET, 40) ^ readLong(SECRET, 48);
            final long inputLo = readLong(in, off) ^ bitflip1;
            final long inputHi = readLong(in, off + len - 8) ^ bitflip2;
            final long acc = len + Long.reverseBytes(inputLo) + inputHi + mulFold64(inputLo, inputHi);
            return avalanche(acc);
        }
        if (len >= 4) {
            final long first = readInt(in, off);
            final long last = readInt(in, off + len - 4);
            final long bitflip = readLong(SECRET, 8) ^ readLong(SECRET, 16);
            return rrmxmx((last + (first << 32)) ^ bitflip, len);
        }
        if (len > 0) {
            final int c1 = in[off] & 0xFF;
            final int c2 = in[off + (len >> 1)] & 0xFF;
            final int c3 = in[off + len - 1] & 0xFF;
            final long combined = ((c1 << 16) | (c2 << 24) | c3 | (len << 8)) & 0xFFFF_FFFFL;
            final long bitflip = (readInt(SECRET, 0) ^ readInt(SECRET, 4)) & 0xFFFF_FFFFL;
            return xxh64Avalanche(combined ^ bitflip);
        }
        return xxh64Avalanche(readLong(SECRET, 56) ^ readLong(SECRET, 64));
    }

    private static long hash17To128(final byte[] in, final int off, final int len) {
        long acc = len * PRIME64_1;
        if (len > 32) {
            if (len > 64) {
                if (len > 96) {
                    acc += mix16(in, off + 48, 96);
                    acc += mix16(in, off + len - 64, 112);
                }
                acc += mix16(in, off + 32, 64);
                acc += mix16(in, off + len - 48, 80);
            }
            acc += mix16(in, off + 16, 32);
            acc += mix16(in, off + len - 32, 48);
        }
        acc += mix16(in, off, 0);
        acc += mix16(in, off + len - 16, 16);
        return avalanche(acc);
    }

    private static long hash129To240(final byte[] in, final int off, final int len) {
        long acc = len * PRIME64_1;
        for (int i = 0; i < 8; i++) {
            acc += mix16(in, off + 16 * i, 16 * i);
        }
        acc = avalanche(acc);
        final int rounds = len / 16;
        for (int i = 8; i < rounds; i++) {
            acc += mix16(in, off + 16 * i, 16 * (i - 8) + 3);
        }
        // The last 16 bytes use the secret at (minimum secret size 136) - 17.
        acc += mix16(in, off + len - 16, 136 - 17);
        return avalanche(acc);
    }

    private static long hashLong(final byte[] in, final int off, final int len) {
        final long[] acc = {PRIME32_3, PRIME64_1, PRIME64_2, PRIME64_3, PRIME64_4, PRIME32_2, PRIME64_5, PRIME32_1};
        final int blocks = (len - 1) / BLOCK_BYTES;
        for (int block = 0; block < blocks; block++) {
            accumulate(acc, in, off + block * BLOCK_BYTES, STRIPES_PER_BLOCK);
            scramble(acc);
        }
        final int stripesInLastBlock = (len - 1 - BLOCK_BYTES * blocks) / STRIPE_BYTES;
        accumulate(acc, in, off + blocks * BLOCK_BYTES, stripesInLastBlock);
        accumulate512(acc, in, off + len - STRIPE_BYTES, SECRET.length - STRIPE_BYTES - 7);
        long result = len * PRIME64_1;
        for (int i = 0; i < LANES / 2; i++) {
            final int secretOffset = 11 + 16 * i;
            result += mulFold64(acc[2 * i] ^ readLong(SECRET, secretOffset),
                acc[2 * i + 1] ^ readLong(SECRET, secretOffset + 8));
        }
        return avalanche(result);
    }

    private static void accumulate(final long[] acc, final byte[] in, final int off, final int stripes) {
        for (int stripe = 0; stripe < stripes; stripe++) {
            accumulate512(acc, in, off + stripe * STRIPE_BYTES, stripe * SECRET_CONSUME_RATE);
        }
    }

    private static void accumulate512(final long[] acc, final byte[] in, final int off, final int secretOffset) {
        for (int lane = 0; lane < LANES; lane++) {
            final long data = readLong(in, off + 8 * lane);
            final long keyed = data ^ readLong(SECRET, secretOffset + 8 * lane);
            acc[lane ^ 1] += data;
            acc[lane] += (keyed & 0xFFFF_FFFFL) * (keyed >>> 32);
        }
    }

    private static void scramble(final long[] acc) {
        final int secretOffset = SECRET.length - STRIPE_BYTES;
        for (int lane = 0; lane < LANES; lane++) {
            long value = acc[lane];
            value ^= value >>> 47;
            value ^= readLong(SECRET, secretOffset + 8 * lane);
            acc[lane] = value * PRIME32_1;
        }
    }

    private static long mix16(final byte[] in, final int off, final int secretOffset) {
        return mulFold64(readLong(in, off) ^ readLong(SECRET, secretOffset),
            readLong(in, off + 8) ^ readLong(SECRET, secretOffset + 8));
    }

    private static long mulFold64(final long a, final long b) {
        return (a * b) ^ Math.unsignedMultiplyHigh(a, b);
    }

    private static long avalanche(final long value) {
        long h = value;
        h ^= h >>> 37;
        h *= PRIME_MX1;
        return h ^ (h >>> 32);
    }

    private static long xxh64Avalanche(final long value) {
        long h = value;
        h ^= h >>> 33;
        h *= PRIME64_2;
        h ^= h >>> 29;
        h *= PRIME64_3;
        return h ^ (h >>> 32);
    }

    private static long rrmxmx(final long value, final int len) {
        long h = value;
        h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
        h *= PRIME_MX2;
        h ^= (h >>> 35) + len;
        h *= PRIME_MX2;
        return h ^ (h >>> 28);
    }

    private static long readLong(final byte[] b, final int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24
            | (b[i + 4] & 0xFFL) << 32 | (b[i + 5] & 0xFFL) << 40 | (b[i + 6] & 0xFFL) << 48
            | (b[i + 7] & 0xFFL) << 56;
    }

    private static long readInt(final byte[] b, final int i) {
        return (b[i] & 0xFFL) | (b[i + 1] & 0xFFL) << 8 | (b[i + 2] & 0xFFL) << 16 | (b[i + 3] & 0xFFL) << 24;
    }

    /** The default secret of the specification ("kSecret"), 192 pseudo-random bytes. */
    private static byte[] secret() {
        final String hex = ""
            + "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671f"
            + "cb79e64eccc0e578825ad07dccff7221b8084674f743248ee03590e6813a264c"
            + "3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8"
            + "a8fa763fe39c343ff9dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364"
            + "eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629d4689e"
            + "2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e";
        return java.util.HexFormat.of().parseHex(hex);
    }
}
