package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.failed;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.suspended;
import static io.jrestate.worker.internal.fsm.FsmDriver.timerFired;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.output;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.CompletePromiseCommandMessage;
import io.jrestate.service.protocol.pb.GetPromiseCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.PeekPromiseCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import io.jrestate.worker.internal.wal.ManageInvocation;
import io.jrestate.worker.internal.wal.ManageOperation;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.ServiceType;
import io.jrestate.worker.internal.wal.Suspended;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runs a seeded random workload of workflows through the state machine: runs that wait on a durable promise,
 * shared handlers that resolve or peek it, duplicate run submissions, attempt failures, completion retention
 * cleanups, and random admin operations (cancel, kill, pause, resume, purge) on any invocation. A simulated SDK
 * answers from the journal the state machine holds. Checks that (1) a promise keeps its first value, (2) every
 * successfully completed run answered with the value of its key's promise, and (3) replaying the records into a
 * fresh state machine gives the same actions and tables. Prints the seed; replay with {@code -Dseed=N}.
 */
class WorkflowDeterminismTest {
    private static final String[] KEYS = {"w1", "w2", "w3"};
    private static final ManageOperation[] OPERATIONS = {ManageOperation.MANAGE_CANCEL,
        ManageOperation.MANAGE_KILL, ManageOperation.MANAGE_PURGE, ManageOperation.MANAGE_PAUSE,
        ManageOperation.MANAGE_RESUME};

    @Test
    void shouldKeepPromisesAndRunResultsConsistentAndReplayIdentically() throws Exception {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("WorkflowDeterminismTest seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final FsmDriver driver = new FsmDriver(0);
        final Map<InvocationKey, Integer> open = new TreeMap<>();
        final Map<String, ByteString> firstValues = new HashMap<>();
        final List<InvocationKey> known = new ArrayList<>();
        int next = 100;
        for (int step = 0; step < 3_000; step++) {
            driver.nowMs += random.nextInt(40);
            final int choice = random.nextInt(12);
            final List<Action> actions;
            if (choice < 3) {
                final int k = random.nextInt(KEYS.length);
                final String handler = switch (random.nextInt(3)) {
                    case 0 -> "run";
                    case 1 -> "approve";
                    default -> "peek";
                };
                final InvocationKey id = handler.equals("run") ? id(0, k + 1) : id(0, next++);
                known.add(id);
                actions = driver.apply(invoke(id, KEYS[k], handler));
            } else if (choice == 3 && !driver.fsm.state().timers().isEmpty()) {
                final Timer timer = driver.fsm.state().timers().first();
                driver.nowMs = Math.max(driver.nowMs, timer.fireAtMs());
                actions = driver.apply(timerFired(timer));
            } else if (choice == 4 && !known.isEmpty()) {
                actions = driver.apply(Command.newBuilder().setManageInvocation(ManageInvocation.newBuilder()
                        .setInvocationId(known.get(random.nextInt(known.size())).toByteString())
                        .setOperation(OPERATIONS[random.nextInt(OPERATIONS.length)])).build());
            } else if (!open.isEmpty()) {
                final List<InvocationKey> ids = new ArrayList<>(open.keySet());
                final InvocationKey id = ids.get(random.nextInt(ids.size()));
                actions = stepAttempt(driver, random, id, open.remove(id));
            } else {
                continue;
            }
            track(actions, open);
            checkPromisesKeepTheirFirstValue(driver, firstValues, seed);
        }
        checkRunResults(driver, seed);
        final long runsAnswered = driver.actions.stream().filter(a -> a instanceof Action.InvocationCompleted done
                && done.id().uuidLow() <= KEYS.length && done.result().isSuccess()).count();
        final long killed = driver.actions.stream().filter(a -> a instanceof Action.InvocationCompleted done
                && !done.result().isSuccess()).count();
        System.out.println("WorkflowDeterminismTest runs answered=" + runsAnswered + " failed/killed=" + killed);
        assertTrue(runsAnswered > 0 && killed > 0, "the workload exercised runs and kills, seed " + seed);
        final FsmDriver replay = new FsmDriver(0);
        for (final io.jrestate.worker.internal.wal.Envelope record : driver.records) {
            replay.apply(record);
        }
        assertEquals(driver.actions, replay.actions, "seed " + seed);
        assertEquals(driver.fsm.state().timers(), replay.fsm.state().timers(), "seed " + seed);
        assertEquals(driver.fsm.state().promises(), replay.fsm.state().promises(), "seed " + seed);
        assertEquals(driver.fsm.state().invocationCount(), replay.fsm.state().invocationCount(), "seed " + seed);
    }

    private static Command invoke(final InvocationKey id, final String key, final String handler) {
        final InvocationTarget target = InvocationTarget.newBuilder().setService("Wf").setKey(key)
                .setHandler(handler).setServiceType(ServiceType.WORKFLOW)
                .setHandlerType(handler.equals("run") ? HandlerType.WORKFLOW_RUN : HandlerType.SHARED).build();
        final InvocationOptions options = FsmDriver.options(3, OnMaxAttempts.PAUSE).toBuilder()
                .setCompletionRetentionMs(500).build();
        return FsmDriver.invoke(id, target, options, "");
    }

    /** One step of the simulated SDK for the invocation's current attempt. */
    private static List<Action> stepAttempt(final FsmDriver driver, final SplittableRandom random,
            final InvocationKey id, final int attempt) throws Exception {
        final InvocationStatus status = driver.status(id);
        if (random.nextInt(8) == 0) {
            return driver.apply(failed(id, attempt, AttemptFailed.newBuilder().setCode(500).build()));
        }
        final String handler = status.target().getHandler();
        final JournalEntry command = lastOfType(status, handler.equals("run") ? EntryTypes.GET_PROMISE
                : handler.equals("approve") ? EntryTypes.COMPLETE_PROMISE : EntryTypes.PEEK_PROMISE);
        if (command == null) {
            return driver.apply(switch (handler) {
                case "run" -> entry(id, attempt, EntryTypes.GET_PROMISE, GetPromiseCommandMessage.newBuilder()
                        .setKey("p").setResultCompletionId(1).build());
                case "approve" -> entry(id, attempt, EntryTypes.COMPLETE_PROMISE, CompletePromiseCommandMessage
                        .newBuilder().setKey("p").setResultCompletionId(1).setCompletionValue(Value.newBuilder()
                                .setContent(ByteString.copyFromUtf8("v" + id.uuidLow()))).build());
                default -> entry(id, attempt, EntryTypes.PEEK_PROMISE, PeekPromiseCommandMessage.newBuilder()
                        .setKey("p").setResultCompletionId(1).build());
            });
        }
        final JournalEntry result = lastOfType(status, EntryTypes.GET_PROMISE_COMPLETION);
        if (handler.equals("run") && result == null) {
            return driver.apply(suspended(id, attempt, Suspended.newBuilder().addWaitingCompletions(1).build()));
        }
        final String out = result == null ? "done"
                : "got " + NotificationTemplate.parseFrom(result.getPayload()).getValue().getContent().toStringUtf8();
        final List<Action> actions = new ArrayList<>(driver.apply(output(id, attempt, out)));
        actions.addAll(driver.apply(ended(id, attempt)));
        return actions;
    }

    private static JournalEntry lastOfType(final InvocationStatus status, final int type) {
        JournalEntry found = null;
        for (final JournalEntry e : status.journal()) {
            if (e.getType() == type) {
                found = e;
            }
        }
        return found;
    }

    private static void track(final List<Action> actions, final Map<InvocationKey, Integer> open) {
        for (final Action action : actions) {
            if (action instanceof Action.StartAttempt start) {
                open.put(start.id(), start.attempt());
            } else if (action instanceof Action.AbortAttempt abort) {
                open.remove(abort.id());
            } else if (action instanceof Action.InvocationCompleted done) {
                open.remove(done.id());
            }
        }
    }

    private static void checkPromisesKeepTheirFirstValue(final FsmDriver driver, final Map<String, ByteString> first,
            final long seed) {
        for (final String key : KEYS) {
            final DurablePromise promise = driver.fsm.state().promise(new ObjectKey("Wf", key), "p");
            final InvocationStatus run = driver.status(id(0, java.util.Arrays.asList(KEYS).indexOf(key) + 1));
            if (run == null) {
                first.remove(key); // cleaned up or purged: the key starts over
            }
            if (promise != null && promise.isCompleted()) {
                final ByteString value = first.computeIfAbsent(key, k -> promise.result().value());
                assertEquals(value, promise.result().value(), "promise of " + key + " changed, seed " + seed);
            }
        }
    }

    private static void checkRunResults(final FsmDriver driver, final long seed) {
        for (int k = 0; k < KEYS.length; k++) {
            final InvocationStatus run = driver.status(id(0, k + 1));
            if (run != null && run.phase() == Phase.COMPLETED && run.result().isSuccess()) {
                final DurablePromise promise = driver.fsm.state().promise(new ObjectKey("Wf", KEYS[k]), "p");
                assertEquals("got " + promise.result().value().toStringUtf8(), run.result().value().toStringUtf8(),
                        "run of " + KEYS[k] + ", seed " + seed);
            }
        }
    }
}
