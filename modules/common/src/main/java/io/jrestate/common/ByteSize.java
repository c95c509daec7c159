package io.jrestate.common;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Map;

/**
 * An amount of bytes, written the way {@code restate.toml} and the reference server write it.
 *
 * <p>Accepted input, case-insensitive: a plain integer number of bytes, or a decimal number followed by an
 * optional space and a unit:
 * <pre>
 *   b                                   1
 *   k kb | m mb | g gb | t tb | p pb    powers of 1000 (SI)
 *   ki kib | mi mib | gi gib | ti tib | pi pib   powers of 1024 (IEC)
 * </pre>
 * Examples: {@code "32.0 MiB"}, {@code "64KiB"}, {@code "1.5 GB"}, {@code "4096"}. Fractions round to the
 * nearest byte.
 *
 * <p>Output ({@link #format}) is the reference's: one decimal in the largest IEC unit not above the value
 * ({@code "32.0 MiB"}, {@code "1.9 MiB"}), or {@code "<n> B"} below 1 KiB. When the one-decimal form would not
 * read back to exactly the same number of bytes, the exact {@code "<n> B"} form is printed instead, so that a
 * formatted value always parses back unchanged.
 *
 * @param bytes the number of bytes, never negative
 */
public record ByteSize(long bytes) {
    private static final String[] IEC_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    private static final long KIB = 1024L;

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("b", 1L),
            Map.entry("k", 1_000L), Map.entry("kb", 1_000L), Map.entry("ki", KIB), Map.entry("kib", KIB),
            Map.entry("m", 1_000_000L), Map.entry("mb", 1_000_000L),
            Map.entry("mi", KIB * KIB), Map.entry("mib", KIB * KIB),
            Map.entry("g", 1_000_000_000L), Map.entry("gb", 1_000_000_000L),
            Map.entry("gi", KIB * KIB * KIB), Map.entry("gib", KIB * KIB * KIB),
            Map.entry("t", 1_000_000_000_000L), Map.entry("tb", 1_000_000_000_000L),
            Map.entry("ti", KIB * KIB * KIB * KIB), Map.entry("tib", KIB * KIB * KIB * KIB),
            Map.entry("p", 1_000_000_000_000_000L), Map.entry("pb", 1_000_000_000_000_000L),
            Map.entry("pi", KIB * KIB * KIB * KIB * KIB), Map.entry("pib", KIB * KIB * KIB * KIB * KIB));

    /**
     * Creates a byte size.
     *
     * @param bytes the number of bytes, never negative
     */
    public ByteSize {
        Verify.argument(bytes >= 0, "byte size must not be negative: " + bytes);
    }

    /**
     * A byte size of {@code bytes} bytes.
     *
     * @param bytes the number of bytes, never negative
     * @return the byte size
     */
    public static ByteSize ofBytes(final long bytes) {
        return new ByteSize(bytes);
    }

    /**
     * Parses a byte size such as {@code "32.0 MiB"}.
     *
     * @param text the size
     * @return the size, rounded to the nearest byte
     * @throws IllegalArgumentException naming the text and what was expected when it is not a byte size
     */
    public static ByteSize parse(final String text) {
        Verify.argument(text != null, "byte size text must not be null");
        final String trimmed = text.strip().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < trimmed.length() && (Character.isDigit(trimmed.charAt(i)) || trimmed.charAt(i) == '.')) {
            i++;
        }
        if (i == 0) {
            throw invalid(text, "it does not start with a number");
        }
        final BigDecimal number;
        try {
            number = new BigDecimal(trimmed.substring(0, i));
        } catch (final NumberFormatException e) {
            throw invalid(text, "'" + trimmed.substring(0, i) + "' is not a number");
        }
        final String unit = trimmed.substring(i).strip();
        final Long multiplier = UNITS.get(unit);
        if (multiplier == null) {
            throw invalid(text, "unknown unit '" + unit + "'");
        }
        final BigDecimal bytes = number.multiply(BigDecimal.valueOf(multiplier)).setScale(0, RoundingMode.HALF_UP);
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw invalid(text, "it is too large");
        }
        return new ByteSize(bytes.longValueExact());
    }

    private static IllegalArgumentException invalid(final String text, final String why) {
        return new IllegalArgumentException("invalid byte size \"" + text + "\": " + why
                + "; expected a size such as \"32.0 MiB\", \"512 KiB\", \"1 GB\" or a number of bytes");
    }

    /**
     * Formats this size the way the reference prints it, e.g. {@code "32.0 MiB"}.
     *
     * @return the text form, which {@link #parse} reads back to an equal size
     */
    public String format() {
        if (bytes < KIB) {
            return bytes + " B";
        }
        int unit = 0;
        long scale = 1;
        while (unit + 1 < IEC_UNITS.length && bytes / scale >= KIB) {
            scale *= KIB;
            unit++;
        }
        final BigDecimal value = BigDecimal.valueOf(bytes).divide(BigDecimal.valueOf(scale))
                .setScale(1, RoundingMode.HALF_UP);
        final String oneDecimal = value.toPlainString() + " " + IEC_UNITS[unit];
        return parse(oneDecimal).bytes == bytes ? oneDecimal : bytes + " B";
    }

    /** Same as {@link #format()}. */
    @Override
    public String toString() {
        return format();
    }
}
