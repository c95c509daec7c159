package io.jrestate.worker.internal.fsm;

import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.FailureBehavior;
import io.jrestate.worker.internal.wal.InvokerEffect;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.RetryPolicy;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerKind;

/**
 * Applies what an invocation attempt reported: journal entries, suspension, end, failure.
 *
 * <p>Effects of any attempt but the invocation's current one, or of an invocation that is not running, are
 * dropped: they come from an attempt the state machine already gave up on (superseded, killed, or failed).
 */
final class EffectApplier {
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;
    private final CommandInterpreter commands;

    EffectApplier(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
        this.commands = new CommandInterpreter(ctx, lifecycle);
    }

    void apply(final InvokerEffect effect) {
        final InvocationStatus status = ctx.state.invocation(InvocationKey.fromBytes(effect.getInvocationId()));
        if (status == null || status.phase != Phase.INVOKED || status.attempt != effect.getAttempt()) {
            return;
        }
        switch (effect.getKindCase()) {
            case ENTRY -> commands.apply(status, effect.getEntry(),
                    effect.hasResolvedCall() ? effect.getResolvedCall() : null);
            case SUSPENDED -> onSuspended(status, effect.getSuspended());
            case ENDED -> lifecycle.complete(status, status.pendingOutput != null
                    ? status.pendingOutput : CompletionResult.success(com.google.protobuf.ByteString.EMPTY));
            case FAILED -> onFailed(status, effect.getFailed());
            case PIN_DEPLOYMENT -> status.pinnedDeployment = effect.getPinDeployment().getDeploymentId();
            default -> throw new IllegalStateException("invoker effect without kind for " + status.id);
        }
    }

    private void onSuspended(final InvocationStatus status, final Suspended suspended) {
        if (Lifecycle.anyArrived(status, suspended)) {
            lifecycle.start(status);
            return;
        }
        status.phase = Phase.SUSPENDED;
        status.waitingFor = suspended;
        status.modifiedAtMs = ctx.nowMs();
    }

    private void onFailed(final InvocationStatus status, final AttemptFailed failed) {
        status.lastFailure = failed;
        status.failedAttemptsSinceProgress++;
        status.modifiedAtMs = ctx.nowMs();
        final RetryPolicy policy = status.options.getRetryPolicy();
        if (failed.getBehavior() == FailureBehavior.FAIL_INVOCATION) {
            lifecycle.complete(status, CompletionResult.failure(failed.getCode(), failed.getMessage()));
        } else if (failed.getBehavior() == FailureBehavior.PAUSE_INVOCATION) {
            status.phase = Phase.PAUSED;
        } else if (RetryPolicies.exhausted(policy, status.failedAttemptsSinceProgress)) {
            if (policy.getOnMaxAttempts() == OnMaxAttempts.KILL) {
                // Killed like an admin kill: the reference answers {409, "killed"}; the last error stays in
                // lastFailure for introspection.
                lifecycle.complete(status, CompletionResult.failure(409, "killed"));
            } else {
                status.phase = Phase.PAUSED;
            }
        } else {
            final long delayMs = RetryPolicies.delayMs(policy, status.failedAttemptsSinceProgress,
                    failed.hasNextRetryDelayMs() ? failed.getNextRetryDelayMs() : -1);
            status.phase = Phase.BACKING_OFF;
            status.nextRetryAtMs = ctx.nowMs() + delayMs;
            lifecycle.addTimer(new Timer(status.nextRetryAtMs, status.id, TimerKind.TIMER_RETRY, status.attempt));
        }
    }
}
