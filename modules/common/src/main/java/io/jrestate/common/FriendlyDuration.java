package io.jrestate.common;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

/**
 * Restate's "friendly" duration strings, as found in {@code restate.toml} and in admin API JSON.
 *
 * <p>Accepted input, case-insensitive, surrounding whitespace ignored:
 * <pre>
 *   friendly  := part ( [ ' ' | ',' ]* part )*
 *   part      := number ' '* unit          number is decimal digits, optionally with a fraction ("1.5h")
 *   unit      := d day days | h hr hrs hour hours | m min mins minute minutes | s sec secs second seconds
 *              | ms msec millis millisecond(s) | us µs usec micros microsecond(s) | ns nsec nanos nanosecond(s)
 *              | w wk wks week weeks
 *   iso8601   := "PT60S", "P1DT2H" ... (anything {@link Duration#parse} accepts, without a sign)
 * </pre>
 * Examples: {@code "1d"}, {@code "10m"}, {@code "500ms"}, {@code "1s 500ms"}, {@code "60sec"}, {@code "60000ms"},
 * {@code "PT60S"}. Negative durations are refused: no configuration or API field takes one.
 *
 * <p>Output ({@link #format}) is the form the reference server prints: the non-zero components from days down to
 * nanoseconds, largest first, separated by one space ({@code "1d"}, {@code "1h 30m"}, {@code "1s 500ms"}), and
 * {@code "0s"} for zero. Every formatted string parses back to the same duration.
 */
public final class FriendlyDuration {
    private static final long NANOS_PER_MICRO = 1_000L;
    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long SECONDS_PER_MINUTE = 60L;
    private static final long SECONDS_PER_HOUR = 3_600L;
    private static final long SECONDS_PER_DAY = 86_400L;

    /** Unit name to its length in nanoseconds. */
    private static final Map<String, BigInteger> UNITS = Map.ofEntries(
            Map.entry("w", nanos(7 * SECONDS_PER_DAY)), Map.entry("wk", nanos(7 * SECONDS_PER_DAY)),
            Map.entry("wks", nanos(7 * SECONDS_PER_DAY)), Map.entry("week", nanos(7 * SECONDS_PER_DAY)),
            Map.entry("weeks", nanos(7 * SECONDS_PER_DAY)),
            Map.entry("d", nanos(SECONDS_PER_DAY)), Map.entry("day", nanos(SECONDS_PER_DAY)),
            Map.entry("days", nanos(SECONDS_PER_DAY)),
            Map.entry("h", nanos(SECONDS_PER_HOUR)), Map.entry("hr", nanos(SECONDS_PER_HOUR)),
            Map.entry("hrs", nanos(SECONDS_PER_HOUR)), Map.entry("hour", nanos(SECONDS_PER_HOUR)),
            Map.entry("hours", nanos(SECONDS_PER_HOUR)),
            Map.entry("m", nanos(SECONDS_PER_MINUTE)), Map.entry("min", nanos(SECONDS_PER_MINUTE)),
            Map.entry("mins", nanos(SECONDS_PER_MINUTE)), Map.entry("minute", nanos(SECONDS_PER_MINUTE)),
            Map.entry("minutes", nanos(SECONDS_PER_MINUTE)),
            Map.entry("s", nanos(1)), Map.entry("sec", nanos(1)), Map.entry("secs", nanos(1)),
            Map.entry("second", nanos(1)), Map.entry("seconds", nanos(1)),
            Map.entry("ms", BigInteger.valueOf(NANOS_PER_MILLI)),
            Map.entry("msec", BigInteger.valueOf(NANOS_PER_MILLI)),
            Map.entry("millis", BigInteger.valueOf(NANOS_PER_MILLI)),
            Map.entry("millisecond", BigInteger.valueOf(NANOS_PER_MILLI)),
            Map.entry("milliseconds", BigInteger.valueOf(NANOS_PER_MILLI)),
            Map.entry("us", BigInteger.valueOf(NANOS_PER_MICRO)), Map.entry("µs", BigInteger.valueOf(NANOS_PER_MICRO)),
            Map.entry("usec", BigInteger.valueOf(NANOS_PER_MICRO)),
            Map.entry("micros", BigInteger.valueOf(NANOS_PER_MICRO)),
            Map.entry("microsecond", BigInteger.valueOf(NANOS_PER_MICRO)),
            Map.entry("microseconds", BigInteger.valueOf(NANOS_PER_MICRO)),
            Map.entry("ns", BigInteger.ONE), Map.entry("nsec", BigInteger.ONE), Map.entry("nanos", BigInteger.ONE),
            Map.entry("nanosecond", BigInteger.ONE), Map.entry("nanoseconds", BigInteger.ONE));

    private static final BigInteger MAX_NANOS = BigInteger.valueOf(Long.MAX_VALUE)
            .multiply(BigInteger.valueOf(NANOS_PER_SECOND));

    private FriendlyDuration() {
    }

    private static BigInteger nanos(final long seconds) {
        return BigInteger.valueOf(seconds).multiply(BigInteger.valueOf(NANOS_PER_SECOND));
    }

    /**
     * Parses a friendly or ISO 8601 duration.
     *
     * @param text the duration, e.g. {@code "1s 500ms"} or {@code "PT1.5S"}
     * @return the duration, never negative
     * @throws IllegalArgumentException naming the text and what was expected when it is not a duration
     */
    public static Duration parse(final String text) {
        Verify.argument(text != null, "duration text must not be null");
        final String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw invalid(text, "it is empty");
        }
        if (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p') {
            return parseIso(text, trimmed);
        }
        return parseFriendly(text, trimmed.toLowerCase(Locale.ROOT));
    }

    private static Duration parseIso(final String original, final String trimmed) {
        try {
            final Duration parsed = Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            if (parsed.isNegative()) {
                throw invalid(original, "it is negative");
            }
            return parsed;
        } catch (final DateTimeParseException e) {
            throw invalid(original, "it is not a valid ISO 8601 duration");
        }
    }

    private static Duration parseFriendly(final String original, final String text) {
        BigInteger totalNanos = BigInteger.ZERO;
        int i = 0;
        int parts = 0;
        while (i < text.length()) {
            final char c = text.charAt(i);
            if (c == ' ' || c == ',' || c == '\t') {
                i++;
                continue;
            }
            final int numberStart = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i++;
            }
            if (numberStart == i) {
                throw invalid(original, "expected a number at position " + numberStart);
            }
            final BigDecimal number = parseNumber(original, text.substring(numberStart, i));
            while (i < text.length() && text.charAt(i) == ' ') {
                i++;
            }
            final int unitStart = i;
            while (i < text.length() && isUnitChar(text.charAt(i))) {
                i++;
            }
            final String unit = text.substring(unitStart, i);
            final BigInteger unitNanos = UNITS.get(unit);
            if (unitNanos == null) {
                throw invalid(original, unit.isEmpty()
                        ? "the number " + number.toPlainString() + " has no unit (ms, s, m, h, d ...)"
                        : "unknown unit '" + unit + "' (use ns, us, ms, s, m, h, d or w)");
            }
            totalNanos = totalNanos.add(new BigDecimal(unitNanos).multiply(number).toBigInteger());
            parts++;
        }
        if (parts == 0) {
            throw invalid(original, "it holds no number and unit");
        }
        if (totalNanos.compareTo(MAX_NANOS) >= 0) {
            throw invalid(original, "it is too long");
        }
        final BigInteger[] secondsAndNanos = totalNanos.divideAndRemainder(BigInteger.valueOf(NANOS_PER_SECOND));
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    private static boolean isUnitChar(final char c) {
        return Character.isLetter(c);
    }

    private static BigDecimal parseNumber(final String original, final String digits) {
        try {
            return new BigDecimal(digits);
        } catch (final NumberFormatException e) {
            throw invalid(original, "'" + digits + "' is not a number");
        }
    }

    private static IllegalArgumentException invalid(final String text, final String why) {
        return new IllegalArgumentException("invalid duration \"" + text + "\": " + why
                + "; expected a duration such as \"10s\", \"1h 30m\", \"500ms\" or ISO 8601 \"PT10S\"");
    }

    /**
     * Formats a duration the way the reference server prints it, e.g. {@code "1d"}, {@code "10m"},
     * {@code "1s 500ms"} or {@code "0s"}.
     *
     * @param duration a non-negative duration
     * @return the friendly form, which {@link #parse} reads back to an equal duration
     */
    public static String format(final Duration duration) {
        Verify.argument(duration != null && !duration.isNegative(), "duration must be non-negative: " + duration);
        if (duration.isZero()) {
            return "0s";
        }
        final StringBuilder out = new StringBuilder();
        long seconds = duration.getSeconds();
        final long nanos = duration.getNano();
        seconds = appendPart(out, seconds, SECONDS_PER_DAY, "d");
        seconds = appendPart(out, seconds, SECONDS_PER_HOUR, "h");
        seconds = appendPart(out, seconds, SECONDS_PER_MINUTE, "m");
        appendPart(out, seconds, 1, "s");
        long rest = appendPart(out, nanos, NANOS_PER_MILLI, "ms");
        rest = appendPart(out, rest, NANOS_PER_MICRO, "us");
        appendPart(out, rest, 1, "ns");
        return out.toString();
    }

    private static long appendPart(final StringBuilder out, final long value, final long unit, final String name) {
        final long count = value / unit;
        if (count > 0) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append(count).append(name);
        }
        return value % unit;
    }
}
