package io.jrestate.service.protocol.schema;

import java.time.Duration;
import java.util.Objects;

/**
 * An effective retry policy of invocations ({@code [default-retry-policy]} with service and handler overrides).
 *
 * @param initialInterval delay before the first retry
 * @param exponentiationFactor growth of the delay per retry
 * @param maxAttempts attempts before {@code onMaxAttempts} applies, or null for unlimited
 * @param maxInterval upper bound of the delay
 * @param onMaxAttempts pause or kill once attempts are used up
 */
public record RetryPolicy(Duration initialInterval, double exponentiationFactor, Integer maxAttempts,
                          Duration maxInterval, OnMaxAttempts onMaxAttempts) {
    /**
     * Validates the policy.
     *
     * @param initialInterval first delay
     * @param exponentiationFactor growth
     * @param maxAttempts attempts or null
     * @param maxInterval delay bound
     * @param onMaxAttempts what then
     */
    public RetryPolicy {
        Objects.requireNonNull(initialInterval, "initial-interval");
        Objects.requireNonNull(maxInterval, "max-interval");
        Objects.requireNonNull(onMaxAttempts, "on-max-attempts");
        if (exponentiationFactor < 1.0 || Double.isNaN(exponentiationFactor)) {
            throw new IllegalArgumentException("retry policy exponentiation-factor must be >= 1, got "
                + exponentiationFactor);
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("retry policy max-attempts must be >= 1, got " + maxAttempts);
        }
    }

    /**
     * Returns restate-server 1.7.12's {@code [default-retry-policy]}: 500ms, x2, 70 attempts, max 1m, pause.
     *
     * @return the default policy
     */
    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofMillis(500), 2.0, 70, Duration.ofMinutes(1), OnMaxAttempts.PAUSE);
    }

    /**
     * Applies overrides on top of this policy.
     *
     * @param o the overrides (null fields keep this policy's values)
     * @return the combined policy
     */
    public RetryPolicy with(final RetryPolicyOverrides o) {
        if (o == null) {
            return this;
        }
        return new RetryPolicy(
            o.initialInterval() != null ? o.initialInterval() : initialInterval,
            o.exponentiationFactor() != null ? o.exponentiationFactor() : exponentiationFactor,
            o.maxAttempts() != null ? o.maxAttempts() : maxAttempts,
            o.maxInterval() != null ? o.maxInterval() : maxInterval,
            o.onMaxAttempts() != null ? o.onMaxAttempts() : onMaxAttempts);
    }

    /**
     * Computes the delay before retry number {@code retry} (1 = first retry), capped at {@code maxInterval}.
     *
     * @param retry the retry number, at least 1
     * @return the delay
     */
    public Duration delayBeforeRetry(final int retry) {
        final double ms = initialInterval.toMillis() * Math.pow(exponentiationFactor, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(ms, (double) maxInterval.toMillis()));
    }
}
