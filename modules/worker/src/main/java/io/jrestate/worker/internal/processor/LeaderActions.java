package io.jrestate.worker.internal.processor;

import io.jrestate.worker.internal.fsm.Action;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.fsm.Timer;
import io.jrestate.worker.internal.invoker.AttemptRequest;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Dedup;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.ProcessorSource;
import io.jrestate.worker.internal.wal.Source;
import io.jrestate.worker.internal.wal.TimerFired;
import io.jrestate.worker.internal.wal.TruncateOutbox;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Executes the state machine's actions on the leader: attempts, notifications, ingress answers, outbox
 * delivery with truncation, and timers. Runs on the partition executor only.
 */
final class LeaderActions {
    private static final System.Logger LOG = System.getLogger(LeaderActions.class.getName());
    private final ProcessorContext ctx;
    private final PartitionProcessor processor;
    private final Map<InvocationKey, AttemptBridge> attempts = new HashMap<>();
    /** Timers due within this window are kept in the scheduler; later ones wait in the timer table. */
    static final long TIMER_HORIZON_MS = 10 * 60 * 1000L;
    private final TreeSet<Long> outboxInFlight = new TreeSet<>();
    private long timersScheduledUpToMs = Long.MIN_VALUE;
    private long outboxDeliveredMax;
    private long outboxTruncated;

    LeaderActions(final ProcessorContext ctx, final PartitionProcessor processor) {
        this.ctx = ctx;
        this.processor = processor;
    }

    void execute(final Action action) {
        switch (action) {
            case Action.StartAttempt start -> startAttempt(start);
            case Action.SendNotification send -> {
                final AttemptBridge bridge = attempts.get(send.id());
                if (bridge != null && bridge.attempt() == send.attempt()) {
                    bridge.handle().sendNotification(send.notification());
                }
            }
            case Action.AbortAttempt abort -> {
                final AttemptBridge bridge = attempts.get(abort.id());
                if (bridge != null && bridge.attempt() == abort.attempt()) {
                    attempts.remove(abort.id());
                    bridge.handle().abort();
                }
            }
            case Action.InvocationCompleted done ->
                    processor.completeWaiters(done.id(), done.result(), done.completedAtMs());
            case Action.ShuffleOutbox shuffle -> shuffle(shuffle.index(), shuffle.message());
            case Action.ScheduleTimer schedule -> schedule(schedule.timer());
        }
    }

    private void startAttempt(final Action.StartAttempt start) {
        final AttemptBridge previous = attempts.remove(start.id());
        if (previous != null) {
            previous.handle().abort();
        }
        final AttemptBridge bridge = new AttemptBridge(ctx, processor, this, start);
        attempts.put(start.id(), bridge);
        final long sinceLastEntryMs = Math.max(0, ctx.clockMs().getAsLong() - start.lastEntryAtMs());
        bridge.attach(ctx.invoker().start(new AttemptRequest(start.id(), start.target(), start.journal(),
                start.eagerState(), start.retryCountSinceLastEntry(), sinceLastEntryMs, start.pinnedDeployment(),
                start.idempotencyKey()), bridge));
    }

    void attemptEnded(final AttemptBridge bridge) {
        attempts.remove(bridge.id(), bridge);
    }

    boolean isCurrent(final AttemptBridge bridge) {
        return attempts.get(bridge.id()) == bridge;
    }

    private void shuffle(final long index, final io.jrestate.worker.internal.fsm.OutboxMessage message) {
        final int target = ctx.fsm().partitionOf().applyAsInt(message.partitionKey());
        final Envelope record = Envelope.newBuilder()
                .setSource(Source.newBuilder().setProcessor(ProcessorSource.newBuilder()
                        .setPartitionId(processor.partitionId())))
                .setDedup(Dedup.newBuilder().setPartitionId(processor.partitionId()).setSeq(index))
                .setPartitionKey(message.partitionKey()).setTimestampMs(ctx.clockMs().getAsLong())
                .setCommand(message.command()).build();
        if (!outboxInFlight.add(index)) {
            return;
        }
        ctx.router().deliver(target, record).whenComplete((lsn, e) -> processor.executor().executeInternal(() -> {
            if (e != null) {
                LOG.log(System.Logger.Level.WARNING, "partition {0}: outbox {1} to partition {2} failed, retrying: {3}",
                        processor.partitionId(), index, target, e.toString());
                outboxInFlight.remove(index);
                ctx.scheduler().schedule(() -> processor.executor().executeInternal(() -> shuffle(index, message)),
                        250, TimeUnit.MILLISECONDS);
                return;
            }
            delivered(index);
        }));
    }

    private void delivered(final long index) {
        outboxInFlight.remove(index);
        outboxDeliveredMax = Math.max(outboxDeliveredMax, index);
        final long upTo = outboxInFlight.isEmpty() ? outboxDeliveredMax : outboxInFlight.first() - 1;
        if (upTo > outboxTruncated) {
            outboxTruncated = upTo;
            processor.propose(Command.newBuilder().setTruncateOutbox(TruncateOutbox.newBuilder().setUpToIndex(upTo))
                    .build());
        }
    }

    /** Arms the timer sweep; called when this processor becomes leader. */
    void startTimerSweep() {
        timersScheduledUpToMs = ctx.clockMs().getAsLong() + TIMER_HORIZON_MS;
        ctx.scheduler().scheduleWithFixedDelay(() -> processor.executor().executeInternal(this::sweepTimers),
                TIMER_HORIZON_MS / 2, TIMER_HORIZON_MS / 2, TimeUnit.MILLISECONDS);
    }

    /** Moves the timers that entered the horizon from the timer table into the scheduler. */
    private void sweepTimers() {
        final long upTo = ctx.clockMs().getAsLong() + TIMER_HORIZON_MS;
        final Timer from = new Timer(timersScheduledUpToMs + 1, new InvocationKey(0, 0, 0),
                io.jrestate.worker.internal.wal.TimerKind.TIMER_RETRY, Integer.MIN_VALUE);
        final long previous = timersScheduledUpToMs;
        timersScheduledUpToMs = upTo;
        for (final Timer timer : processor.fsm().state().timers().tailSet(from, true)) {
            if (timer.fireAtMs() > upTo) {
                break;
            }
            if (timer.fireAtMs() > previous) {
                schedule(timer);
            }
        }
    }

    private void schedule(final Timer timer) {
        if (timer.fireAtMs() > timersScheduledUpToMs) {
            return;
        }
        final long delayMs = Math.max(0, timer.fireAtMs() - ctx.clockMs().getAsLong());
        final Runnable fire = () -> processor.executor().executeInternal(() -> processor.propose(Command.newBuilder()
                .setTimerFired(TimerFired.newBuilder().setKey(timer.toProto())).build()));
        if (delayMs == 0) {
            fire.run();
        } else {
            ctx.scheduler().schedule(fire, delayMs, TimeUnit.MILLISECONDS);
        }
    }
}
