package io.jrestate.worker.internal.fsm;

import static io.jrestate.worker.internal.fsm.FsmDriver.ended;
import static io.jrestate.worker.internal.fsm.FsmDriver.id;
import static io.jrestate.worker.internal.fsm.FsmDriver.invoke;
import static io.jrestate.worker.internal.fsm.FsmDriver.only;
import static io.jrestate.worker.internal.fsm.FsmDriver.service;
import static io.jrestate.worker.internal.fsm.FsmDriver.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.jrestate.worker.internal.retained.DiskRetainedStore;
import io.jrestate.worker.internal.wal.InvocationOptions;
import io.jrestate.worker.internal.wal.OnMaxAttempts;
import io.jrestate.worker.internal.wal.TimerKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention through the state machine with the on-disk store: completed invocations leave the live table, are
 * answered from disk with their exact bytes, join re-submissions, expire by bucket through the log (rows and
 * files), and a replay of the log into an empty store rebuilds the same rows.
 */
class RetentionFsmTest {
    private static final long BUCKET_MS = 60_000;
    private static final InvocationOptions RETAINED = FsmDriver.options(70, OnMaxAttempts.PAUSE).toBuilder()
            .setIdempotencyRetentionMs(90_000).setJournalRetentionMs(1_000).build();

    private static void runToCompletion(final FsmDriver driver, final int n) {
        driver.apply(invoke(id(0, n), service("Greeter", "greet"), RETAINED, "\"in-" + n + "\""));
        driver.apply(PartitionFsmTest.output(id(0, n), 1, "\"out-" + n + "\""));
        driver.apply(ended(id(0, n), 1));
    }

    private static long segmentFiles(final Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void shouldAnswerFromDiskJoinResubmissionsAndExpireByBucket(@TempDir final Path dir) throws Exception {
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            final FsmDriver driver = new FsmDriver(0, new InMemoryPartitionState(store));
            driver.nowMs = 100 * BUCKET_MS;
            for (int n = 1; n <= 40; n++) {
                runToCompletion(driver, n);
                driver.nowMs += BUCKET_MS / 40;
            }
            assertFalse(driver.fsm.state().invocations().iterator().hasNext(), "no completed row in the heap");
            assertEquals(40, store.size());
            assertEquals(40, driver.fsm.state().invocationCount());
            final List<Action.ScheduleTimer> timers = only(driver.actions, Action.ScheduleTimer.class);
            assertEquals(List.of(TimerKind.TIMER_RETENTION_EXPIRY, TimerKind.TIMER_RETENTION_EXPIRY),
                    timers.stream().map(t -> t.timer().kind()).toList(), "one expiry timer per bucket");
            assertEquals(2, segmentFiles(dir));
            for (int n = 1; n <= 40; n++) {
                final InvocationStatus row = driver.status(id(0, n));
                assertEquals(Phase.COMPLETED, row.phase());
                assertEquals("\"out-" + n + "\"", row.result().value().toStringUtf8());
            }
            final Action.InvocationCompleted joined = single(driver.apply(invoke(id(0, 7), service("Greeter",
                    "greet"), RETAINED, "\"again\"")), Action.InvocationCompleted.class);
            assertEquals(driver.status(id(0, 7)).result(), joined.result(), "a re-submission gets the same result");

            final Timer first = timers.get(0).timer();
            driver.nowMs = first.fireAtMs();
            driver.apply(FsmDriver.timerFired(first));
            final long left = store.size();
            assertEquals(1, segmentFiles(dir), "the expired bucket's file is gone");
            for (int n = 1; n <= 40; n++) {
                final boolean expired = driver.status(id(0, n)) == null;
                assertEquals(expired, n <= 40 - left, "rows of the first bucket expire, the rest stay: row " + n);
            }
            single(driver.apply(invoke(id(0, 1), service("Greeter", "greet"), RETAINED, "\"new\"")),
                    Action.StartAttempt.class);
        }
    }

    @Test
    void shouldRebuildTheSameRowsWhenTheLogIsReplayedAfterARestart(@TempDir final Path dir) throws Exception {
        final FsmDriver before;
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            before = new FsmDriver(0, new InMemoryPartitionState(store));
            for (int n = 1; n <= 30; n++) {
                runToCompletion(before, n);
            }
            before.fsm.state().removeInvocation(id(0, 5));
        }
        try (DiskRetainedStore store = DiskRetainedStore.openEmpty(dir, BUCKET_MS)) {
            final FsmDriver after = new FsmDriver(0, new InMemoryPartitionState(store));
            for (final var record : before.records) {
                after.apply(record);
            }
            assertEquals(30, store.size(), "the log has no purge of row 5: replay keeps it");
            for (int n = 1; n <= 30; n++) {
                assertEquals("\"out-" + n + "\"", after.status(id(0, n)).result().value().toStringUtf8());
            }
            assertEquals(before.fsm.state().timers(), after.fsm.state().timers());
            assertNull(after.status(id(0, 31)));
        }
    }
}
