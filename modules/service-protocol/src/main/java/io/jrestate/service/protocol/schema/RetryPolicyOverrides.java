package io.jrestate.service.protocol.schema;

import java.time.Duration;

/**
 * Retry policy fields set by a manifest (service or handler level); null means "not set".
 *
 * @param initialInterval {@code retryPolicyInitialInterval}
 * @param exponentiationFactor {@code retryPolicyExponentiationFactor}
 * @param maxAttempts {@code retryPolicyMaxAttempts}
 * @param maxInterval {@code retryPolicyMaxInterval}
 * @param onMaxAttempts {@code retryPolicyOnMaxAttempts}
 */
public record RetryPolicyOverrides(Duration initialInterval, Double exponentiationFactor, Integer maxAttempts,
                                   Duration maxInterval, OnMaxAttempts onMaxAttempts) {
    /** No override at all. */
    public static final RetryPolicyOverrides NONE = new RetryPolicyOverrides(null, null, null, null, null);

    /**
     * Whether nothing is overridden.
     *
     * @return true when every field is null
     */
    public boolean isEmpty() {
        return initialInterval == null && exponentiationFactor == null && maxAttempts == null && maxInterval == null
            && onMaxAttempts == null;
    }
}
