package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.entry;
import static io.jrestate.worker.internal.fsm.FsmDriver.failed;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.object;
import static io.jrestate.worker.internal.fsm.FsmDriver.suspended;
import static io.jrestate.worker.internal.fsm.FsmDriver.timerFired;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.output;
import static io.jrestate.worker.internal.fsm.PartitionFsmTest.setState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.GetEagerStateCommandMessage;
import io.jrestate.service.protocol.pb.SleepCommandMessage;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.Suspended;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs a seeded random workload of counter increments on a few virtual-object keys through the state machine,
 * with a simulated SDK that reads eager state (journaling the read, as real SDKs do), writes the incremented
 * count, sleeps, suspends and fails at
 * random. Checks that (1) exclusive handlers never overlap on a key, (2) every completed increment is counted
 * exactly once in the final state, and (3) replaying the same records into a fresh state machine yields the
 * same actions and the same tables. Prints the seed; replay with {@code -Dseed=N}.
 */
class FsmDeterminismTest {
    private static final String[] KEYS = {"a", "b", "c"};

    /** An attempt the simulated SDK is running: what it read from the eager state. */
    private record Open(InvocationKey id, int attempt, String key, long readCount, int step) {
    }

    @Test
    void shouldCountEveryCompletedIncrementOnceAndReplayIdentically() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("FsmDeterminismTest seed=" + seed);
        final SplittableRandom random = new SplittableRandom(seed);
        final FsmDriver driver = new FsmDriver(0);
        final Map<InvocationKey, Open> open = new HashMap<>();
        final Map<String, Long> completedPerKey = new HashMap<>();
        int next = 1;
        for (int step = 0; step < 3_000; step++) {
            driver.nowMs += random.nextInt(50);
            final int choice = random.nextInt(10);
            final List<Action> actions;
            if (choice < 3 || open.isEmpty() && driver.fsm.state().timers().isEmpty()) {
                final String key = KEYS[random.nextInt(KEYS.length)];
                actions = driver.apply(invoke(id(0, next++), object("Counter", key, "add", HandlerType.EXCLUSIVE),
                        "1"));
            } else if (choice < 5 && !driver.fsm.state().timers().isEmpty()) {
                final Timer timer = driver.fsm.state().timers().first();
                driver.nowMs = Math.max(driver.nowMs, timer.fireAtMs());
                actions = driver.apply(timerFired(timer));
            } else if (!open.isEmpty()) {
                final List<Open> list = new ArrayList<>(open.values());
                list.sort((x, y) -> x.id().compareTo(y.id()));
                actions = stepAttempt(driver, random, list.get(random.nextInt(list.size())), open, completedPerKey);
            } else {
                continue;
            }
            track(driver, actions, open);
            assertLocksHeldByRunningInvocations(driver);
        }
        for (final String key : KEYS) {
            final ByteString count = driver.fsm.state().stateOf(new ObjectKey("Counter", key))
                    .get(ByteString.copyFromUtf8("count"));
            final long expected = completedPerKey.getOrDefault(key, 0L) + writtenButRunning(driver, key);
            assertEquals(expected, count == null ? 0 : Long.parseLong(count.toStringUtf8()), "seed " + seed);
        }
        final FsmDriver replay = new FsmDriver(0);
        replay.nowMs = 0;
        for (final io.jrestate.worker.internal.wal.Envelope record : driver.records) {
            replay.apply(record);
        }
        assertEquals(driver.actions, replay.actions, "seed " + seed);
        assertEquals(driver.fsm.state().timers(), replay.fsm.state().timers());
        assertEquals(driver.fsm.state().invocationCount(), replay.fsm.state().invocationCount());
    }

    private static List<Action> stepAttempt(final FsmDriver driver, final SplittableRandom random, final Open at,
            final Map<InvocationKey, Open> open, final Map<String, Long> completed) {
        final int choice = random.nextInt(10);
        if (choice == 0) {
            open.remove(at.id());
            return driver.apply(failed(at.id(), at.attempt(), AttemptFailed.newBuilder().setCode(500).build()));
        }
        if (choice == 1 && at.step() == 0 && at.readCount() >= 0) {
            open.remove(at.id());
            final List<Action> actions = new ArrayList<>(driver.apply(entry(at.id(), at.attempt(), EntryTypes.SLEEP,
                    SleepCommandMessage.newBuilder().setWakeUpTime(driver.nowMs + 100).setResultCompletionId(1)
                            .build())));
            actions.addAll(driver.apply(suspended(at.id(), at.attempt(), Suspended.newBuilder()
                    .addWaitingCompletions(1).build())));
            return actions;
        }
        if (at.step() == 0) {
            open.put(at.id(), new Open(at.id(), at.attempt(), at.key(), at.readCount(), 1));
            return driver.apply(entry(at.id(), at.attempt(), EntryTypes.GET_EAGER_STATE,
                    GetEagerStateCommandMessage.newBuilder().setKey(ByteString.copyFromUtf8("count"))
                            .setValue(Value.newBuilder().setContent(ByteString.copyFromUtf8(
                                    Long.toString(at.readCount())))).build()));
        }
        if (at.step() == 1) {
            open.put(at.id(), new Open(at.id(), at.attempt(), at.key(), at.readCount(), 2));
            return driver.apply(setState(at.id(), at.attempt(), "count", Long.toString(at.readCount() + 1)));
        }
        open.remove(at.id());
        driver.apply(output(at.id(), at.attempt(), Long.toString(at.readCount() + 1)));
        completed.merge(at.key(), 1L, Long::sum);
        return driver.apply(ended(at.id(), at.attempt()));
    }

    private static void track(final FsmDriver driver, final List<Action> actions, final Map<InvocationKey, Open> open) {
        for (final Action action : actions) {
            if (action instanceof Action.StartAttempt start) {
                open.put(start.id(), replayed(start));
            }
        }
    }

    /** Increments journaled by invocations that have not completed yet: their write is already applied. */
    private static long writtenButRunning(final FsmDriver driver, final String key) {
        long n = 0;
        for (final InvocationStatus status : driver.fsm.state().invocations()) {
            if (status.phase() != Phase.COMPLETED && status.target().getKey().equals(key)
                    && status.journal().stream().anyMatch(e -> e.getType() == EntryTypes.SET_STATE)) {
                n++;
            }
        }
        return n;
    }

    /** What a real SDK knows after replaying the journal: a journaled read wins over the eager state. */
    private static Open replayed(final Action.StartAttempt start) {
        final ByteString eager = start.eagerState().get(ByteString.copyFromUtf8("count"));
        long read = eager == null ? 0 : Long.parseLong(eager.toStringUtf8());
        int step = 0;
        for (final io.jrestate.worker.internal.wal.JournalEntry e : start.journal()) {
            try {
                if (e.getType() == EntryTypes.GET_EAGER_STATE) {
                    read = Long.parseLong(GetEagerStateCommandMessage.parseFrom(e.getPayload()).getValue()
                            .getContent().toStringUtf8());
                    step = 1;
                } else if (e.getType() == EntryTypes.SET_STATE) {
                    step = 2;
                }
            } catch (final com.google.protobuf.InvalidProtocolBufferException ex) {
                throw new AssertionError(ex);
            }
        }
        return new Open(start.id(), start.attempt(), start.target().getKey(), read, step);
    }

    private static void assertLocksHeldByRunningInvocations(final FsmDriver driver) {
        for (final String key : KEYS) {
            final InvocationKey holder = driver.fsm.state().lockHolder(new ObjectKey("Counter", key));
            if (holder != null) {
                assertTrue(driver.status(holder).phase() != Phase.COMPLETED
                        && driver.status(holder).phase() != Phase.INBOXED, "lock of " + key + " held by " + holder);
            }
        }
    }
}
