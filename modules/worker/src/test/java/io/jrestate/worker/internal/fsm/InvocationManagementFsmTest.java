package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.call;
import static io.jrestate.worker.internal.fsm.FsmDriver.failed;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.object;
import static io.jrestate.worker.internal.fsm.FsmDriver.only;
import static io.jrestate.worker.internal.fsm.FsmDriver.service;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.CallCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.ManageInvocation;
import io.jrestate.worker.internal.wal.ManageOperation;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.ResolvedCall;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the admin operations as the state machine applies them ({@code ManageInvocation}): cancel delivers the
 * cancel signal (index 1) to a running invocation and completes one still waiting in an inbox; kill aborts the
 * attempt, completes with {@code {409, "killed"}} and kills the callee it waits on in another partition through
 * the outbox; pause stops the attempt and resume starts a new one; purge removes only completed invocations.
 */
class InvocationManagementFsmTest {
    private static Command manage(final InvocationKey id, final ManageOperation operation) {
        return Command.newBuilder().setManageInvocation(ManageInvocation.newBuilder()
                .setInvocationId(id.toByteString()).setOperation(operation)).build();
    }

    @Test
    void shouldSendTheCancelSignalToARunningInvocationAndCancelAnInboxedOne() throws Exception {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey running = id(0, 1);
        final InvocationKey inboxed = id(0, 2);
        p.apply(invoke(running, object("Counter", "a", "add", HandlerType.EXCLUSIVE), "1"));
        p.apply(invoke(inboxed, object("Counter", "a", "add", HandlerType.EXCLUSIVE), "2"));
        assertEquals(Phase.INBOXED, p.status(inboxed).phase());

        final Action.SendNotification signal = single(p.apply(manage(running, ManageOperation.MANAGE_CANCEL)),
                Action.SendNotification.class);
        assertEquals(EntryTypes.SIGNAL, signal.notification().getType());
        final NotificationTemplate n = NotificationTemplate.parseFrom(signal.notification().getPayload());
        assertEquals(1, n.getSignalId());
        assertTrue(n.hasVoid());
        assertEquals(Phase.INVOKED, p.status(running).phase(), "the SDK decides how the handler ends");

        final List<Action> cancelled = p.apply(manage(inboxed, ManageOperation.MANAGE_CANCEL));
        final Action.InvocationCompleted done = single(cancelled, Action.InvocationCompleted.class);
        assertEquals(409, done.result().failure().getCode());
        assertEquals("Cancelled", done.result().failure().getMessage());
        assertTrue(only(cancelled, Action.StartAttempt.class).isEmpty(), "a cancelled inboxed call never starts");
        assertNull(p.status(inboxed), "an invocation cancelled before it started is not retained (as 1.7.12)");
    }

    @Test
    void shouldKillAnInvocationAndTheCalleeItWaitsOnInAnotherPartition() {
        final FsmDriver p0 = FsmDriver.withRealIds(0);
        final FsmDriver p1 = FsmDriver.withRealIds(1);
        final InvocationKey caller = id(0, 1);
        final InvocationKey callee = id(1, 2);
        final var target = service("Sleeper", "sleep");
        p0.apply(invoke(caller, service("Caller", "go"), ""));
        final List<Action> called = p0.apply(call(caller, 1, EntryTypes.CALL, CallCommandMessage.newBuilder()
                .setServiceName("Sleeper").setHandlerName("sleep").setParameter(ByteString.copyFromUtf8("1"))
                .setInvocationIdNotificationIdx(1).setResultCompletionId(2).build(), ResolvedCall.newBuilder()
                .setCalleeInvocationId(callee.toByteString()).setTarget(target)
                .setOptions(FsmDriver.options(70, OnMaxAttempts.PAUSE)).build()));
        p1.applyDeduped(single(called, Action.ShuffleOutbox.class).message().command(), 0, 1);
        assertEquals(Phase.INVOKED, p1.status(callee).phase());

        final List<Action> killed = p0.apply(manage(caller, ManageOperation.MANAGE_KILL));
        assertEquals(new Action.AbortAttempt(caller, 1), single(killed, Action.AbortAttempt.class));
        assertEquals("killed", single(killed, Action.InvocationCompleted.class).result().failure().getMessage());
        final Command toCallee = single(killed, Action.ShuffleOutbox.class).message().command();
        assertEquals(ManageOperation.MANAGE_KILL, toCallee.getManageInvocation().getOperation());

        final List<Action> calleeKilled = p1.applyDeduped(toCallee, 0, 2);
        assertEquals(new Action.AbortAttempt(callee, 1), single(calleeKilled, Action.AbortAttempt.class));
        assertEquals(Phase.COMPLETED, p1.status(callee).phase());
        assertEquals(409, p1.status(callee).result().failure().getCode());
    }

    @Test
    void shouldPauseAndResumeWithANewAttempt() {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        p.apply(invoke(id, service("Greeter", "flaky"), ""));
        final List<Action> paused = p.apply(manage(id, ManageOperation.MANAGE_PAUSE));
        assertEquals(new Action.AbortAttempt(id, 1), single(paused, Action.AbortAttempt.class));
        assertEquals(Phase.PAUSED, p.status(id).phase());
        assertTrue(p.apply(failed(id, 1, AttemptFailed.newBuilder().setCode(500).build())).isEmpty(),
                "effects of the aborted attempt are dropped");
        assertEquals(Phase.PAUSED, p.status(id).phase());

        final Action.StartAttempt resumed = single(p.apply(manage(id, ManageOperation.MANAGE_RESUME)),
                Action.StartAttempt.class);
        assertEquals(2, resumed.attempt());
        assertEquals(Phase.INVOKED, p.status(id).phase());
    }

    @Test
    void shouldResumeAPausedInvocationToRunItsCancellation() throws Exception {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        p.apply(invoke(id, service("Greeter", "flaky"), ""));
        p.apply(manage(id, ManageOperation.MANAGE_PAUSE));
        final Action.StartAttempt resumed = single(p.apply(manage(id, ManageOperation.MANAGE_CANCEL)),
                Action.StartAttempt.class);
        final var last = resumed.journal().get(resumed.journal().size() - 1);
        assertEquals(EntryTypes.SIGNAL, last.getType(), "the new attempt replays the cancel signal");
        assertEquals(1, NotificationTemplate.parseFrom(last.getPayload()).getSignalId());
    }

    @Test
    void shouldLeaveASuspendedInvocationOnPauseAndStartItOnResume() {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        p.apply(invoke(id, service("Greeter", "sleepy"), ""));
        p.apply(FsmDriver.suspended(id, 1, io.jrestate.worker.internal.wal.Suspended.newBuilder()
                .addWaitingCompletions(1).build()));
        assertTrue(p.apply(manage(id, ManageOperation.MANAGE_PAUSE)).isEmpty());
        assertEquals(Phase.SUSPENDED, p.status(id).phase());
        assertEquals(2, single(p.apply(manage(id, ManageOperation.MANAGE_RESUME)), Action.StartAttempt.class)
                .attempt());
    }

    @Test
    void shouldPurgeOnlyCompletedInvocations() {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        p.apply(invoke(id, service("Greeter", "greet"), ""));
        p.apply(manage(id, ManageOperation.MANAGE_PURGE));
        assertEquals(Phase.INVOKED, p.status(id).phase(), "a running invocation is not purged");
        p.apply(PartitionFsmTest.output(id, 1, "\"hi\""));
        p.apply(FsmDriver.ended(id, 1));
        p.apply(manage(id, ManageOperation.MANAGE_PURGE));
        assertNull(p.status(id));
    }

    @Test
    void shouldPurgeTheJournalOfACompletedRetainedInvocationAndKeepItsResult() {
        final FsmDriver p = new FsmDriver(0);
        final InvocationKey id = id(0, 1);
        final InvocationOptions retained = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder()
                .setJournalRetentionMs(3_600_000L).build();
        p.apply(invoke(id, service("Greeter", "greet"), retained, "\"in\""));
        p.apply(manage(id, ManageOperation.MANAGE_PURGE_JOURNAL));
        assertEquals(Phase.INVOKED, p.status(id).phase(), "a running invocation keeps its journal");
        assertEquals(1, p.status(id).journal().size());
        p.apply(PartitionFsmTest.output(id, 1, "\"hi\""));
        p.apply(FsmDriver.ended(id, 1));
        assertEquals(2, p.status(id).journal().size(), "the retained row keeps the journal (input and output)");
        final long retainedBefore = p.fsm.state().retained().size();
        p.apply(manage(id, ManageOperation.MANAGE_PURGE_JOURNAL));
        final InvocationStatus purged = p.status(id);
        assertEquals(Phase.COMPLETED, purged.phase());
        assertEquals(0, purged.journal().size());
        assertEquals("\"hi\"", purged.result().value().toStringUtf8());
        assertEquals(retainedBefore, p.fsm.state().retained().size(), "the row is replaced, not added");
        p.apply(manage(id, ManageOperation.MANAGE_PURGE_JOURNAL));
        assertEquals("\"hi\"", p.status(id).result().value().toStringUtf8(), "a second purge-journal is harmless");
    }
}
