package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import io.jrestate.log.segments.testing.FaultyStorageIo.CrashMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static io.jrestate.log.segments.Fixtures.await;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Model-based test: random sequences of append, commit, read, trim, truncate, clean reopen, failed fsync and
 * power loss (now, or at the n-th next fsync, keeping none, some or all unsynced pages) run against the store and
 * against a per-log list model. After every recovery each log must hold exactly its acknowledged records followed
 * by a prefix (possibly empty) of the records that were in flight; reads must always match the model.
 *
 * <p>Seeded: jqwik reports the failing seed, and {@code -Dseed=N} replays one run through {@link #replay()}.
 */
@Tag("property")
class LogStoreModelProperties {
    private static final int STEPS = 150;
    private static final long[] LOGS = {1, 2, 3};

    @Property(tries = 40)
    void storeBehavesLikeListsAcrossCrashes(@ForAll final long seed) throws IOException {
        new Run(seed).execute();
    }

    @Test
    void replay() throws IOException {
        final Long seed = Long.getLong("seed");
        Assumptions.assumeTrue(seed != null, "set -Dseed=N to replay one run");
        new Run(seed).execute();
    }

    /** One random run. */
    private static final class Run {
        private final long seed;
        private final SplittableRandom random;
        private final FaultyStorageIo io;
        private final Map<Long, List<Fixtures.Entry>> model = new HashMap<>();
        private final Map<Long, Long> lastLsn = new HashMap<>();
        private final List<Pending> pending = new ArrayList<>();
        private final List<String> trace = new ArrayList<>();
        private LogStore store;
        private int counter;

        private record Pending(long logId, String text, CompletableFuture<Long> future) {
        }

        Run(final long seed) {
            this.seed = seed;
            this.random = new SplittableRandom(seed);
            this.io = new FaultyStorageIo(random.split());
            for (long id : LOGS) {
                model.put(id, new ArrayList<>());
                lastLsn.put(id, 0L);
            }
        }

        void execute() throws IOException {
            try {
                store = Fixtures.open(io, random.nextLong());
                for (int step = 0; step < STEPS; step++) {
                    step(random.nextInt(100));
                }
                commit();
                reopen(null, 0);
            } catch (AssertionError | RuntimeException e) {
                final List<String> recent = trace.subList(Math.max(0, trace.size() - 40), trace.size());
                throw new AssertionError("model run failed; replay with -Dseed=" + seed + ": " + e.getMessage()
                    + "; last steps " + recent, e);
            } finally {
                store.close();
            }
        }

        private void step(final int dice) throws IOException {
            final long log = LOGS[random.nextInt(LOGS.length)];
            trace.add(dice + "/" + log + "/" + model.get(2L).size() + "/" + lastLsn.get(2L));
            if (dice < 40) {
                final String t = "L" + log + "-" + (++counter) + "-" + "z".repeat(random.nextInt(1500));
                pending.add(new Pending(log, t, store.log(log).append(text(t))));
            } else if (dice < 62) {
                commit();
            } else if (dice < 72) {
                checkRead(log);
            } else if (dice < 77) {
                commit();
                trim(log);
            } else if (dice < 82) {
                commit();
                truncate(log);
            } else if (dice < 86) {
                commit();
                reopen(null, 0);
            } else if (dice < 90) {
                io.failNextForce();
                store.doWork();
                io.cancelForceFailures();
                reopen(CrashMode.values()[random.nextInt(3)], 0);
            } else if (dice < 95) {
                reopen(CrashMode.values()[random.nextInt(3)], 1 + random.nextInt(3));
            } else {
                reopen(CrashMode.values()[random.nextInt(3)], 0);
            }
        }

        private void commit() {
            store.doWork();
            for (Pending p : pending) {
                assertTrue(p.future().isDone(), "INVOKER commit must finish every queued append");
                final long lsn = p.future().join();
                assertEquals(lastLsn.get(p.logId()) + 1, lsn, "LSNs are dense in call order");
                lastLsn.put(p.logId(), lsn);
                model.get(p.logId()).add(new Fixtures.Entry(lsn, p.text()));
            }
            pending.clear();
        }

        private void checkRead(final long log) {
            final List<Fixtures.Entry> expected = model.get(log);
            final int skip = expected.isEmpty() ? 0 : random.nextInt(expected.size());
            final long from = expected.isEmpty() ? store.log(log).firstLsn() : expected.get(skip).lsn();
            assertEquals(expected.subList(skip, expected.size()), Fixtures.readAll(store.log(log), from));
        }

        private void trim(final long log) {
            final List<Fixtures.Entry> entries = model.get(log);
            final long point = store.log(log).firstLsn() - 1 + random.nextInt(entries.size() + 2);
            await(store, store.log(log).trimPrefix(point));
            entries.removeIf(e -> e.lsn() <= point);
            assertEquals(Math.max(store.log(log).firstLsn() - 1, 0), Math.min(point, lastLsn.get(log)));
        }

        private void truncate(final long log) {
            final long first = store.log(log).firstLsn();
            final long after = first - 1 + random.nextInt((int) (lastLsn.get(log) - first + 2));
            await(store, store.log(log).truncateAfter(after));
            model.get(log).removeIf(e -> e.lsn() > after);
            lastLsn.put(log, Math.min(lastLsn.get(log), after));
        }

        /** Closes (after a crash when {@code mode} is set) and recovers, checking the prefix rule. */
        private void reopen(final CrashMode mode, final int crashAtForce) throws IOException {
            trace.add("reopen " + mode + " at force " + crashAtForce);
            if (mode != null && crashAtForce > 0) {
                io.crashAtForce(crashAtForce, mode);
                store.doWork();
                io.cancelCrashAtForce();
            }
            for (Pending p : pending) {
                if (p.future().isDone() && !p.future().isCompletedExceptionally()) {
                    final long lsn = p.future().join();
                    lastLsn.put(p.logId(), lsn);
                    model.get(p.logId()).add(new Fixtures.Entry(lsn, p.text()));
                }
            }
            if (mode != null && crashAtForce == 0) {
                io.crash(mode);
            }
            store.close();
            if (mode != null && crashAtForce > 0) {
                io.crash(mode);
            }
            store = Fixtures.open(io, random.nextLong());
            for (long log : LOGS) {
                adopt(log);
            }
            pending.clear();
        }

        private static List<String> brief(final List<Fixtures.Entry> entries) {
            return entries.stream().map(e -> e.lsn() + ":" + e.text().substring(0, e.text().indexOf('-', 3))).toList();
        }

        private void adopt(final long log) {
            final List<Fixtures.Entry> acked = model.get(log);
            final List<Fixtures.Entry> actual = Fixtures.readAll(store.log(log), store.log(log).firstLsn());
            assertTrue(actual.size() >= acked.size() && actual.subList(0, acked.size()).equals(acked),
                "log " + log + ": acknowledged records lost; expected prefix " + brief(acked)
                    + " got " + brief(actual));
            long lsn = acked.isEmpty() ? store.log(log).firstLsn() - 1 : acked.get(acked.size() - 1).lsn();
            int extra = acked.size();
            for (Pending p : pending) {
                if (p.logId() != log || (p.future().isDone() && !p.future().isCompletedExceptionally())) {
                    continue;
                }
                if (extra == actual.size()) {
                    break;
                }
                assertEquals(new Fixtures.Entry(++lsn, p.text()), actual.get(extra++), "log " + log
                    + ": only a prefix of the in-flight records may survive");
            }
            assertEquals(actual.size(), extra, "log " + log + ": records nobody appended");
            model.put(log, new ArrayList<>(actual));
            lastLsn.put(log, store.log(log).lastDurableLsn());
        }
    }
}
