package io.jrestate.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Checks byte sizes against the values of the reference default configuration, SI and IEC units, clear errors,
 * and that every formatted size reads back to the same number of bytes (randomized, seed printed, replay with
 * {@code -Dseed=}).
 */
class ByteSizeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "32.0 MiB|33554432", "64.0 KiB|65536", "1.5 GiB|1610612736", "2.0 GiB|2147483648", "4096|4096",
        "1kb|1000", "1 KB|1000", "1k|1000", "1ki|1024", "1.9 MiB|1992294", "7 B|7", "1 TiB|1099511627776"})
    void shouldParse(final String text, final long expectedBytes) {
        assertEquals(expectedBytes, ByteSize.parse(text).bytes());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "33554432|32.0 MiB", "65536|64.0 KiB", "1992294|1.9 MiB", "0|0 B", "1023|1023 B", "2000000|2000000 B",
        "1610612736|1.5 GiB", "894435328|853.0 MiB"})
    void shouldFormatLikeTheReference(final long bytes, final String expected) {
        assertEquals(expected, ByteSize.ofBytes(bytes).format());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"''|does not start with a number", "MiB|does not start with a number",
        "12 parsecs|unknown unit 'parsecs'", "1.2.3 MiB|not a number", "99999999 PiB|too large"})
    void shouldRejectBadInputNamingTheProblem(final String text, final String expectedFragment) {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> ByteSize.parse(text));
        assertTrue(error.getMessage().contains(expectedFragment), error.getMessage());
    }

    @Test
    void shouldRejectNegativeSizes() {
        assertThrows(IllegalArgumentException.class, () -> ByteSize.ofBytes(-1));
    }

    @Test
    void shouldReadBackEveryFormattedSize() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("ByteSizeTest seed=" + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 10_000; i++) {
            final long bytes = random.nextBoolean() ? random.nextLong(0, 1L << 50) : random.nextLong(0, 1 << 12) << 10;
            final String text = ByteSize.ofBytes(bytes).format();
            assertEquals(bytes, ByteSize.parse(text).bytes(), "seed=" + seed + " text=" + text);
        }
    }
}
