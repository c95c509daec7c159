package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.call;
import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.failed;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.object;
import static io.jrestate.worker.internal.fsm.FsmDriver.only;
import static io.jrestate.worker.internal.fsm.FsmDriver.service;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static io.jrestate.worker.internal.fsm.FsmDriver.suspended;
import static io.jrestate.worker.internal.fsm.FsmDriver.timerFired;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.OneWayCallCommandMessage;
import io.jrestate.service.protocol.pb.ProposeRunCompletionMessage;
import io.jrestate.service.protocol.pb.RunCommandMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.FailureBehavior;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.ResolvedCall;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the durable-execution rules of the state machine: calls between invocations (same partition and
 * through the outbox), journaled {@code ctx.run} results, retries with back-off computed from record
 * timestamps and the on-max-attempts choice, and suspension with resumption by a timer or a call result.
 */
class DurableExecutionFsmTest {
    private static final AttemptFailed BOOM = AttemptFailed.newBuilder().setCode(500).setMessage("boom").build();

    private static ResolvedCall resolved(final InvocationKey callee, final InvocationTarget target) {
        return ResolvedCall.newBuilder().setCalleeInvocationId(callee.toByteString()).setTarget(target)
                .setOptions(FsmDriver.options(70, OnMaxAttempts.PAUSE)).build();
    }

    private static Command callCommand(final InvocationKey caller, final InvocationKey callee,
            final InvocationTarget target) {
        return call(caller, 1, EntryTypes.CALL, CallCommandMessage.newBuilder().setServiceName(target.getService())
                .setHandlerName(target.getHandler()).setKey(target.getKey())
                .setParameter(ByteString.copyFromUtf8("3")).setInvocationIdNotificationIdx(1)
                .setResultCompletionId(2).build(), resolved(callee, target));
    }

    @Test
    void shouldDeliverCallsAndResultsWithinOnePartition() throws Exception {
        final FsmDriver p0 = new FsmDriver(0);
        final InvocationKey caller = id(0, 1);
        final InvocationKey callee = id(0, 2);
        final InvocationTarget counter = object("Counter", "bob", "add", HandlerType.EXCLUSIVE);
        p0.apply(invoke(caller, service("Caller", "run"), ""));
        final List<Action> actions = p0.apply(callCommand(caller, callee, counter));
        final Action.SendNotification idNote = single(actions, Action.SendNotification.class);
        assertEquals(EntryTypes.CALL_INVOCATION_ID_COMPLETION, idNote.notification().getType());
        assertEquals("inv_" + callee, NotificationTemplate.parseFrom(idNote.notification().getPayload())
                .getInvocationId());
        assertEquals(callee, single(actions, Action.StartAttempt.class).id());
        assertTrue(only(actions, Action.ShuffleOutbox.class).isEmpty(), "same partition needs no outbox");
        p0.apply(output(callee, 1, "5"));
        final List<Action> done = p0.apply(ended(callee, 1));
        final Action.SendNotification result = single(done, Action.SendNotification.class);
        assertEquals(caller, result.id());
        assertEquals(EntryTypes.CALL_COMPLETION, result.notification().getType());
        final NotificationTemplate n = NotificationTemplate.parseFrom(result.notification().getPayload());
        assertEquals(2, n.getCompletionId());
        assertEquals("5", n.getValue().getContent().toStringUtf8());
    }

    @Test
    void shouldDeliverCallsAndResultsAcrossPartitionsThroughTheOutbox() throws Exception {
        final FsmDriver p0 = new FsmDriver(0);
        final FsmDriver p1 = new FsmDriver(1);
        final InvocationKey caller = id(0, 1);
        final InvocationKey callee = id(1, 2);
        p0.apply(invoke(caller, service("Caller", "run"), ""));
        final Action.ShuffleOutbox invoke = single(p0.apply(callCommand(caller, callee,
                object("Counter", "bob", "add", HandlerType.EXCLUSIVE))), Action.ShuffleOutbox.class);
        assertEquals(1, FsmDriver.partitionOf(invoke.message().partitionKey()));
        assertEquals(callee, single(p1.applyDeduped(invoke.message().command(), 0, invoke.index()),
                Action.StartAttempt.class).id());
        assertTrue(p1.applyDeduped(invoke.message().command(), 0, invoke.index()).isEmpty(), "redelivery");
        p1.apply(output(callee, 1, "5"));
        final Action.ShuffleOutbox response = single(p1.apply(ended(callee, 1)), Action.ShuffleOutbox.class);
        final Action.SendNotification n = single(p0.applyDeduped(response.message().command(), 1,
                response.index()), Action.SendNotification.class);
        assertEquals("5", NotificationTemplate.parseFrom(n.notification().getPayload()).getValue().getContent()
                .toStringUtf8());
        p0.apply(Command.newBuilder().setTruncateOutbox(io.jrestate.worker.internal.wal.TruncateOutbox
                .newBuilder().setUpToIndex(invoke.index())).build());
        assertTrue(p0.fsm.state().outbox().isEmpty());
    }

    @Test
    void shouldStartOneWayCallsWithoutAResultSink() {
        final FsmDriver p0 = new FsmDriver(0);
        final InvocationKey caller = id(0, 1);
        final InvocationKey callee = id(0, 2);
        p0.apply(invoke(caller, service("Caller", "run"), ""));
        final List<Action> actions = p0.apply(call(caller, 1, EntryTypes.ONE_WAY_CALL, OneWayCallCommandMessage
                .newBuilder().setServiceName("Greeter").setHandlerName("greet").setInvocationIdNotificationIdx(1)
                .build(), resolved(callee, service("Greeter", "greet"))));
        assertEquals(callee, single(actions, Action.StartAttempt.class).id());
        p0.apply(ended(callee, 1));
        assertEquals(Phase.INVOKED, p0.status(caller).phase(), "the caller gets no result");
        assertEquals(2, p0.status(caller).journal().size() - 1, "call + invocation id notification");
    }

    @Test
    void shouldJournalRunResultsSoTheNextAttemptReplaysThem() throws Exception {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), ""));
        d.apply(entry(id, 1, EntryTypes.RUN, RunCommandMessage.newBuilder().setResultCompletionId(1).build()));
        final Command proposal = entry(id, 1, EntryTypes.PROPOSE_RUN_COMPLETION, ProposeRunCompletionMessage
                .newBuilder().setResultCompletionId(1).setValue(ByteString.copyFromUtf8("42")).build());
        final Action.SendNotification ack = single(d.apply(proposal), Action.SendNotification.class);
        assertEquals(EntryTypes.RUN_COMPLETION, ack.notification().getType());
        assertTrue(d.apply(proposal).isEmpty(), "a second proposal for the same run is ignored");
        d.apply(failed(id, 1, BOOM));
        final Action.StartAttempt retry = single(d.apply(timerFired(d.fsm.state().timers().first())),
                Action.StartAttempt.class);
        assertEquals(3, retry.journal().size());
        assertEquals(EntryTypes.RUN_COMPLETION, retry.journal().get(2).getType());
        assertEquals("42", NotificationTemplate.parseFrom(retry.journal().get(2).getPayload()).getValue()
                .getContent().toStringUtf8());
    }

    @Test
    void shouldBackOffExponentiallyFromRecordTimestamps() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), ""));
        long expectedDelay = 500;
        for (int attempt = 1; attempt <= 4; attempt++) {
            final Action.ScheduleTimer timer = single(d.apply(failed(id, attempt, BOOM)), Action.ScheduleTimer.class);
            assertEquals(d.nowMs + expectedDelay, timer.timer().fireAtMs(), "attempt " + attempt);
            assertEquals(TimerKind.TIMER_RETRY, timer.timer().kind());
            assertEquals(Phase.BACKING_OFF, d.status(id).phase());
            d.nowMs = timer.timer().fireAtMs();
            final Action.StartAttempt start = single(d.apply(timerFired(timer.timer())), Action.StartAttempt.class);
            assertEquals(attempt + 1, start.attempt());
            assertEquals(attempt, start.retryCountSinceLastEntry());
            expectedDelay *= 2;
        }
    }

    @Test
    void shouldHonourTheRequestedNextRetryDelay() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), ""));
        final Action.ScheduleTimer timer = single(d.apply(failed(id, 1, BOOM.toBuilder().setNextRetryDelayMs(1500)
                .build())), Action.ScheduleTimer.class);
        assertEquals(d.nowMs + 1500, timer.timer().fireAtMs());
    }

    @Test
    void shouldPauseAfterMaxAttemptsWhenThePolicySaysPause() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), FsmDriver.options(2, OnMaxAttempts.PAUSE), ""));
        d.apply(failed(id, 1, BOOM));
        d.apply(timerFired(d.fsm.state().timers().first()));
        assertTrue(only(d.apply(failed(id, 2, BOOM)), Action.ScheduleTimer.class).isEmpty());
        assertEquals(Phase.PAUSED, d.status(id).phase());
    }

    @Test
    void shouldFailTheInvocationAfterMaxAttemptsWhenThePolicySaysKill() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), FsmDriver.options(1, OnMaxAttempts.KILL), ""));
        final Action.InvocationCompleted done = single(d.apply(failed(id, 1, BOOM)), Action.InvocationCompleted.class);
        assertEquals(409, done.result().failure().getCode());
        assertEquals("killed", done.result().failure().getMessage());
        assertEquals("boom", d.status(id).lastFailure().getMessage());
    }

    @Test
    void shouldFailOrPauseImmediatelyWhenTheSdkAsksTo() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey fail = id(0, 1);
        final InvocationKey pause = id(0, 2);
        d.apply(invoke(fail, service("Greeter", "greet"), ""));
        d.apply(invoke(pause, service("Greeter", "greet"), ""));
        single(d.apply(failed(fail, 1, BOOM.toBuilder().setBehavior(FailureBehavior.FAIL_INVOCATION).build())),
                Action.InvocationCompleted.class);
        d.apply(failed(pause, 1, BOOM.toBuilder().setBehavior(FailureBehavior.PAUSE_INVOCATION).build()));
        assertEquals(Phase.PAUSED, d.status(pause).phase());
    }

    @Test
    void shouldResumeASuspendedSleeperWhenItsTimerFires() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Sleeper", "nap"), ""));
        final Action.ScheduleTimer timer = single(d.apply(entry(id, 1, EntryTypes.SLEEP, SleepCommandMessage
                .newBuilder().setWakeUpTime(d.nowMs + 10_000).setResultCompletionId(1).build())),
                Action.ScheduleTimer.class);
        assertTrue(d.apply(suspended(id, 1, Suspended.newBuilder().addWaitingCompletions(1).addWaitingSignals(1)
                .build())).isEmpty());
        assertEquals(Phase.SUSPENDED, d.status(id).phase());
        d.nowMs += 10_000;
        final Action.StartAttempt resume = single(d.apply(timerFired(timer.timer())), Action.StartAttempt.class);
        assertEquals(2, resume.attempt());
        assertEquals(EntryTypes.SLEEP_COMPLETION, resume.journal().get(2).getType());
        assertTrue(d.apply(timerFired(timer.timer())).isEmpty(), "a timer fires once");
    }

    @Test
    void shouldResumeAtOnceWhenTheAwaitedResultArrivedBeforeTheSuspension() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        d.apply(invoke(id, service("Greeter", "greet"), ""));
        d.apply(entry(id, 1, EntryTypes.RUN, RunCommandMessage.newBuilder().setResultCompletionId(1).build()));
        d.apply(entry(id, 1, EntryTypes.PROPOSE_RUN_COMPLETION, ProposeRunCompletionMessage.newBuilder()
                .setResultCompletionId(1).setValue(ByteString.copyFromUtf8("1")).build()));
        final Action.StartAttempt resume = single(d.apply(suspended(id, 1, Suspended.newBuilder()
                .addWaitingCompletions(1).build())), Action.StartAttempt.class);
        assertEquals(2, resume.attempt());
    }

    @Test
    void shouldResumeASuspendedCallerWhenTheCalleeResultArrives() {
        final FsmDriver d = new FsmDriver(0);
        final InvocationKey caller = id(0, 1);
        final InvocationKey callee = id(0, 2);
        d.apply(invoke(caller, service("Caller", "run"), ""));
        d.apply(callCommand(caller, callee, service("Greeter", "greet")));
        d.apply(suspended(caller, 1, Suspended.newBuilder().addWaitingCompletions(2).build()));
        d.apply(output(callee, 1, "\"hi\""));
        final Action.StartAttempt resume = single(d.apply(ended(callee, 1)), Action.StartAttempt.class);
        assertEquals(caller, resume.id());
        assertEquals(EntryTypes.CALL_COMPLETION, resume.journal().get(resume.journal().size() - 1).getType());
    }

    @Test
    void shouldDeliverSignalsAcrossPartitionsAndResumeTheSuspendedTarget() throws Exception {
        final FsmDriver p0 = new FsmDriver(0);
        final FsmDriver p1 = new FsmDriver(1);
        final InvocationKey sender = id(0, 1);
        final InvocationKey target = id(1, 2);
        p1.apply(invoke(target, service("Waiter", "wait"), ""));
        p1.apply(suspended(target, 1, Suspended.newBuilder().addWaitingSignals(17).addWaitingSignals(1).build()));
        p0.apply(invoke(sender, service("Sender", "send"), ""));
        final Action.ShuffleOutbox out = single(p0.apply(entry(sender, 1, EntryTypes.COMPLETE_AWAKEABLE,
                io.jrestate.service.protocol.pb.CompleteAwakeableCommandMessage.newBuilder()
                        .setAwakeableId(io.jrestate.common.ids.AwakeableId.ofSignal(target.toInvocationId(), 17)
                                .toString())
                        .setValue(io.jrestate.service.protocol.pb.Value.newBuilder()
                                .setContent(ByteString.copyFromUtf8("\"hi\""))).build())),
                Action.ShuffleOutbox.class);
        final Action.StartAttempt resume = single(p1.applyDeduped(out.message().command(), 0, out.index()),
                Action.StartAttempt.class);
        final var signal = resume.journal().get(resume.journal().size() - 1);
        assertEquals(EntryTypes.SIGNAL, signal.getType());
        final NotificationTemplate n = NotificationTemplate.parseFrom(signal.getPayload());
        assertEquals(17, n.getSignalId());
        assertEquals("\"hi\"", n.getValue().getContent().toStringUtf8());
    }
}
