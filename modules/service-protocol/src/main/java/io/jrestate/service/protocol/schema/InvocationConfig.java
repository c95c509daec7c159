package io.jrestate.service.protocol.schema;

import java.time.Duration;

/**
 * The effective configuration of invocations of one handler: handler overrides, then service values, then server
 * defaults. This is what the worker applies to an invocation.
 *
 * @param retryPolicy retry policy
 * @param inactivityTimeout bidi inactivity timeout of attempts
 * @param abortTimeout abort timeout of attempts
 * @param journalRetention how long the journal of a completed invocation is kept
 * @param idempotencyRetention how long an idempotent invocation's result is kept
 * @param workflowCompletionRetention how long a workflow run's result is kept (workflow handler), else null
 * @param enableLazyState whether state is fetched lazily instead of sent in the start message
 * @param isPublic whether ingress may call it
 */
public record InvocationConfig(RetryPolicy retryPolicy, Duration inactivityTimeout, Duration abortTimeout,
                               Duration journalRetention, Duration idempotencyRetention,
                               Duration workflowCompletionRetention, boolean enableLazyState, boolean isPublic) {
}
