package io.jrestate.service.protocol.schema;

import java.math.BigInteger;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Deployment ids: {@code dp_} + scheme version {@code 1} + a ULID (48-bit millisecond timestamp, 80 random bits)
 * written as 22 base62 digits ({@code 0-9a-zA-Z}) of the byte-reversed 128-bit value, left-padded with {@code 0}.
 *
 * <pre>
 *   dp_ 1 xxxxxxxxxxxxxxxxxxxxxx      e.g. dp_17g8ktJK9jP4PyEHXpuNqWl
 *       |  22 base62 chars = u128(reverse(ulid bytes))
 *       id scheme version
 * </pre>
 *
 * <p>Time and randomness are inputs, so ids are reproducible in tests. To be replaced by the shared id
 * utilities of the common module once they exist.
 */
public final class DeploymentIds {
    private static final String ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern FORMAT = Pattern.compile("^dp_1[0-9a-zA-Z]{22}$");
    private static final BigInteger BASE = BigInteger.valueOf(62);
    private static final BigInteger U128_MAX = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    private DeploymentIds() {
    }

    /**
     * Generates a new id.
     *
     * @param epochMillis the current time
     * @param random the randomness source
     * @return a {@code dp_1...} id
     */
    public static String generate(final long epochMillis, final RandomGenerator random) {
        final byte[] ulid = new byte[16];
        for (int i = 0; i < 6; i++) {
            ulid[i] = (byte) (epochMillis >>> (8 * (5 - i)));
        }
        for (int i = 6; i < 16; i++) {
            ulid[i] = (byte) random.nextInt(256);
        }
        return format(ulid);
    }

    /**
     * Formats 16 ULID bytes as an id.
     *
     * @param ulid 16 bytes, big-endian
     * @return the id
     */
    public static String format(final byte[] ulid) {
        if (ulid.length != 16) {
            throw new IllegalArgumentException("a deployment id holds 16 bytes, got " + ulid.length);
        }
        final byte[] reversed = new byte[16];
        for (int i = 0; i < 16; i++) {
            reversed[i] = ulid[15 - i];
        }
        BigInteger v = new BigInteger(1, reversed);
        final char[] digits = new char[22];
        java.util.Arrays.fill(digits, '0');
        for (int i = 21; i >= 0 && v.signum() > 0; i--) {
            final BigInteger[] qr = v.divideAndRemainder(BASE);
            digits[i] = ALPHABET.charAt(qr[1].intValue());
            v = qr[0];
        }
        return "dp_1" + new String(digits);
    }

    /**
     * Checks the textual form of an id.
     *
     * @param id the text
     * @return true when it is a well-formed deployment id
     */
    public static boolean isValid(final String id) {
        if (id == null || !FORMAT.matcher(id).matches()) {
            return false;
        }
        BigInteger v = BigInteger.ZERO;
        for (int i = 4; i < id.length(); i++) {
            v = v.multiply(BASE).add(BigInteger.valueOf(ALPHABET.indexOf(id.charAt(i))));
        }
        return v.compareTo(U128_MAX) <= 0;
    }
}
