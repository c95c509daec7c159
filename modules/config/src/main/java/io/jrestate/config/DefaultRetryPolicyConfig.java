package io.jrestate.config;

import java.time.Duration;

/**
 * {@code [default-retry-policy]}: how invocations are retried unless a service overrides it.
 *
 * @param initialInterval the first delay
 * @param exponentiationFactor the growth factor per attempt
 * @param maxAttempts attempts before {@code onMaxAttempts} applies
 * @param onMaxAttempts {@code pause} or {@code kill}
 * @param maxInterval the largest delay
 */
public record DefaultRetryPolicyConfig(Duration initialInterval, double exponentiationFactor, long maxAttempts,
        String onMaxAttempts, Duration maxInterval) {

    static DefaultRetryPolicyConfig from(final ConfigValues values) {
        final String t = "default-retry-policy.";
        return new DefaultRetryPolicyConfig(values.duration(t + "initial-interval"),
                values.decimal(t + "exponentiation-factor"), values.number(t + "max-attempts"),
                values.text(t + "on-max-attempts"), values.duration(t + "max-interval"));
    }
}
