package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.object;
import static io.jrestate.worker.internal.fsm.FsmDriver.only;
import static io.jrestate.worker.internal.fsm.FsmDriver.service;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.GetLazyStateCommandMessage;
import io.jrestate.service.protocol.pb.GetLazyStateKeysCommandMessage;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.OutputCommandMessage;
import io.jrestate.service.protocol.pb.SetStateCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Drives the partition state machine record by record and checks the actions and tables it produces for
 * services and virtual objects: start, output, end, locks and inboxes, eager and lazy state, and the rules
 * for records it must not apply (stale attempts, duplicates, LSNs out of order).
 */
class PartitionFsmTest {
    private final FsmDriver driver = new FsmDriver(0);

    static Command output(final InvocationKey id, final int attempt, final String value) {
        return entry(id, attempt, EntryTypes.OUTPUT, OutputCommandMessage.newBuilder()
                .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(value))).build());
    }

    static Command setState(final InvocationKey id, final int attempt, final String key, final String value) {
        return entry(id, attempt, EntryTypes.SET_STATE, SetStateCommandMessage.newBuilder()
                .setKey(ByteString.copyFromUtf8(key))
                .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(value))).build());
    }

    @Test
    void shouldStartServiceInvocationWithInputAsFirstEntry() throws Exception {
        final InvocationKey id = id(0, 1);
        final Action.StartAttempt start = single(driver.apply(invoke(id, service("Greeter", "greet"), "\"Bob\"")),
                Action.StartAttempt.class);
        assertEquals(1, start.attempt());
        assertEquals(1, start.journal().size());
        assertEquals(EntryTypes.INPUT, start.journal().get(0).getType());
        assertEquals("\"Bob\"", InputCommandMessage.parseFrom(start.journal().get(0).getPayload()).getValue()
                .getContent().toStringUtf8());
        assertNull(start.eagerState(), "services get partial state");
        assertEquals(Phase.INVOKED, driver.status(id).phase());
    }

    @Test
    void shouldCompleteWithOutputOnEnd() {
        final InvocationKey id = id(0, 1);
        driver.apply(invoke(id, service("Greeter", "greet"), "\"Bob\""));
        assertTrue(driver.apply(output(id, 1, "\"Hello Bob\"")).isEmpty());
        final Action.InvocationCompleted done = single(driver.apply(ended(id, 1)), Action.InvocationCompleted.class);
        assertEquals("\"Hello Bob\"", done.result().value().toStringUtf8());
        assertEquals(Phase.COMPLETED, driver.status(id).phase());
        assertEquals(driver.nowMs, driver.status(id).completedAtMs());
    }

    @Test
    void shouldRemoveACompletedInvocationWhenItsRetentionEnds() {
        final InvocationKey id = id(0, 1);
        final InvocationOptions retained = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder()
                .setIdempotencyRetentionMs(60_000).setJournalRetentionMs(1_000).build();
        driver.apply(invoke(id, service("Greeter", "greet"), retained, ""));
        final Action.ScheduleTimer cleanup = single(driver.apply(ended(id, 1)), Action.ScheduleTimer.class);
        final long bucketEndMs = RetainedCodec.bucketEndMs(driver.nowMs + 60_000,
                RetainedTable.DEFAULT_BUCKET_WIDTH_MS);
        assertEquals(bucketEndMs, cleanup.timer().fireAtMs(), "expires at the end of its retention bucket");
        assertEquals(Phase.COMPLETED, driver.status(id).phase());
        driver.nowMs = bucketEndMs;
        driver.apply(FsmDriver.timerFired(cleanup.timer()));
        assertNull(driver.status(id), "the row is gone after the retention");
    }

    @Test
    void shouldSerialiseExclusiveHandlersPerKeyThroughTheInbox() {
        final InvocationKey first = id(0, 1);
        final InvocationKey second = id(0, 2);
        final InvocationKey otherKey = id(0, 3);
        driver.apply(invoke(first, object("Counter", "alice", "add", HandlerType.EXCLUSIVE), "1"));
        assertTrue(only(driver.apply(invoke(second, object("Counter", "alice", "add", HandlerType.EXCLUSIVE), "2")),
                Action.StartAttempt.class).isEmpty());
        assertEquals(Phase.INBOXED, driver.status(second).phase());
        single(driver.apply(invoke(otherKey, object("Counter", "bob", "add", HandlerType.EXCLUSIVE), "3")),
                Action.StartAttempt.class);
        driver.apply(output(first, 1, "1"));
        final List<Action> actions = driver.apply(ended(first, 1));
        assertEquals(second, single(actions, Action.StartAttempt.class).id());
        assertEquals(Phase.INVOKED, driver.status(second).phase());
    }

    @Test
    void shouldRunSharedHandlersWhileTheKeyIsLocked() {
        driver.apply(invoke(id(0, 1), object("Counter", "alice", "add", HandlerType.EXCLUSIVE), "1"));
        single(driver.apply(invoke(id(0, 2), object("Counter", "alice", "get", HandlerType.SHARED), "")),
                Action.StartAttempt.class);
        single(driver.apply(invoke(id(0, 3), object("Counter", "alice", "get", HandlerType.SHARED), "")),
                Action.StartAttempt.class);
    }

    @Test
    void shouldPassStateWrittenByOneInvocationEagerlyToTheNext() {
        final InvocationKey first = id(0, 1);
        driver.apply(invoke(first, object("Counter", "alice", "add", HandlerType.EXCLUSIVE), "1"));
        driver.apply(setState(first, 1, "count", "1"));
        driver.apply(ended(first, 1));
        final Action.StartAttempt next = single(driver.apply(invoke(id(0, 2),
                object("Counter", "alice", "add", HandlerType.EXCLUSIVE), "1")), Action.StartAttempt.class);
        assertEquals("1", next.eagerState().get(ByteString.copyFromUtf8("count")).toStringUtf8());
    }

    @Test
    void shouldIgnoreStateWritesFromSharedHandlers() {
        final InvocationKey shared = id(0, 1);
        driver.apply(invoke(shared, object("Counter", "alice", "get", HandlerType.SHARED), ""));
        driver.apply(setState(shared, 1, "count", "9"));
        assertTrue(driver.fsm.state().stateOf(new ObjectKey("Counter", "alice")).isEmpty());
    }

    @Test
    void shouldAnswerLazyStateReadsWithNotifications() throws Exception {
        final InvocationOptions lazy = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder().setLazyState(true)
                .build();
        final InvocationKey writer = id(0, 1);
        driver.apply(invoke(writer, object("Lazy", "k", "set", HandlerType.EXCLUSIVE), lazy, ""));
        driver.apply(setState(writer, 1, "a", "x"));
        driver.apply(setState(writer, 1, "b", "y"));
        driver.apply(ended(writer, 1));
        final InvocationKey reader = id(0, 2);
        final Action.StartAttempt start = single(driver.apply(invoke(reader,
                object("Lazy", "k", "get", HandlerType.SHARED), lazy, "")), Action.StartAttempt.class);
        assertNull(start.eagerState(), "lazy state sends no state map");
        final Action.SendNotification value = single(driver.apply(entry(reader, 1, EntryTypes.GET_LAZY_STATE,
                GetLazyStateCommandMessage.newBuilder().setKey(ByteString.copyFromUtf8("b"))
                        .setResultCompletionId(1).build())), Action.SendNotification.class);
        final NotificationTemplate n = NotificationTemplate.parseFrom(value.notification().getPayload());
        assertEquals(1, n.getCompletionId());
        assertEquals("y", n.getValue().getContent().toStringUtf8());
        final Action.SendNotification missing = single(driver.apply(entry(reader, 1, EntryTypes.GET_LAZY_STATE,
                GetLazyStateCommandMessage.newBuilder().setKey(ByteString.copyFromUtf8("zz"))
                        .setResultCompletionId(2).build())), Action.SendNotification.class);
        assertTrue(NotificationTemplate.parseFrom(missing.notification().getPayload()).hasVoid());
        final Action.SendNotification keys = single(driver.apply(entry(reader, 1, EntryTypes.GET_LAZY_STATE_KEYS,
                GetLazyStateKeysCommandMessage.newBuilder().setResultCompletionId(3).build())),
                Action.SendNotification.class);
        assertEquals(List.of(ByteString.copyFromUtf8("a"), ByteString.copyFromUtf8("b")),
                NotificationTemplate.parseFrom(keys.notification().getPayload()).getStateKeys().getKeysList());
        assertEquals(EntryTypes.GET_LAZY_STATE_KEYS_COMPLETION, keys.notification().getType());
    }

    @Test
    void shouldAnswerLazyReadsOfAnObjectWithoutStateWithVoidAndNoKeys() throws Exception {
        final InvocationOptions lazy = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder().setLazyState(true)
                .build();
        final InvocationKey reader = id(0, 1);
        driver.apply(invoke(reader, object("Lazy", "empty", "add", HandlerType.EXCLUSIVE), lazy, ""));
        final Action.SendNotification value = single(driver.apply(entry(reader, 1, EntryTypes.GET_LAZY_STATE,
                GetLazyStateCommandMessage.newBuilder().setKey(ByteString.copyFromUtf8("count"))
                        .setResultCompletionId(1).build())), Action.SendNotification.class);
        assertTrue(NotificationTemplate.parseFrom(value.notification().getPayload()).hasVoid());
        final Action.SendNotification keys = single(driver.apply(entry(reader, 1, EntryTypes.GET_LAZY_STATE_KEYS,
                GetLazyStateKeysCommandMessage.newBuilder().setResultCompletionId(2).build())),
                Action.SendNotification.class);
        assertEquals(0, NotificationTemplate.parseFrom(keys.notification().getPayload()).getStateKeys()
                .getKeysCount());
    }

    @Test
    void shouldDropEffectsOfAnAttemptThatIsNotCurrent() {
        final InvocationKey id = id(0, 1);
        driver.apply(invoke(id, service("Greeter", "greet"), ""));
        driver.apply(output(id, 7, "stale"));
        driver.apply(ended(id, 7));
        assertEquals(Phase.INVOKED, driver.status(id).phase());
        assertEquals(1, driver.status(id).journal().size());
    }

    @Test
    void shouldSkipDuplicateDeliveriesFromTheSameProducer() {
        final InvocationKey id = id(0, 1);
        final Command invoke = invoke(id, service("Greeter", "greet"), "");
        assertEquals(1, driver.applyDeduped(invoke, 3, 5).size());
        assertTrue(driver.applyDeduped(invoke, 3, 5).isEmpty());
        assertTrue(driver.applyDeduped(invoke, 3, 4).isEmpty());
        assertEquals(3, driver.fsm.state().appliedLsn());
    }

    @Test
    void shouldRejectRecordsOutOfLsnOrder() {
        driver.apply(invoke(id(0, 1), service("Greeter", "greet"), ""));
        assertThrows(IllegalArgumentException.class, () -> driver.fsm.apply(1,
                io.jrestate.worker.internal.wal.Envelope.newBuilder().setCommand(invoke(id(0, 2),
                        service("Greeter", "greet"), "")).build(), a -> { }));
    }

    @Test
    void shouldAnswerASecondInvokeOfACompletedIdWithTheStoredResult() {
        final InvocationKey id = id(0, 1);
        driver.apply(invoke(id, service("Greeter", "greet"), ""));
        driver.apply(output(id, 1, "\"once\""));
        driver.apply(ended(id, 1));
        final List<Action> again = driver.apply(invoke(id, service("Greeter", "greet"), ""));
        assertEquals("\"once\"", single(again, Action.InvocationCompleted.class).result().value().toStringUtf8());
        assertTrue(only(again, Action.StartAttempt.class).isEmpty());
    }

    @Test
    void shouldRestartRunningAttemptsAndRearmTimersWhenALeaderIsAnnounced() {
        final InvocationKey running = id(0, 1);
        driver.apply(invoke(running, service("Greeter", "greet"), ""));
        final InvocationKey failing = id(0, 2);
        driver.apply(invoke(failing, service("Greeter", "greet"), ""));
        driver.apply(FsmDriver.failed(failing, 1, io.jrestate.worker.internal.wal.AttemptFailed.newBuilder()
                .setCode(500).setMessage("boom").build()));
        final List<Action> actions = driver.apply(FsmDriver.announce(2));
        final Action.StartAttempt restart = single(actions, Action.StartAttempt.class);
        assertEquals(running, restart.id());
        assertEquals(2, restart.attempt());
        assertEquals(failing, single(actions, Action.ScheduleTimer.class).timer().invocation());
        assertTrue(driver.apply(FsmDriver.announce(1)).isEmpty(), "an older epoch is ignored");
    }
}
