package io.jrestate.log.server.internal;

import io.jrestate.log.server.LogletInfoReply;
import io.jrestate.log.server.LogletStatus;
import io.jrestate.log.server.TailQuery;
import io.jrestate.log.server.TailState;
import io.jrestate.log.server.internal.wire.LogServerWire;
import io.jrestate.log.server.internal.wire.Request;
import io.jrestate.log.server.internal.wire.ResponseCodec;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The log server's request handling: one worker thread owns every loglet's state (the single writer of each
 * loglet), takes decoded requests from a bounded queue, checks them, hands records and metadata changes to
 * log-segments' writer, and answers once they are durable. Nothing here blocks the transport thread.
 *
 * <table>
 *   <caption>Store rules, checked in this order</caption>
 *   <tr><th>case</th><th>answer</th></tr>
 *   <tr><td>the storage failed earlier (fenced)</td><td>{@code DISABLED}</td></tr>
 *   <tr><td>{@code timeout_at} passed</td><td>{@code DROPPED} (nothing written)</td></tr>
 *   <tr><td>sealed / seal in progress, no {@code IGNORE_SEAL}</td><td>{@code SEALED} / {@code SEALING}</td></tr>
 *   <tr><td>loglet bound to another sequencer</td><td>{@code SEQUENCER_MISMATCH}</td></tr>
 *   <tr><td>every offset at or below the trim point</td><td>{@code OK} (nothing to keep)</td></tr>
 *   <tr><td>offsets below the staged tail, some not stored here</td><td>{@code OUT_OF_BOUNDS}: the log is
 *       append-only, a gap below the tail cannot be filled (the sequencer picks other servers)</td></tr>
 *   <tr><td>offsets below the staged tail, all stored (a retry)</td><td>{@code OK} once they are durable</td></tr>
 *   <tr><td>otherwise (a gap before the first offset is fine)</td><td>bind the sequencer if unbound, append,
 *       {@code OK} once every record (and the binding) is fsynced</td></tr>
 * </table>
 */
public final class LogServerCore {
    private static final System.Logger LOG = System.getLogger(LogServerCore.class.getName());

    private final LogletStorage storage;
    private final LogServerOptions options;
    private final LongSupplier wallClockMs;
    private final ThreadPoolExecutor worker;
    private final LogletReads reads;
    private final AtomicInteger queuedRequests = new AtomicInteger();
    private boolean failed;
    private int waiters;

    /**
     * Creates the core and starts its worker thread.
     *
     * @param storage the opened storage
     * @param options limits
     * @param wallClockMs the wall clock in Unix milliseconds (for store timeouts)
     */
    public LogServerCore(final LogletStorage storage, final LogServerOptions options, final LongSupplier wallClockMs) {
        this.storage = storage;
        this.options = options;
        this.wallClockMs = wallClockMs;
        this.reads = new LogletReads(options);
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                final Thread thread = new Thread(runnable, "log-server-worker");
                thread.setDaemon(true);
                return thread;
            });
    }

    /**
     * Queues a request for the worker thread. Never blocks: beyond {@link LogServerOptions#requestQueueCapacity()}
     * queued requests the answer is {@code DROPPED}. (The worker's queue itself is unbounded because the
     * completions of durable writes go through it too, and those must never be refused; they are bounded by the
     * requests admitted.)
     *
     * @param request the decoded request
     * @param reply receives the encoded response (any thread); ignored for {@code Release}
     */
    public void submit(final Request request, final Consumer<byte[]> reply) {
        if (queuedRequests.incrementAndGet() > options.requestQueueCapacity()) {
            queuedRequests.decrementAndGet();
            reply.accept(ResponseCodec.header(new TailState(LogletStatus.DROPPED, 0, 0, false)));
            return;
        }
        try {
            worker.execute(() -> {
                queuedRequests.decrementAndGet();
                handle(request, reply);
            });
        } catch (final RejectedExecutionException e) {
            queuedRequests.decrementAndGet();
            reply.accept(ResponseCodec.header(new TailState(LogletStatus.DISABLED, 0, 0, false)));
        }
    }

    private void handle(final Request request, final Consumer<byte[]> reply) {
        final long logletId = request.header().logletId();
        if (logletId == MetaJournal.LOG_ID) {
            reply.accept(ResponseCodec.header(new TailState(LogletStatus.MALFORMED, 0, 0, false)));
            return;
        }
        final Loglet loglet = storage.loglet(logletId);
        observeGlobalTail(loglet, request.header().knownGlobalTail());
        if (failed && !(request instanceof Request.Release)) {
            reply.accept(header(loglet, LogletStatus.DISABLED));
            return;
        }
        switch (request) {
            case Request.Store store -> store(loglet, store, reply);
            case Request.GetRecords get -> reply.accept(ResponseCodec.records(reads.records(loglet, get)));
            case Request.Seal seal -> seal(loglet, seal, reply);
            case Request.Trim trim -> trim(loglet, trim, reply);
            case Request.Release release -> journalGlobalTail(loglet);
            case Request.GetLogletInfo info -> reply.accept(ResponseCodec.logletInfo(new LogletInfoReply(
                tail(loglet, LogletStatus.OK), loglet.meta.trimPoint)));
            case Request.WaitForTail wait -> waitForTail(loglet, wait, reply);
            case Request.GetDigest digest -> reply.accept(ResponseCodec.digest(reads.digest(loglet, digest)));
        }
    }

    private void store(final Loglet loglet, final Request.Store store, final Consumer<byte[]> reply) {
        final LogletStatus refusal = refusal(loglet, store);
        if (refusal != null) {
            reply.accept(header(loglet, refusal));
            return;
        }
        long start = Math.max(store.firstOffset(), loglet.meta.trimPoint + 1);
        if (start > store.lastOffset()) {
            reply.accept(header(loglet, LogletStatus.OK));
            return;
        }
        if (start < loglet.stagedTail) {
            final long duplicateEnd = Math.min(store.lastOffset(), loglet.stagedTail - 1);
            if (!allStored(loglet, start, duplicateEnd)) {
                reply.accept(header(loglet, LogletStatus.OUT_OF_BOUNDS));
                return;
            }
            if (store.lastOffset() < loglet.stagedTail) {
                answerWhenDurable(loglet, inFlightUpTo(loglet, duplicateEnd), reply);
                return;
            }
            start = loglet.stagedTail;
        }
        final List<CompletableFuture<?>> writes = new ArrayList<>();
        if (loglet.sequencer == 0) {
            loglet.sequencer = store.sequencer();
            writes.add(loglet.log.bindSequencer(store.sequencer()));
        }
        for (long offset = start; offset <= store.lastOffset(); offset++) {
            final byte[] payload = store.payloads().get((int) (offset - store.firstOffset()));
            writes.add(loglet.log.appendAt(offset, ByteBuffer.wrap(payload)));
        }
        loglet.stagedTail = store.lastOffset() + 1;
        final CompletableFuture<Void> durable = CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
        final Loglet.InFlight inFlight = new Loglet.InFlight(start, store.lastOffset(), durable);
        loglet.inFlight.add(inFlight);
        durable.whenCompleteAsync((ignored, error) -> {
            loglet.inFlight.remove(inFlight);
            answer(loglet, error, reply);
            wakeWaiters(loglet);
        }, worker);
    }

    private LogletStatus refusal(final Loglet loglet, final Request.Store store) {
        if (store.timeoutAtUnixMs() != 0 && wallClockMs.getAsLong() > store.timeoutAtUnixMs()) {
            return LogletStatus.DROPPED;
        }
        if (!store.header().ignoreSeal() && loglet.meta.sealed) {
            return LogletStatus.SEALED;
        }
        if (!store.header().ignoreSeal() && loglet.sealing != null) {
            return LogletStatus.SEALING;
        }
        if (loglet.sequencer != 0 && loglet.sequencer != store.sequencer()) {
            LOG.log(Level.DEBUG, "store to loglet {0} from sequencer {1} refused: bound to {2}", loglet.id,
                LogServerWire.unpackNodeId(store.sequencer()), LogServerWire.unpackNodeId(loglet.sequencer));
            return LogletStatus.SEQUENCER_MISMATCH;
        }
        return null;
    }

    private static boolean allStored(final Loglet loglet, final long from, final long to) {
        final BitSet stored = new BitSet((int) (to - from + 1));
        for (final Loglet.InFlight flight : loglet.inFlight) {
            final long a = Math.max(from, flight.firstOffset());
            final long b = Math.min(to, flight.lastOffset());
            if (a <= b) {
                stored.set((int) (a - from), (int) (b - from + 1));
            }
        }
        try {
            loglet.log.read(from, (int) (to - from + 1), (lsn, payload) -> {
                if (lsn <= to) {
                    stored.set((int) (lsn - from));
                }
                return lsn < to;
            });
        } catch (final RuntimeException e) {
            LOG.log(Level.WARNING, "loglet " + loglet.id + ": reading " + from + ".." + to + " failed", e);
            return false;
        }
        return stored.cardinality() == (int) (to - from + 1);
    }

    private static CompletableFuture<Void> inFlightUpTo(final Loglet loglet, final long lastOffset) {
        final List<CompletableFuture<?>> pending = new ArrayList<>();
        for (final Loglet.InFlight flight : loglet.inFlight) {
            if (flight.firstOffset() <= lastOffset) {
                pending.add(flight.durable());
            }
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    private void answerWhenDurable(final Loglet loglet, final CompletableFuture<?> durable,
        final Consumer<byte[]> reply) {
        durable.whenCompleteAsync((ignored, error) -> answer(loglet, error, reply), worker);
    }

    private void answer(final Loglet loglet, final Throwable error, final Consumer<byte[]> reply) {
        if (error != null) {
            fail(loglet, error);
            reply.accept(header(loglet, LogletStatus.DISABLED));
        } else {
            reply.accept(header(loglet, LogletStatus.OK));
        }
    }

    private void fail(final Loglet loglet, final Throwable error) {
        if (!failed) {
            LOG.log(Level.ERROR, "log-server storage failed on loglet " + loglet.id
                + "; every further request is answered DISABLED until the node restarts", error);
        }
        failed = true;
    }

    private void seal(final Loglet loglet, final Request.Seal seal, final Consumer<byte[]> reply) {
        if (loglet.meta.sealed) {
            reply.accept(header(loglet, LogletStatus.OK));
            return;
        }
        if (loglet.sealing == null) {
            LOG.log(Level.INFO, "sealing loglet {0} (asked by {1}), local tail {2}", loglet.id,
                LogServerWire.unpackNodeId(seal.sequencer()), loglet.stagedTail);
            final CompletableFuture<Void> earlier = inFlightUpTo(loglet, Long.MAX_VALUE);
            final CompletableFuture<Long> flag = storage.journal().sealed(loglet.id);
            loglet.journaledGlobalTail = loglet.meta.globalTail;
            final CompletableFuture<Long> tail = storage.journal().globalTail(loglet.id, loglet.meta.globalTail);
            // Answers chain on the future of this stage, so they see the sealed flag set.
            loglet.sealing = CompletableFuture.allOf(earlier, flag, tail).whenCompleteAsync((ignored, error) -> {
                loglet.sealing = null;
                if (error == null) {
                    loglet.meta.sealed = true;
                    wakeWaiters(loglet);
                }
            }, worker);
            compactJournalIfDue();
        }
        loglet.sealing.whenCompleteAsync((ignored, error) -> answer(loglet, error, reply), worker);
    }

    private void trim(final Loglet loglet, final Request.Trim trim, final Consumer<byte[]> reply) {
        // Offsets at or above the global tail may still become committed: never trim them.
        final long target = Math.min(trim.trimPointOffset(), loglet.meta.globalTail - 1);
        if (target <= loglet.meta.trimPoint) {
            reply.accept(header(loglet, LogletStatus.OK));
            return;
        }
        loglet.meta.trimPoint = target;
        loglet.stagedTail = Math.max(loglet.stagedTail, target + 1);
        final CompletableFuture<Void> durable = CompletableFuture.allOf(
            storage.journal().trimPoint(loglet.id, target), loglet.log.trimPrefix(target));
        compactJournalIfDue();
        answerWhenDurable(loglet, durable, reply);
    }

    private void waitForTail(final Loglet loglet, final Request.WaitForTail wait, final Consumer<byte[]> reply) {
        final long nowNs = System.nanoTime();
        final Loglet.Waiter waiter = new Loglet.Waiter(wait.query() == TailQuery.GLOBAL_TAIL, wait.offset(),
            () -> reply.accept(header(loglet, LogletStatus.OK)), nowNs + options.waiterExpiryNs());
        if (reached(loglet, waiter)) {
            waiter.answer().run();
            return;
        }
        if (waiters >= options.waitersMax()) {
            expireWaiters(nowNs);
        }
        if (waiters >= options.waitersMax()) {
            reply.accept(header(loglet, LogletStatus.DROPPED));
        } else {
            waiters++;
            loglet.waiters.add(waiter);
        }
    }

    // Answers waiters that waited past their expiry with the tails as they are: their requesters gave up long ago.
    private void expireWaiters(final long nowNs) {
        for (final Loglet loglet : storage.loglets()) {
            final List<Loglet.Waiter> expired = new ArrayList<>();
            loglet.waiters.removeIf(waiter -> nowNs - waiter.expiresAtNs() >= 0 && expired.add(waiter));
            waiters -= expired.size();
            expired.forEach(waiter -> waiter.answer().run());
        }
    }

    private static boolean reached(final Loglet loglet, final Loglet.Waiter waiter) {
        final long tail = waiter.global() ? loglet.meta.globalTail : loglet.localTail();
        return loglet.meta.sealed || tail >= waiter.offset();
    }

    private void wakeWaiters(final Loglet loglet) {
        if (loglet.waiters.isEmpty()) {
            return;
        }
        final List<Loglet.Waiter> ready = new ArrayList<>();
        loglet.waiters.removeIf(waiter -> reached(loglet, waiter) && ready.add(waiter));
        waiters -= ready.size();
        ready.forEach(waiter -> waiter.answer().run());
    }

    private void observeGlobalTail(final Loglet loglet, final long knownGlobalTail) {
        if (knownGlobalTail > loglet.meta.globalTail) {
            loglet.meta.globalTail = knownGlobalTail;
            wakeWaiters(loglet);
        }
    }

    // Release carries only the tail: journal it without waiting (a lost value is relearned from the next header).
    private void journalGlobalTail(final Loglet loglet) {
        if (loglet.meta.globalTail > loglet.journaledGlobalTail && !failed) {
            loglet.journaledGlobalTail = loglet.meta.globalTail;
            storage.journal().globalTail(loglet.id, loglet.meta.globalTail).whenCompleteAsync((lsn, error) -> {
                if (error != null) {
                    fail(loglet, error);
                }
            }, worker);
            compactJournalIfDue();
        }
    }

    private void compactJournalIfDue() {
        if (storage.journal().needsCompaction()) {
            storage.journal().compact(storage.metaState()).whenComplete((ignored, error) -> {
                if (error != null) {
                    LOG.log(Level.WARNING, "compacting the log-server metadata journal failed", error);
                }
            });
        }
    }

    private static TailState tail(final Loglet loglet, final LogletStatus status) {
        return new TailState(status, loglet.localTail(), loglet.meta.globalTail, loglet.meta.sealed);
    }

    private static byte[] header(final Loglet loglet, final LogletStatus status) {
        return ResponseCodec.header(tail(loglet, status));
    }

    /**
     * Stops the worker thread (requests still queued are dropped unanswered; their requesters time out) and
     * closes the storage.
     *
     * @param timeoutMs how long to wait for the worker
     * @throws InterruptedException when interrupted while waiting
     */
    public void close(final long timeoutMs) throws InterruptedException {
        worker.shutdownNow();
        worker.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        storage.close();
    }
}
