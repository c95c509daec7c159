package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.jrestate.log.segments.Fixtures.join;
import static io.jrestate.log.segments.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store with its own writer thread: concurrent appenders on several logs share fsyncs (group commit across
 * logs, measured by counting fsyncs against a storage whose flush takes 1 ms), every thread's acknowledgements
 * per log come in increasing LSN order, and a tailing reader on the real file system sees every record exactly
 * once, in order, without polling. Both with the writer thread alone and with inline (leader) commits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConcurrentAppendTest {
    private static final int THREADS = 16;
    private static final int PER_THREAD = 100;

    @TempDir
    Path dir;

    private static List<CompletableFuture<Long>> hammer(final LogStore store, final int threads, final int each)
        throws InterruptedException {
        final ConcurrentLinkedQueue<CompletableFuture<Long>> all = new ConcurrentLinkedQueue<>();
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final long log = t % 4;
            final int thread = t;
            workers.add(Thread.ofPlatform().start(() -> {
                final List<CompletableFuture<Long>> mine = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    final CompletableFuture<Long> f = store.log(log).append(text("t" + thread + "-" + i));
                    mine.add(f);
                    if (i % 10 == 9) {
                        join(f);
                    }
                }
                long previous = 0;
                for (CompletableFuture<Long> f : mine) {
                    final long lsn = join(f);
                    assertTrue(lsn > previous, "per-thread LSNs increase in call order");
                    previous = lsn;
                }
                all.addAll(mine);
            }));
        }
        for (Thread w : workers) {
            w.join();
        }
        return new ArrayList<>(all);
    }

    @ParameterizedTest(name = "inline commit {0}")
    @ValueSource(booleans = {false, true})
    void shouldShareFsyncsAcrossConcurrentAppendersAndLogs(final boolean inline) throws Exception {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(1));
        io.forceDelayNs(1_000_000);
        final LogStoreOptions options = LogStoreOptions.builder().io(io).segmentBytes(1 << 20).spareSegments(0)
            .inlineCommit(inline).random(new SplittableRandom(2)).build();
        try (LogStore store = LogStore.open(Fixtures.DIR, options)) {
            final long forcesBefore = io.forceCount();
            final List<CompletableFuture<Long>> acks = hammer(store, THREADS, PER_THREAD);
            acks.forEach(Fixtures::join);
            final long forces = io.forceCount() - forcesBefore;
            final int appends = THREADS * PER_THREAD;
            System.out.println("group commit: " + appends + " appends, " + forces + " fsyncs");
            assertTrue(forces < appends / 4, appends + " appends took " + forces + " fsyncs");
            long total = 0;
            for (long log = 0; log < 4; log++) {
                total += store.log(log).lastDurableLsn();
                assertEquals(store.log(log).lastDurableLsn(), Fixtures.readAll(store.log(log), 1).size());
            }
            assertEquals(appends, total);
        }
    }

    @ParameterizedTest(name = "inline commit {0}")
    @ValueSource(booleans = {false, true})
    void shouldAcceptAppendsFromCompletionCallbacksWithoutNestingCommits(final boolean inline) throws Exception {
        final FaultyStorageIo io = new FaultyStorageIo(new SplittableRandom(3));
        final LogStoreOptions options = LogStoreOptions.builder().io(io).segmentBytes(1 << 20).spareSegments(0)
            .inlineCommit(inline).random(new SplittableRandom(4)).build();
        try (LogStore store = LogStore.open(Fixtures.DIR, options)) {
            final CompletableFuture<Long> chained = store.log(1).append(text("first"))
                .thenCompose(lsn -> store.log(1).append(text("second after " + lsn)));
            assertEquals(2L, join(chained));
            assertEquals(List.of(new Fixtures.Entry(1, "first"), new Fixtures.Entry(2, "second after 1")),
                Fixtures.readAll(store.log(1), 1));
        }
    }

    @ParameterizedTest(name = "inline commit {0}")
    @ValueSource(booleans = {false, true})
    void shouldLetATailingReaderSeeEveryRecordInOrderOnTheRealFileSystem(final boolean inline) throws Exception {
        final LogStoreOptions options = LogStoreOptions.builder().segmentBytes(256 * 1024).spareSegments(1)
            .inlineCommit(inline).build();
        try (LogStore store = LogStore.open(dir, options)) {
            final int expected = THREADS / 4 * PER_THREAD;
            final List<Long> seen = new ArrayList<>();
            final CountDownLatch done = new CountDownLatch(1);
            final Thread reader = Thread.ofPlatform().start(() -> {
                long next = 1;
                while (next <= expected) {
                    join(store.log(1).awaitAppended(next));
                    next = store.log(1).read(next, 1000, (lsn, payload) -> seen.add(lsn));
                }
                done.countDown();
            });
            hammer(store, THREADS, PER_THREAD).forEach(Fixtures::join);
            assertTrue(done.await(30, TimeUnit.SECONDS), "reader caught up");
            reader.join();
            assertEquals(expected, seen.size());
            for (int i = 0; i < seen.size(); i++) {
                assertEquals(i + 1L, seen.get(i));
            }
        }
        try (LogStore store = LogStore.open(dir, options)) {
            assertEquals(THREADS / 4 * PER_THREAD, Fixtures.readAll(store.log(1), 1).size());
            final ByteBuffer big = ByteBuffer.allocate(100_000);
            assertEquals(THREADS / 4 * PER_THREAD + 1L, join(store.log(1).append(big)));
        }
    }
}
