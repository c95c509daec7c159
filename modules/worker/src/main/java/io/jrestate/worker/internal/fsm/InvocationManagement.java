package io.jrestate.worker.internal.fsm;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ManageInvocation;
import io.jrestate.worker.internal.wal.ManageOperation;
import io.jrestate.worker.internal.wal.NotifySignal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies the admin API's operations on one invocation ({@code ManageInvocation}). The proposer answered the
 * admin request from the phase it saw; the phase is checked again here, so a stale request is a no-op.
 *
 * <pre>
 *  operation  SCHEDULED / INBOXED      INVOKED                SUSPENDED / BACKING_OFF   PAUSED        COMPLETED
 *  ---------  -----------------------  ---------------------  ------------------------  ------------  ---------
 *  cancel     answer 409 Cancelled,    cancel signal (idx 1)  cancel signal (idx 1)     signal, then  -
 *             then removed                                                              new attempt
 *  kill       answer 409 killed,       abort attempt, then    complete 409 killed       complete      -
 *             then removed             complete 409 killed    (calls it waits on are killed too)
 *  pause      -                        abort attempt, PAUSED  BACKING_OFF: PAUSED       -             -
 *                                                             (SUSPENDED: unchanged)
 *  resume     -                        -                      new attempt now           new attempt   -
 *  purge      -                        -                      -                         -             removed
 * </pre>
 *
 * <p>The cancel signal reaches the SDK like a {@code SendSignal(idx 1)} from another invocation; the SDK ends the
 * handler with {@code {409, "Cancelled"}} and cancels the calls it waits on itself. A kill sends nothing to the
 * SDK: the state machine completes the invocation and routes a kill to each callee whose result has not arrived.
 */
final class InvocationManagement {
    static final String CANCELLED = "Cancelled";
    static final String KILLED = "killed";
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;

    InvocationManagement(final ApplyContext ctx, final Lifecycle lifecycle) {
        this.ctx = ctx;
        this.lifecycle = lifecycle;
    }

    void apply(final ManageInvocation manage) {
        final InvocationKey id = InvocationKey.fromBytes(manage.getInvocationId());
        final InvocationStatus status = ctx.state.invocation(id);
        if (status == null) {
            return;
        }
        switch (manage.getOperation()) {
            case MANAGE_CANCEL -> cancel(status);
            case MANAGE_KILL -> kill(status);
            case MANAGE_PURGE -> {
                if (status.phase == Phase.COMPLETED) {
                    Workflows.removeCompleted(ctx, status);
                }
            }
            case MANAGE_PAUSE -> pause(status);
            case MANAGE_RESUME -> {
                if (status.phase == Phase.PAUSED || status.phase == Phase.BACKING_OFF
                        || status.phase == Phase.SUSPENDED) {
                    lifecycle.start(status);
                }
            }
            case MANAGE_PURGE_JOURNAL -> {
                if (status.phase == Phase.COMPLETED) {
                    purgeJournal(status);
                }
            }
            default -> throw new IllegalStateException("unknown invocation operation " + manage.getOperation());
        }
    }

    /**
     * Drops the journal of a completed invocation and keeps the row (status, result, sinks) with its retention
     * unchanged. A retained row is a copy, so it is replaced (removed and retained again with the same expiry,
     * whose bucket timer already exists); a live row is changed in place.
     */
    private void purgeJournal(final InvocationStatus status) {
        status.journal.clear();
        if (ctx.state.retained().get(status.id) != null) {
            ctx.state.retained().remove(status.id);
            ctx.state.retained().retain(status, Retention.expiresAtMs(status));
        } else {
            ctx.state.putInvocation(status);
        }
    }

    private void cancel(final InvocationStatus status) {
        switch (status.phase) {
            case COMPLETED -> {
                // Nothing to cancel.
            }
            case SCHEDULED, INBOXED -> dropNotStarted(status, CANCELLED);
            default -> {
                lifecycle.onSignal(NotifySignal.newBuilder().setInvocationId(status.id.toByteString())
                        .setIndex(1).setVoid(true).build());
                if (status.phase == Phase.PAUSED) {
                    // As 1.7.12 does: a cancelled paused invocation resumes so the SDK runs its cancellation.
                    lifecycle.start(status);
                }
            }
        }
    }

    private void kill(final InvocationStatus status) {
        if (status.phase == Phase.COMPLETED) {
            return;
        }
        if (status.phase == Phase.SCHEDULED || status.phase == Phase.INBOXED) {
            dropNotStarted(status, KILLED);
            return;
        }
        final List<InvocationId> callees = pendingCallees(status);
        if (status.phase == Phase.INVOKED) {
            ctx.emit(new Action.AbortAttempt(status.id, status.attempt));
        }
        lifecycle.complete(status, CompletionResult.failure(409, KILLED));
        for (final InvocationId callee : callees) {
            lifecycle.route(callee.partitionKey(), Command.newBuilder().setManageInvocation(ManageInvocation
                    .newBuilder().setInvocationId(InvocationKey.of(callee).toByteString())
                    .setOperation(ManageOperation.MANAGE_KILL)).build());
        }
    }

    /**
     * Cancel or kill of an invocation that never started: callers and waiting ingress requests get the failure,
     * and the invocation is removed at once (1.7.12 keeps nothing of it: its output is 404 afterwards).
     */
    private void dropNotStarted(final InvocationStatus status, final String message) {
        lifecycle.complete(status, CompletionResult.failure(409, message));
        ctx.state.removeInvocation(status.id);
    }

    private void pause(final InvocationStatus status) {
        switch (status.phase) {
            case INVOKED -> {
                ctx.emit(new Action.AbortAttempt(status.id, status.attempt));
                paused(status);
            }
            case BACKING_OFF -> paused(status);
            default -> {
                // Not running (scheduled, inboxed, completed), already paused, or suspended (1.7.12 leaves a
                // suspended invocation as it is: it answers 200 and completes when its awaited result arrives).
            }
        }
    }

    private void paused(final InvocationStatus status) {
        status.phase = Phase.PAUSED;
        status.waitingFor = null;
        status.modifiedAtMs = ctx.nowMs();
    }

    /** The callees of Call commands whose result has not arrived, in journal order. */
    static List<InvocationId> pendingCallees(final InvocationStatus status) {
        final Map<Integer, String> calleeIds = new HashMap<>();
        final List<CallCommandMessage> calls = new ArrayList<>();
        for (final JournalEntry entry : status.journal) {
            try {
                if (entry.getType() == EntryTypes.CALL) {
                    calls.add(CallCommandMessage.parseFrom(entry.getPayload()));
                } else if (entry.getType() == EntryTypes.CALL_INVOCATION_ID_COMPLETION) {
                    final NotificationTemplate n = NotificationTemplate.parseFrom(entry.getPayload());
                    calleeIds.put(n.getCompletionId(), n.getInvocationId());
                }
            } catch (final InvalidProtocolBufferException e) {
                // Journaled without effect when it was appended; it has no callee either.
            }
        }
        final List<InvocationId> pending = new ArrayList<>();
        for (final CallCommandMessage call : calls) {
            final String callee = calleeIds.get(call.getInvocationIdNotificationIdx());
            if (callee == null || status.arrivedCompletions.contains(call.getResultCompletionId())) {
                continue;
            }
            try {
                pending.add(InvocationId.parse(callee));
            } catch (final IdFormatException e) {
                // Written by this state machine, so it parses; skip rather than stop the partition.
            }
        }
        return pending;
    }
}
