package io.jrestate.config;

import io.jrestate.common.FriendlyDuration;
import io.jrestate.common.Verify;
import java.time.Duration;

/**
 * A duration range written {@code "250ms..1m"}: a timeout that starts at {@code min} and may grow to {@code max}.
 *
 * @param min the lower bound
 * @param max the upper bound, not below {@code min}
 */
public record DurationRange(Duration min, Duration max) {
    /**
     * Creates a range.
     *
     * @param min the lower bound
     * @param max the upper bound, not below {@code min}
     */
    public DurationRange {
        Verify.argument(min != null && max != null, "range bounds must not be null");
        Verify.argument(min.compareTo(max) <= 0, "range minimum " + FriendlyDuration.format(min)
                + " is above its maximum " + FriendlyDuration.format(max));
    }

    /**
     * Parses {@code "min..max"}, or a single duration meaning a fixed value.
     *
     * @param text e.g. {@code "2s..1m"}
     * @return the range
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static DurationRange parse(final String text) {
        final int dots = text.indexOf("..");
        if (dots < 0) {
            final Duration fixed = FriendlyDuration.parse(text);
            return new DurationRange(fixed, fixed);
        }
        final Duration min = FriendlyDuration.parse(text.substring(0, dots));
        final Duration max = FriendlyDuration.parse(text.substring(dots + 2));
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("invalid range \"" + text + "\": the minimum is above the maximum");
        }
        return new DurationRange(min, max);
    }

    /**
     * The {@code "min..max"} form.
     *
     * @return the text, which {@link #parse} reads back to an equal range
     */
    public String format() {
        return FriendlyDuration.format(min) + ".." + FriendlyDuration.format(max);
    }
}
