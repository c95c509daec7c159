package io.jrestate.common.ids;

/**
 * Fixed-width base62 text form of the integers inside Restate's resource ids ({@code inv_1…}, {@code dp_1…}).
 *
 * <p>Alphabet: {@code 0-9a-zA-Z} (digit value 0..61 in that order), most significant digit first, left-padded
 * with {@code '0'} to a fixed width: {@value #U64_CHARS} characters for a u64, {@value #U128_CHARS} for a u128.
 *
 * <p><b>Byte-swap rule.</b> The reference server writes each integer big-endian and then reads those bytes back as
 * a little-endian integer before encoding, so what is encoded is the byte-reversed value:
 * <pre>
 *   value (u64)        0xfc790b5848624bf5
 *   big-endian bytes   fc 79 0b 58 48 62 4b f5
 *   read little-endian 0xf54b624858b079fc   --base62, width 11-->  "l3Hc716hrBy"
 *
 *   value (u128)       0x7ead50d7e6b230620054de8a426b6248
 *   bytes reversed     0x48626b428ade54006230b2e6d750ad7e --base62, width 22--> "2cAqmfPMV3n16g3Bd9AtPw"
 * </pre>
 * The methods here take and return the <em>logical</em> value; the swap happens inside. Decoding rejects a wrong
 * width, a character outside the alphabet and a digit string whose value does not fit the integer width (eleven
 * base62 digits reach 62^11 &gt; 2^64, twenty-two reach 62^22 &gt; 2^128).
 */
public final class Base62 {
    /** Characters of an encoded u64. */
    public static final int U64_CHARS = 11;
    /** Characters of an encoded u128. */
    public static final int U128_CHARS = 22;

    private static final int RADIX = 62;
    private static final char[] ALPHABET =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final byte[] DIGIT_OF = digitTable();

    private Base62() {
    }

    /**
     * Appends the 11-character form of a u64.
     *
     * @param out where the characters go
     * @param value the logical value (unsigned)
     * @return {@code out}
     */
    public static StringBuilder appendU64(final StringBuilder out, final long value) {
        long rest = Long.reverseBytes(value);
        final char[] digits = new char[U64_CHARS];
        for (int i = U64_CHARS - 1; i >= 0; i--) {
            digits[i] = ALPHABET[(int) Long.remainderUnsigned(rest, RADIX)];
            rest = Long.divideUnsigned(rest, RADIX);
        }
        return out.append(digits);
    }

    /**
     * Appends the 22-character form of a u128 given as two halves.
     *
     * @param out where the characters go
     * @param high the most significant 64 bits of the logical value
     * @param low the least significant 64 bits of the logical value
     * @return {@code out}
     */
    public static StringBuilder appendU128(final StringBuilder out, final long high, final long low) {
        // Reversing all 16 bytes swaps the halves and reverses the bytes inside each.
        long hi = Long.reverseBytes(low);
        long lo = Long.reverseBytes(high);
        final char[] digits = new char[U128_CHARS];
        for (int i = U128_CHARS - 1; i >= 0; i--) {
            final long remainderOfHigh = Long.remainderUnsigned(hi, RADIX);
            hi = Long.divideUnsigned(hi, RADIX);
            // Long division of (remainderOfHigh * 2^64 + lo) by 62 in two 32-bit steps; each partial
            // dividend is below 62 * 2^32 and so fits a signed long.
            final long upper = (remainderOfHigh << 32) | (lo >>> 32);
            final long lower = ((upper % RADIX) << 32) | (lo & 0xFFFF_FFFFL);
            lo = ((upper / RADIX) << 32) | (lower / RADIX);
            digits[i] = ALPHABET[(int) (lower % RADIX)];
        }
        return out.append(digits);
    }

    /**
     * Encodes a u64 as 11 characters.
     *
     * @param value the logical value (unsigned)
     * @return the text form
     */
    public static String encodeU64(final long value) {
        return appendU64(new StringBuilder(U64_CHARS), value).toString();
    }

    /**
     * Encodes a u128 as 22 characters.
     *
     * @param high the most significant 64 bits
     * @param low the least significant 64 bits
     * @return the text form
     */
    public static String encodeU128(final long high, final long low) {
        return appendU128(new StringBuilder(U128_CHARS), high, low).toString();
    }

    /**
     * Decodes the 11 characters at {@code text[start..start+11)} into a u64.
     *
     * @param text the characters
     * @param start index of the first character
     * @return the logical value
     * @throws IdFormatException with reason {@link IdFormatException#BAD_LENGTH} when fewer than 11 characters
     *     remain, or {@link IdFormatException#BAD_BASE62} when a character is not base62 or the number exceeds
     *     64 bits
     */
    public static long decodeU64(final CharSequence text, final int start) {
        requireLength(text, start, U64_CHARS);
        long value = 0;
        for (int i = start; i < start + U64_CHARS; i++) {
            final int digit = digit(text, i);
            final long high = Math.unsignedMultiplyHigh(value, RADIX);
            final long product = value * RADIX;
            final long sum = product + digit;
            if (high != 0 || Long.compareUnsigned(sum, product) < 0) {
                throw new IdFormatException(IdFormatException.BAD_BASE62);
            }
            value = sum;
        }
        return Long.reverseBytes(value);
    }

    /**
     * Decodes the 22 characters at {@code text[start..start+22)} into a u128.
     *
     * @param text the characters
     * @param start index of the first character
     * @return the logical value as {@code {high, low}}
     * @throws IdFormatException with reason {@link IdFormatException#BAD_LENGTH} when fewer than 22 characters
     *     remain, or {@link IdFormatException#BAD_BASE62} when a character is not base62 or the number exceeds
     *     128 bits
     */
    public static long[] decodeU128(final CharSequence text, final int start) {
        requireLength(text, start, U128_CHARS);
        long hi = 0;
        long lo = 0;
        for (int i = start; i < start + U128_CHARS; i++) {
            final int digit = digit(text, i);
            final long loProduct = lo * RADIX;
            final long carryFromLo = Math.unsignedMultiplyHigh(lo, RADIX);
            final long loSum = loProduct + digit;
            final long carryFromAdd = Long.compareUnsigned(loSum, loProduct) < 0 ? 1 : 0;
            final long hiOverflow = Math.unsignedMultiplyHigh(hi, RADIX);
            final long hiProduct = hi * RADIX;
            final long hiSum = hiProduct + carryFromLo + carryFromAdd;
            if (hiOverflow != 0 || Long.compareUnsigned(hiSum, hiProduct) < 0) {
                throw new IdFormatException(IdFormatException.BAD_BASE62);
            }
            hi = hiSum;
            lo = loSum;
        }
        return new long[] {Long.reverseBytes(lo), Long.reverseBytes(hi)};
    }

    private static void requireLength(final CharSequence text, final int start, final int chars) {
        if (start < 0 || text.length() - start < chars) {
            throw new IdFormatException(IdFormatException.BAD_LENGTH);
        }
    }

    private static int digit(final CharSequence text, final int index) {
        final char c = text.charAt(index);
        final int digit = c < DIGIT_OF.length ? DIGIT_OF[c] : -1;
        if (digit < 0) {
            throw new IdFormatException(IdFormatException.BAD_BASE62);
        }
        return digit;
    }

    private static byte[] digitTable() {
        final byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            table[ALPHABET[i]] = (byte) i;
        }
        return table;
    }
}
