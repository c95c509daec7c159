package io.jrestate.service.protocol.schema;

import java.time.Duration;

/**
 * Options a manifest may set on a service or a handler (manifest v3+ and v4 for the retry policy); null means
 * "not set here", falling back to the service's value and then to the server defaults.
 *
 * @param inactivityTimeout {@code inactivityTimeout}
 * @param abortTimeout {@code abortTimeout}
 * @param journalRetention {@code journalRetention}
 * @param idempotencyRetention {@code idempotencyRetention}
 * @param workflowCompletionRetention {@code workflowCompletionRetention} (workflow handler only)
 * @param enableLazyState {@code enableLazyState}
 * @param ingressPrivate {@code ingressPrivate}
 * @param retryPolicy the retry policy fields
 */
public record ServiceOptions(Duration inactivityTimeout, Duration abortTimeout, Duration journalRetention,
                             Duration idempotencyRetention, Duration workflowCompletionRetention,
                             Boolean enableLazyState, Boolean ingressPrivate, RetryPolicyOverrides retryPolicy) {
    /** Nothing set. */
    public static final ServiceOptions NONE =
        new ServiceOptions(null, null, null, null, null, null, null, RetryPolicyOverrides.NONE);
}
