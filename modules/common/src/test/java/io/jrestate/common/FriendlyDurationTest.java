package io.jrestate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks the friendly duration syntax against the forms the reference configuration and API use, the ISO 8601
 * form, clear errors on bad input, and that formatting always reads back to the same duration (randomized, seed
 * printed, replay with {@code -Dseed=}).
 */
class FriendlyDurationTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "1d|86400000", "10m|600000", "500ms|500", "1s 500ms|1500", "60sec|60000", "60000ms|60000",
        "PT60S|60000", "pt1.5s|1500", "1h 30m|5400000", "1h30m|5400000", "2 hours, 5 minutes|7500000",
        "1w|604800000", "0s|0", "1.5s|1500", "P1DT1H|90000000", "  5s  |5000"})
    void shouldParseReferenceForms(final String text, final long expectedMillis) {
        assertEquals(Duration.ofMillis(expectedMillis), FriendlyDuration.parse(text));
    }

    @Test
    void shouldParseSubMillisecondUnits() {
        assertEquals(Duration.ofNanos(1_002_003), FriendlyDuration.parse("1ms 2us 3ns"));
        assertEquals(Duration.ofNanos(7_000), FriendlyDuration.parse("7µs"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "86400000|1d", "600000|10m", "0|0s", "1500|1s 500ms", "3600000|1h", "90061001|1d 1h 1m 1s 1ms"})
    void shouldFormatLikeTheReference(final long millis, final String expected) {
        assertEquals(expected, FriendlyDuration.format(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty", "10|no unit", "10 parsecs|unknown unit 'parsecs'", "abc|expected a number",
        "PT|ISO 8601", "-5s|expected a number", "-PT5S|expected a number", "1..2s|not a number"})
    void shouldRejectBadInputNamingTheProblem(final String text, final String expectedFragment) {
        final IllegalArgumentException error =
                assertThrows(IllegalArgumentException.class, () -> FriendlyDuration.parse(text));
        assertTrue(error.getMessage().contains(expectedFragment), error.getMessage());
        assertTrue(error.getMessage().contains("\"" + text + "\""), error.getMessage());
    }

    @Test
    void shouldReadBackEveryFormattedDuration() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("FriendlyDurationTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            final Duration duration =
                    Duration.ofSeconds(random.nextLong(0, 1L << 40), random.nextInt(0, 1_000_000_000));
            final String text = FriendlyDuration.format(duration);
            assertEquals(duration, FriendlyDuration.parse(text), "seed=" + seed + " text=" + text);
        }
    }
}
