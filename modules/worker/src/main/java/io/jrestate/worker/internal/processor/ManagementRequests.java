package io.jrestate.worker.internal.processor;

import io.jrestate.common.ids.InvocationId;
import io.jrestate.worker.InvocationControl;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.InvocationStatus;
import io.jrestate.worker.internal.fsm.Phase;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.ManageInvocation;
import io.jrestate.worker.internal.wal.ManageOperation;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@link InvocationControl} for the partitions of a node: decides the admin answer from the phase the
 * invocation is in (as restate-server 1.7.12 answers), and proposes a {@code ManageInvocation} record when the
 * operation applies. The answer completes once that record is applied (so reads that follow see it).
 *
 * <pre>
 *  operation  unknown    COMPLETED                 SCHEDULED / INBOXED   PAUSED           other (running)
 *  ---------  ---------  ------------------------  --------------------  ---------------  ----------------
 *  cancel     NOT_FOUND  ALREADY_COMPLETED         DONE *                ACCEPTED *       ACCEPTED *
 *  kill       NOT_FOUND  ALREADY_COMPLETED         DONE *                DONE *           DONE *
 *  purge      NOT_FOUND  DONE *                    NOT_COMPLETED         NOT_COMPLETED    NOT_COMPLETED
 *  pause      NOT_FOUND  NOT_RUNNING               NOT_RUNNING           DONE             ACCEPTED *
 *                                                                                         (suspended: DONE)
 *  resume     NOT_FOUND  COMPLETED_NOT_RESUMABLE   NOT_STARTED           DONE *           DONE (* unless running)
 *  purge-     NOT_FOUND  DONE *                    NOT_COMPLETED         NOT_COMPLETED    NOT_COMPLETED
 *  journal
 *                                                                   (* = a ManageInvocation record is appended)
 * </pre>
 *
 * <p>Observed on 1.7.12 and matched: pausing a suspended invocation answers 200 and leaves it suspended (it
 * completes when its timer or result arrives); resuming a suspended one starts an attempt at once; cancelling a
 * paused one resumes it so the SDK can run its cancellation.
 */
public final class ManagementRequests implements InvocationControl {
    private final Partitions partitions;

    /**
     * Creates the control over a node's partitions.
     *
     * @param partitions the partition processors
     */
    public ManagementRequests(final Partitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<Outcome> manage(final InvocationId invocationId, final Operation operation) {
        final InvocationKey id = InvocationKey.of(invocationId);
        final PartitionProcessor processor = partitions.forInvocation(id);
        return processor.withState(state -> {
            final InvocationStatus status = state.invocation(id);
            final Decision decision = decide(status == null ? null : status.phase(), operation);
            if (!decision.append()) {
                return CompletableFuture.completedFuture(decision.outcome());
            }
            return processor.proposeApplied(Command.newBuilder().setManageInvocation(ManageInvocation.newBuilder()
                    .setInvocationId(id.toByteString()).setOperation(toWal(operation))).build())
                    .thenApply(lsn -> decision.outcome());
        });
    }

    /** The answer and whether a record must be appended. */
    record Decision(Outcome outcome, boolean append) {
    }

    static Decision decide(final Phase phase, final Operation operation) {
        if (phase == null) {
            return new Decision(Outcome.NOT_FOUND, false);
        }
        final boolean completed = phase == Phase.COMPLETED;
        final boolean notStarted = phase == Phase.SCHEDULED || phase == Phase.INBOXED;
        return switch (operation) {
            case CANCEL -> completed ? new Decision(Outcome.ALREADY_COMPLETED, false)
                    : new Decision(notStarted ? Outcome.DONE : Outcome.ACCEPTED, true);
            case KILL -> completed ? new Decision(Outcome.ALREADY_COMPLETED, false) : new Decision(Outcome.DONE, true);
            case PURGE, PURGE_JOURNAL -> completed ? new Decision(Outcome.DONE, true)
                    : new Decision(Outcome.NOT_COMPLETED, false);
            case PAUSE -> completed || notStarted ? new Decision(Outcome.NOT_RUNNING, false)
                    : phase == Phase.PAUSED || phase == Phase.SUSPENDED ? new Decision(Outcome.DONE, false)
                    : new Decision(Outcome.ACCEPTED, true);
            case RESUME -> completed ? new Decision(Outcome.COMPLETED_NOT_RESUMABLE, false)
                    : notStarted ? new Decision(Outcome.NOT_STARTED, false)
                    : new Decision(Outcome.DONE, phase != Phase.INVOKED);
        };
    }

    private static ManageOperation toWal(final Operation operation) {
        return switch (operation) {
            case CANCEL -> ManageOperation.MANAGE_CANCEL;
            case KILL -> ManageOperation.MANAGE_KILL;
            case PURGE -> ManageOperation.MANAGE_PURGE;
            case PAUSE -> ManageOperation.MANAGE_PAUSE;
            case RESUME -> ManageOperation.MANAGE_RESUME;
            case PURGE_JOURNAL -> ManageOperation.MANAGE_PURGE_JOURNAL;
        };
    }
}
