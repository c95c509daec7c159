package io.jrestate.config;

import java.time.Duration;
import java.util.Optional;

/**
 * A retry policy table such as {@code [networking.connect-retry-policy]}.
 *
 * @param type {@code exponential}, {@code fixed-delay} or {@code none}
 * @param initialInterval the first delay (exponential)
 * @param factor the growth factor per attempt (exponential)
 * @param maxAttempts the attempt limit; empty for no limit
 * @param maxInterval the largest delay (exponential); empty for no cap
 * @param interval the delay of a fixed-delay policy, if set
 */
public record RetryPolicyConfig(String type, Duration initialInterval, double factor, Optional<Long> maxAttempts,
        Optional<Duration> maxInterval, Optional<Duration> interval) {

    static RetryPolicyConfig from(final ConfigValues values, final String table) {
        return new RetryPolicyConfig(values.text(table + ".type"), values.duration(table + ".initial-interval"),
                values.decimal(table + ".factor"), values.optional(table + ".max-attempts", Long.class),
                values.optional(table + ".max-interval", Duration.class),
                values.optional(table + ".interval", Duration.class));
    }
}
