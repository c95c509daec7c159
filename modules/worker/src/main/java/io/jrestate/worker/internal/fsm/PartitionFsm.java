package io.jrestate.worker.internal.fsm;

import io.jrestate.common.Verify;
import io.jrestate.worker.internal.wal.AnnounceLeader;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Dedup;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.TimerFired;
import io.jrestate.worker.internal.wal.TimerKind;
import java.util.Map;

/**
 * The partition state machine: {@code apply(lsn, record) -> table changes + actions}.
 *
 * <p>Pure and deterministic: the only clock is the record's proposer timestamp, there is no randomness (ids
 * that need it are chosen by proposers and carried in records) and no I/O. Every replica that applies the same
 * records in LSN order holds the same tables and emits the same actions; only the leader executes them.
 *
 * <p>Decision table for a record:
 * <pre>
 *  condition                                          result
 *  -------------------------------------------------  ----------------------------------------------
 *  lsn &lt;= applied LSN                                 error (the processor replays from applied + 1)
 *  dedup header, seq &lt;= last seq of that producer     skipped (duplicate delivery), LSN recorded
 *  AnnounceLeader with an older epoch                 ignored
 *  unknown command kind                               error naming the LSN (never silently skipped)
 *  otherwise                                          applied, LSN recorded
 * </pre>
 */
public final class PartitionFsm {
    private final ApplyContext ctx;
    private final Lifecycle lifecycle;
    private final EffectApplier effects;

    /**
     * Creates a state machine over the given tables.
     *
     * @param config partition id, partitioning and id formatting
     * @param state the tables, empty or rebuilt up to {@code state.appliedLsn()}
     */
    public PartitionFsm(final FsmConfig config, final PartitionState state) {
        this.ctx = new ApplyContext(state, config);
        this.lifecycle = new Lifecycle(ctx);
        this.effects = new EffectApplier(ctx, lifecycle);
    }

    /**
     * The tables this state machine applies to.
     *
     * @return the state
     */
    public PartitionState state() {
        return ctx.state;
    }

    /**
     * Applies one record.
     *
     * @param lsn the record's log sequence number, greater than every LSN applied before
     * @param record the record
     * @param actions receives the actions for the leader, in order
     */
    public void apply(final long lsn, final Envelope record, final ActionSink actions) {
        Verify.argument(lsn > ctx.state.appliedLsn(), "partition " + ctx.config.partitionId() + ": lsn " + lsn
                + " is not after the applied lsn " + ctx.state.appliedLsn());
        ctx.begin(record.getTimestampMs(), actions);
        if (!isDuplicate(record)) {
            dispatch(lsn, record.getCommand());
        }
        ctx.state.appliedLsn(lsn);
    }

    private boolean isDuplicate(final Envelope record) {
        if (!record.hasDedup()) {
            return false;
        }
        final Dedup dedup = record.getDedup();
        final String producer = producerName(dedup);
        if (dedup.getSeq() <= ctx.state.dedupSeq(producer)) {
            return true;
        }
        ctx.state.dedupSeq(producer, dedup.getSeq());
        return false;
    }

    /**
     * The dedup table key of a producer.
     *
     * @param dedup the dedup header
     * @return e.g. {@code partition-3}
     */
    public static String producerName(final Dedup dedup) {
        return dedup.hasPartitionId() ? "partition-" + dedup.getPartitionId() : "name-" + dedup.getName();
    }

    private void dispatch(final long lsn, final Command command) {
        switch (command.getKindCase()) {
            case ANNOUNCE_LEADER -> announceLeader(command.getAnnounceLeader());
            case INVOKE -> lifecycle.invoke(command.getInvoke());
            case INVOKER_EFFECT -> effects.apply(command.getInvokerEffect());
            case INVOCATION_RESPONSE -> lifecycle.onResponse(command.getInvocationResponse());
            case TIMER_FIRED -> timerFired(command.getTimerFired());
            case TRUNCATE_OUTBOX -> ctx.state.truncateOutbox(command.getTruncateOutbox().getUpToIndex());
            case NOTIFY_SIGNAL -> lifecycle.onSignal(command.getNotifySignal());
            case MANAGE_INVOCATION -> lifecycle.management().apply(command.getManageInvocation());
            case ATTACH_REQUEST -> lifecycle.attachments().onRequest(command.getAttachRequest());
            default -> throw new IllegalStateException("partition " + ctx.config.partitionId() + ": record at lsn "
                    + lsn + " has an unsupported command " + command.getKindCase());
        }
    }

    private void announceLeader(final AnnounceLeader announce) {
        if (announce.getLeaderEpoch() < ctx.state.leaderEpoch()) {
            return;
        }
        ctx.state.leaderEpoch(announce.getLeaderEpoch());
        for (final InvocationStatus status : ctx.state.invocations()) {
            if (status.phase == Phase.INVOKED) {
                lifecycle.start(status);
            }
        }
        for (final Timer timer : ctx.state.timers()) {
            ctx.emit(new Action.ScheduleTimer(timer));
        }
        for (final Map.Entry<Long, OutboxMessage> message : ctx.state.outbox().entrySet()) {
            ctx.emit(new Action.ShuffleOutbox(message.getKey(), message.getValue()));
        }
    }

    private void timerFired(final TimerFired fired) {
        final Timer timer = Timer.fromProto(fired.getKey());
        if (!ctx.state.removeTimer(timer)) {
            return;
        }
        if (timer.kind() == TimerKind.TIMER_RETENTION_EXPIRY) {
            lifecycle.retention().expire(timer);
            return;
        }
        final InvocationStatus status = ctx.state.invocation(timer.invocation());
        if (status == null) {
            return;
        }
        switch (timer.kind()) {
            case TIMER_RETRY -> {
                if (status.phase == Phase.BACKING_OFF && status.attempt == timer.discriminator()) {
                    lifecycle.start(status);
                }
            }
            case TIMER_SLEEP -> {
                if (status.phase != Phase.COMPLETED) {
                    lifecycle.notifyCompletion(status, Entries.completion(EntryTypes.SLEEP_COMPLETION,
                            timer.discriminator(), null), timer.discriminator());
                }
            }
            case TIMER_DELAYED_INVOKE -> {
                if (status.phase == Phase.SCHEDULED) {
                    lifecycle.admit(status);
                }
            }
            case TIMER_CLEANUP -> {
                if (status.phase == Phase.COMPLETED) {
                    Workflows.removeCompleted(ctx, status);
                }
            }
            default -> throw new IllegalStateException("unknown timer kind " + timer.kind());
        }
    }
}
