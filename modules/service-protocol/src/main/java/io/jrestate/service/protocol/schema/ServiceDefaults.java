package io.jrestate.service.protocol.schema;

import java.time.Duration;
import java.util.Objects;

/**
 * Server-wide defaults for service configuration, used where neither the manifest nor the admin API set a value.
 * Filled by the launcher from {@code default-*-retention}, {@code [worker.invoker]} and
 * {@code [default-retry-policy]}.
 *
 * @param journalRetention {@code default-journal-retention}
 * @param idempotencyRetention {@code default-idempotency-retention}
 * @param workflowCompletionRetention {@code default-workflow-completion-retention}
 * @param inactivityTimeout {@code [worker.invoker] inactivity-timeout}
 * @param abortTimeout {@code [worker.invoker] abort-timeout}
 * @param retryPolicy {@code [default-retry-policy]}
 */
public record ServiceDefaults(Duration journalRetention, Duration idempotencyRetention,
                              Duration workflowCompletionRetention, Duration inactivityTimeout, Duration abortTimeout,
                              RetryPolicy retryPolicy) {
    /**
     * Checks for nulls.
     *
     * @param journalRetention journal retention
     * @param idempotencyRetention idempotency retention
     * @param workflowCompletionRetention workflow completion retention
     * @param inactivityTimeout inactivity timeout
     * @param abortTimeout abort timeout
     * @param retryPolicy retry policy
     */
    public ServiceDefaults {
        Objects.requireNonNull(journalRetention, "default-journal-retention");
        Objects.requireNonNull(idempotencyRetention, "default-idempotency-retention");
        Objects.requireNonNull(workflowCompletionRetention, "default-workflow-completion-retention");
        Objects.requireNonNull(inactivityTimeout, "inactivity-timeout");
        Objects.requireNonNull(abortTimeout, "abort-timeout");
        Objects.requireNonNull(retryPolicy, "default-retry-policy");
    }

    /**
     * Returns restate-server 1.7.12's defaults: retentions 1d, inactivity 1m, abort 10m, default retry policy.
     *
     * @return the defaults
     */
    public static ServiceDefaults defaults() {
        return new ServiceDefaults(Duration.ofDays(1), Duration.ofDays(1), Duration.ofDays(1), Duration.ofMinutes(1),
            Duration.ofMinutes(10), RetryPolicy.defaults());
    }
}
