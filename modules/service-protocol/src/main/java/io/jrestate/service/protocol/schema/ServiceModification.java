package io.jrestate.service.protocol.schema;

import java.time.Duration;

/**
 * A change of service configuration through the admin API; null fields are left unchanged.
 *
 * @param isPublic {@code public}
 * @param idempotencyRetention {@code idempotency_retention}
 * @param workflowCompletionRetention {@code workflow_completion_retention}
 * @param journalRetention {@code journal_retention}
 * @param inactivityTimeout {@code inactivity_timeout}
 * @param abortTimeout {@code abort_timeout}
 */
public record ServiceModification(Boolean isPublic, Duration idempotencyRetention,
                                  Duration workflowCompletionRetention, Duration journalRetention,
                                  Duration inactivityTimeout, Duration abortTimeout) {
}
