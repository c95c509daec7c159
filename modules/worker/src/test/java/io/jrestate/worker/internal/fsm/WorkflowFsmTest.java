package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.only;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static io.jrestate.worker.internal.fsm.FsmDriver.suspended;
import static io.jrestate.worker.internal.fsm.FsmDriver.timerFired;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.CompletePromiseCommandMessage;
import io.jrestate.service.protocol.pb.GetPromiseCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.PeekPromiseCommandMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.Invoke;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.ResponseSink;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;
import io.jrestate.worker.internal.wal.TimerKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks workflows in the state machine, record by record: durable promises (get waits, peek answers at once,
 * complete resolves once and wakes the waiting run; a second completion fails with 409 as in 1.7.12), a duplicate
 * run submission answered with {@code the workflow method was already invoked}, and the cleanup of the run, the
 * workflow key's state and its promises when the completion retention timer fires.
 */
class WorkflowFsmTest {
    private static final long RETENTION_MS = 60_000;
    private static final ObjectKey WF = new ObjectKey("Wf", "k1");

    private static InvocationTarget wf(final String handler, final HandlerType type) {
        return InvocationTarget.newBuilder().setService("Wf").setKey("k1").setHandler(handler)
                .setServiceType(ServiceType.WORKFLOW).setHandlerType(type).build();
    }

    private static Command invokeWf(final InvocationKey id, final String handler, final HandlerType type) {
        final InvocationOptions options = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder()
                .setCompletionRetentionMs(RETENTION_MS).build();
        return FsmDriver.invoke(id, wf(handler, type), options, "\"in\"");
    }

    private static NotificationTemplate note(final Action.SendNotification send) throws Exception {
        return NotificationTemplate.parseFrom(send.notification().getPayload());
    }

    @Test
    void shouldResolveAPromiseOnceAndWakeTheSuspendedRun() throws Exception {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey run = id(0, 1);
        p.apply(invokeWf(run, "run", HandlerType.WORKFLOW_RUN));
        p.apply(entry(run, 1, EntryTypes.SET_STATE, SetStateCommandMessage.newBuilder()
                .setKey(ByteString.copyFromUtf8("stage")).setValue(Value.newBuilder()
                        .setContent(ByteString.copyFromUtf8("waiting"))).build()));
        assertTrue(p.apply(entry(run, 1, EntryTypes.GET_PROMISE, GetPromiseCommandMessage.newBuilder()
                .setKey("approval").setResultCompletionId(1).build())).isEmpty(), "get waits for the promise");
        p.apply(suspended(run, 1, Suspended.newBuilder().addWaitingCompletions(1).build()));
        assertEquals(Phase.SUSPENDED, p.status(run).phase());

        final InvocationKey peek = id(0, 2);
        p.apply(invokeWf(peek, "peek", HandlerType.SHARED));
        final Action.SendNotification peeked = single(p.apply(entry(peek, 1, EntryTypes.PEEK_PROMISE,
                PeekPromiseCommandMessage.newBuilder().setKey("approval").setResultCompletionId(1).build())),
                Action.SendNotification.class);
        assertEquals(EntryTypes.PEEK_PROMISE_COMPLETION, peeked.notification().getType());
        assertTrue(note(peeked).hasVoid(), "peek of a pending promise is void");

        final InvocationKey approve = id(0, 3);
        p.apply(invokeWf(approve, "approve", HandlerType.SHARED));
        final List<Action> completed = p.apply(entry(approve, 1, EntryTypes.COMPLETE_PROMISE,
                CompletePromiseCommandMessage.newBuilder().setKey("approval").setResultCompletionId(1)
                        .setCompletionValue(Value.newBuilder().setContent(ByteString.copyFromUtf8("yes"))).build()));
        final Action.SendNotification ack = single(completed, Action.SendNotification.class);
        assertEquals(approve, ack.id());
        assertTrue(note(ack).hasVoid(), "the first completion succeeds");
        final Action.StartAttempt resumed = single(completed, Action.StartAttempt.class);
        assertEquals(run, resumed.id());
        final var last = resumed.journal().get(resumed.journal().size() - 1);
        assertEquals(EntryTypes.GET_PROMISE_COMPLETION, last.getType());
        assertEquals("yes", NotificationTemplate.parseFrom(last.getPayload()).getValue().getContent().toStringUtf8());

        final InvocationKey again = id(0, 4);
        p.apply(invokeWf(again, "approve", HandlerType.SHARED));
        final NotificationTemplate second = note(single(p.apply(entry(again, 1, EntryTypes.COMPLETE_PROMISE,
                CompletePromiseCommandMessage.newBuilder().setKey("approval").setResultCompletionId(1)
                        .setCompletionValue(Value.newBuilder().setContent(ByteString.copyFromUtf8("no"))).build())),
                Action.SendNotification.class));
        assertEquals(409, second.getFailure().getCode());
        assertEquals("promise was already completed", second.getFailure().getMessage());
        assertEquals("yes", p.fsm.state().promise(WF, "approval").result().value().toStringUtf8(),
                "the first value stays");
    }

    @Test
    void shouldAnswerADuplicateRunCallWithAlreadyInvoked() throws Exception {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey run = id(0, 1);
        final InvocationKey caller = id(0, 2);
        p.apply(invokeWf(run, "run", HandlerType.WORKFLOW_RUN));
        p.apply(FsmDriver.invoke(caller, FsmDriver.service("Caller", "go"), ""));
        final Invoke duplicate = invokeWf(run, "run", HandlerType.WORKFLOW_RUN).getInvoke().toBuilder()
                .setResponseSink(ResponseSink.newBuilder().setCallerInvocationId(caller.toByteString())
                        .setCompletionId(7).setNotificationType(EntryTypes.CALL_COMPLETION)).build();
        final List<Action> actions = p.apply(Command.newBuilder().setInvoke(duplicate).build());
        final Action.SendNotification answer = single(actions, Action.SendNotification.class);
        assertEquals(caller, answer.id());
        assertEquals(409, note(answer).getFailure().getCode());
        assertEquals("the workflow method was already invoked", note(answer).getFailure().getMessage());
        assertTrue(only(actions, Action.StartAttempt.class).isEmpty(), "the run is not started again");
        assertEquals(1, p.status(run).attempt());
    }

    @Test
    void shouldCleanUpStateAndPromisesAfterTheCompletionRetention() {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey run = id(0, 1);
        p.apply(invokeWf(run, "run", HandlerType.WORKFLOW_RUN));
        p.apply(entry(run, 1, EntryTypes.SET_STATE, SetStateCommandMessage.newBuilder()
                .setKey(ByteString.copyFromUtf8("stage")).setValue(Value.newBuilder()
                        .setContent(ByteString.copyFromUtf8("done"))).build()));
        p.apply(entry(run, 1, EntryTypes.COMPLETE_PROMISE, CompletePromiseCommandMessage.newBuilder()
                .setKey("p").setResultCompletionId(1).setCompletionValue(Value.getDefaultInstance()).build()));
        p.apply(output(run, 1, "\"out\""));
        final List<Action> done = p.apply(ended(run, 1));
        final Timer cleanup = single(done, Action.ScheduleTimer.class).timer();
        assertEquals(TimerKind.TIMER_CLEANUP, cleanup.kind());
        assertEquals(p.nowMs + RETENTION_MS, cleanup.fireAtMs());
        assertEquals(1, p.fsm.state().stateOf(WF).size(), "state is kept during the retention");

        p.nowMs += RETENTION_MS;
        p.apply(timerFired(cleanup));
        assertNull(p.status(run), "the run is gone, so the key may run again");
        assertTrue(p.fsm.state().stateOf(WF).isEmpty(), "the workflow state is cleared");
        assertNull(p.fsm.state().promise(WF, "p"), "the promises are cleared");
    }
}
