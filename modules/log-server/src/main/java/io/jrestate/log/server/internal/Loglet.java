package io.jrestate.log.server.internal;

import io.jrestate.log.segments.SegmentLog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the log server knows about one loglet. Confined to the server's worker thread (the single writer of the
 * loglet), so none of it needs locks; only {@link SegmentLog#lastDurableLsn()} moves on another thread.
 */
final class Loglet {
    final long id;
    final SegmentLog log;
    final MetaJournal.Entry meta;
    /** The first offset not yet handed to the writer: the next store must start at or above it. */
    long stagedTail;
    /** The sequencer this loglet is bound to (durable once its binding future completed); 0 when unbound. */
    long sequencer;
    /** Completes when a seal in progress is durable; null when no seal is in progress. */
    CompletableFuture<Void> sealing;
    /** The known global tail last appended to the journal. */
    long journaledGlobalTail;
    /** Stores handed to the writer and not yet durable, oldest first. */
    final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    final List<Waiter> waiters = new ArrayList<>();

    Loglet(final long id, final SegmentLog log, final MetaJournal.Entry meta) {
        this.id = id;
        this.log = log;
        this.meta = meta;
        this.stagedTail = Math.max(log.lastDurableLsn(), meta.trimPoint) + 1;
        this.sequencer = log.metadata().sequencer();
        this.journaledGlobalTail = meta.globalTail;
    }

    /**
     * The first offset not durably stored here (records may be missing below it: a log server holds only the
     * offsets of its write sets).
     *
     * @return the local tail
     */
    long localTail() {
        return Math.max(log.lastDurableLsn(), meta.trimPoint) + 1;
    }

    /**
     * Offsets handed to the writer together, and the future that completes when they are durable.
     *
     * @param firstOffset first offset
     * @param lastOffset last offset
     * @param durable completes when durable
     */
    record InFlight(long firstOffset, long lastOffset, CompletableFuture<?> durable) {
    }

    /**
     * A {@code WaitForTail} waiting for a tail.
     *
     * @param global true for the global tail, false for the local tail
     * @param offset the tail awaited
     * @param answer answers the request (on the worker thread)
     * @param expiresAtNs when it may be answered early to make room ({@link System#nanoTime()})
     */
    record Waiter(boolean global, long offset, Runnable answer, long expiresAtNs) {
    }
}
