package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.RetryPolicy;

/**
 * Retry arithmetic of {@code [default-retry-policy]}: exponential back-off from record timestamps.
 *
 * <p>The n-th retry (n = failed attempts since the journal last grew, starting at 1) waits
 * {@code min(initial-interval * factor^(n-1), max-interval)}, unless the SDK asked for a specific
 * {@code next_retry_delay}. After {@code max-attempts} failed attempts the policy's {@code on-max-attempts}
 * decides: pause the invocation or kill it.
 */
public final class RetryPolicies {
    private RetryPolicies() {
    }

    /**
     * Whether the policy allows no further attempt.
     *
     * @param policy the policy
     * @param failedAttempts failed attempts so far, including the one just failed
     * @return true when the attempts are exhausted
     */
    public static boolean exhausted(final RetryPolicy policy, final int failedAttempts) {
        return policy.getMaxAttempts() > 0 && failedAttempts >= policy.getMaxAttempts();
    }

    /**
     * The delay before the next attempt.
     *
     * @param policy the policy
     * @param failedAttempts failed attempts so far, at least 1
     * @param overrideMs the SDK's requested delay, or a negative number when none
     * @return the delay in ms
     */
    public static long delayMs(final RetryPolicy policy, final int failedAttempts, final long overrideMs) {
        if (overrideMs >= 0) {
            return overrideMs;
        }
        final double factor = policy.getExponentiationFactor() < 1.0 ? 1.0 : policy.getExponentiationFactor();
        final double raw = policy.getInitialIntervalMs() * Math.pow(factor, Math.max(0, failedAttempts - 1));
        final long max = policy.getMaxIntervalMs() > 0 ? policy.getMaxIntervalMs() : Long.MAX_VALUE;
        return raw >= max ? max : (long) raw;
    }
}
