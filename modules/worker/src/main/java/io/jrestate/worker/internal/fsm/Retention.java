package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.TimerKind;

/**
 * Retention of completed invocations: when one completes it moves to the {@link RetainedTable} and its expiry
 * bucket gets a timer (one per bucket, not per invocation); when that timer's record is applied, the whole bucket
 * goes.
 *
 * <pre>
 *  complete --&gt; retention = max(journal, idempotency, completion retention)
 *               0      --&gt; the row stays in the live table (nothing configured it to expire)
 *               &gt; 0    --&gt; retained.retain(row, completedAt + retention)
 *                         timer (bucketEnd, all-zero id, TIMER_RETENTION_EXPIRY) unless the bucket has one
 *  TimerFired(TIMER_RETENTION_EXPIRY at t) --&gt; retained.expireBuckets(t)
 * </pre>
 */
final class Retention {
    /** The invocation id carried by bucket expiry timers (no invocation has it). */
    static final InvocationKey BUCKET_TIMER_ID = new InvocationKey(0, 0, 0);
    /** Longest retention honoured: 1,000 years (longer ones, e.g. "forever", are cut to it). */
    static final long MAX_RETENTION_MS = 1_000L * 366 * 86_400_000L;
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;

    Retention(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    /** The longest retention an invocation's options ask for, in ms. */
    static long retentionMs(final InvocationOptions options) {
        return Math.max(options.getCompletionRetentionMs(), Math.max(options.getJournalRetentionMs(),
                options.getIdempotencyRetentionMs()));
    }

    /** Moves a just-completed row to the retained table (call before its journal is cleared). */
    void retain(final InvocationStatus completed) {
        final long retentionMs = retentionMs(completed.options);
        if (retentionMs <= 0) {
            return;
        }
        // Saturates: a retention of "forever" must not wrap around into the past.
        final long expiresAtMs = completed.completedAtMs + Math.min(retentionMs, MAX_RETENTION_MS);
        ctx.state.retainCompleted(completed, expiresAtMs);
        final Timer bucketTimer = new Timer(ctx.state.retained().bucketEndMs(expiresAtMs), BUCKET_TIMER_ID,
                TimerKind.TIMER_RETENTION_EXPIRY, 0);
        if (!ctx.state.timers().contains(bucketTimer)) {
            lifecycle.addTimer(bucketTimer);
        }
    }

    /** Applies a fired bucket timer (already removed from the timer table). */
    void expire(final Timer timer) {
        ctx.state.retained().expireBuckets(timer.fireAtMs());
    }
}
