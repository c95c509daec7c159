package io.jrestate.common.ids;

import java.util.random.RandomGenerator;

/**
 * A ULID: 128 bits that sort by creation time, used for random invocation uuids, deployment ids and the
 * idempotency keys the ingress invents for plain calls.
 * <pre>
 *   bit 127                     80 79                                          0
 *   +-------------------------------+----------------------------------------------+
 *   | unix time, ms (48 bits)       | random (80 bits)                             |
 *   +-------------------------------+----------------------------------------------+
 *   high = time &lt;&lt; 16 | random[79..64]        low = random[63..0]
 *
 *   text: 26 Crockford base32 characters (0-9, A-Z without I, L, O, U), most significant first;
 *   the first character carries only 3 bits (130 bits of text for 128 of value), e.g. 01M84G6FXPP1DCQ1E2GX3NM9P6
 * </pre>
 *
 * @param high the most significant 64 bits (timestamp and 16 random bits)
 * @param low the least significant 64 bits (random)
 */
public record Ulid(long high, long low) {
    /** Characters of the text form. */
    public static final int CHARS = 26;

    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();
    private static final long MAX_MILLIS = (1L << 48) - 1;

    /**
     * Creates a ULID from a timestamp and a random source; both are inputs so callers stay deterministic.
     *
     * @param epochMillis milliseconds since the Unix epoch, 0..2^48-1
     * @param random source of the 80 random bits
     * @return the ULID
     */
    public static Ulid generate(final long epochMillis, final RandomGenerator random) {
        if (epochMillis < 0 || epochMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("ULID timestamp " + epochMillis + " ms is outside 0..2^48-1");
        }
        return new Ulid(epochMillis << 16 | (random.nextLong() & 0xFFFFL), random.nextLong());
    }

    /**
     * Returns the creation time.
     *
     * @return milliseconds since the Unix epoch
     */
    public long timestampMillis() {
        return high >>> 16;
    }

    /**
     * Returns the 26-character Crockford base32 form.
     *
     * @return the text form, upper case
     */
    @Override
    public String toString() {
        final char[] text = new char[CHARS];
        for (int i = CHARS - 1; i >= 0; i--) {
            text[i] = CROCKFORD[fiveBitsAt(5 * (CHARS - 1 - i))];
        }
        return new String(text);
    }

    /**
     * Parses the 26-character form (either case).
     *
     * @param text the ULID text
     * @return the ULID
     * @throws IdFormatException naming the text when its length, a character or its value (above 2^128-1) is wrong
     */
    public static Ulid parse(final CharSequence text) {
        if (text.length() != CHARS) {
            throw IdFormatException.of("ulid", text, IdFormatException.BAD_LENGTH);
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < CHARS; i++) {
            final int value = crockfordValue(text.charAt(i));
            if (value < 0 || (i == 0 && value > 7)) {
                throw IdFormatException.of("ulid", text, "bad base32 character at offset " + i);
            }
            hi = hi << 5 | lo >>> 59;
            lo = lo << 5 | value;
        }
        return new Ulid(hi, lo);
    }

    /** Returns the five bits starting at bit {@code shift} (0 = least significant) of the 128-bit value. */
    private int fiveBitsAt(final int shift) {
        if (shift >= 64) {
            return (int) (high >>> (shift - 64)) & 0x1F;
        }
        final long bits = shift > 59 ? (low >>> shift) | (high << (64 - shift)) : low >>> shift;
        return (int) bits & 0x1F;
    }

    private static int crockfordValue(final char c) {
        final char upper = Character.toUpperCase(c);
        for (int i = 0; i < CROCKFORD.length; i++) {
            if (CROCKFORD[i] == upper) {
                return i;
            }
        }
        return -1;
    }
}
