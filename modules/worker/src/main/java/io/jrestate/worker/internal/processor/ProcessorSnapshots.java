package io.jrestate.worker.internal.processor;

import io.jrestate.worker.internal.fsm.SnapshotTables;
import io.jrestate.worker.internal.snapshot.ChunkedBytes;
import io.jrestate.worker.internal.snapshot.PartitionSnapshots;
import io.jrestate.worker.internal.snapshot.SnapshotBody;
import io.jrestate.worker.internal.snapshot.SnapshotInfo;
import io.jrestate.worker.internal.snapshot.SnapshotSetup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One processor's snapshots: restore at start, the periodic trigger, on-demand snapshots and the delayed log trim.
 *
 * <pre>
 *  partition thread                           snapshot writer thread (shared)
 *  apply ... due? --capture (freeze tables)--&gt; encode capture --&gt; write tmp, fsync, rename, fsync dir, prune
 *                                                  |                     |
 *  release capture (writes stop copying) &lt;--------+                     |
 *  lastInfo, inFlight = null  &lt;-----------------------------------------+--&gt; after trim-delay-interval:
 *                                                         trim log to min(oldest verified snapshot, floors)
 * </pre>
 *
 * <p>The partition thread only captures: {@link SnapshotBody#capture} freezes the tables at the applied LSN (see
 * {@code InMemoryPartitionState}: O(segments) for the big tables, copy-on-write afterwards), so the snapshot is
 * exactly the tables at one applied LSN. Encoding, checksumming, writing and fsync run on the writer thread while
 * the partition keeps applying. The snapshot is published ({@code lastInfo}) and the log trimmed below it only
 * after the file is durable (renamed and its directory fsynced); a crash or a failure before that leaves the
 * earlier snapshots as they were. At most one snapshot of a partition is started by the periodic trigger; an
 * on-demand request captures at once and its encoding queues behind the one in flight on the single writer thread
 * (so files are written in LSN order). Fields are touched only on the partition thread (except
 * {@link #trimScheduled} and {@link #lastEncodeNs}).
 */
final class ProcessorSnapshots {
    private static final System.Logger LOG = System.getLogger(ProcessorSnapshots.class.getName());
    private final PartitionProcessor processor;
    private final SnapshotSetup setup;
    private final PartitionSnapshots files;
    private final AtomicBoolean trimScheduled = new AtomicBoolean();
    private long recordsSinceLast;
    private long lastAtMs;
    private SnapshotInfo lastInfo;
    private CompletableFuture<SnapshotInfo> inFlight;
    private long inFlightLsn;
    private long lastCaptureNs;
    private volatile long lastEncodeNs;

    ProcessorSnapshots(final PartitionProcessor processor, final SnapshotSetup setup) {
        this.processor = processor;
        this.setup = setup;
        this.files = setup.forPartition(processor.partitionId());
    }

    /**
     * Loads the newest usable snapshot, or empty tables; schedules a trim when snapshots exist.
     *
     * @param log the partition's log
     * @param nowMs the clock
     * @return the tables to replay the log into
     */
    SnapshotTables restore(final PartitionLog log, final long nowMs) {
        lastAtMs = nowMs;
        final Optional<PartitionSnapshots.Restored> restored;
        try {
            restored = files.restore(processor::freshState, log.firstLsn(), log.lastDurableLsn());
        } catch (final IOException e) {
            throw new UncheckedIOException("partition " + processor.partitionId() + ": cannot read snapshots in "
                    + files.dir() + ": " + e.getMessage(), e);
        }
        if (restored.isEmpty()) {
            return processor.freshState();
        }
        lastInfo = restored.get().info();
        LOG.log(System.Logger.Level.INFO, "partition {0}: restored snapshot {1} at lsn {2}", processor.partitionId(),
                lastInfo.path(), lastInfo.appliedLsn());
        if (setup.options().autoTrim()) {
            scheduleTrim(setup.options().trimDelay(), log);
        }
        return restored.get().tables();
    }

    /** Counts replayed records towards the periodic trigger. @param records how many were replayed */
    void onReplayed(final long records) {
        recordsSinceLast += records;
    }

    /**
     * Called after each applied record; takes a snapshot when the triggers hold and none is in flight.
     *
     * @param nowMs the clock
     */
    void onApplied(final long nowMs) {
        recordsSinceLast++;
        if (inFlight == null && setup.options().due(recordsSinceLast, nowMs - lastAtMs)) {
            take(false, nowMs);
        }
    }

    /**
     * Takes a snapshot now (its write queues behind one in flight).
     *
     * @param trimNow trim the log right after it is durable instead of after {@code trim-delay-interval}
     * @param nowMs the clock
     * @return completes with the committed snapshot
     */
    CompletableFuture<SnapshotInfo> take(final boolean trimNow, final long nowMs) {
        final long lsn = processor.fsm().state().appliedLsn();
        final CompletableFuture<SnapshotInfo> existing = existingAt(lsn, trimNow);
        if (existing != null) {
            return existing;
        }
        final long startNs = System.nanoTime();
        final SnapshotTables live = (SnapshotTables) processor.fsm().state();
        final SnapshotBody.Captured captured;
        try {
            captured = setup.body().capture(processor.partitionId(), live);
        } catch (final IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        lastCaptureNs = System.nanoTime() - startNs;
        recordsSinceLast = 0;
        lastAtMs = nowMs;
        final PartitionLog log = processor.log();
        final boolean trimInline = trimNow || setup.options().autoTrim() && setup.options().trimDelay().isZero();
        final CompletableFuture<SnapshotInfo> written;
        try {
            written = CompletableFuture.supplyAsync(() -> {
                final ChunkedBytes bytes = encode(captured, live);
                final SnapshotInfo info = write(lsn, bytes);
                if (trimInline) {
                    trimNow(log);
                }
                return info;
            }, setup.writer());
        } catch (final RejectedExecutionException closing) {
            live.release(captured.tables());
            return CompletableFuture.failedFuture(closing);
        }
        inFlight = written;
        inFlightLsn = lsn;
        written.whenComplete((info, e) -> processor.executor().executeInternal(() -> {
            if (inFlight == written) {
                inFlight = null;
            }
            if (e != null) {
                LOG.log(System.Logger.Level.ERROR, "partition " + processor.partitionId() + ": snapshot at lsn " + lsn
                        + " failed; earlier snapshots stay valid", e);
                return;
            }
            if (lastInfo == null || info.appliedLsn() > lastInfo.appliedLsn()) {
                lastInfo = info;
            }
            if (!trimInline && setup.options().autoTrim()) {
                scheduleTrim(setup.options().trimDelay(), log);
            }
        }));
        LOG.log(System.Logger.Level.DEBUG, "partition {0}: captured the tables at lsn {1} in {2} us",
                processor.partitionId(), lsn, lastCaptureNs / 1000);
        return written;
    }

    /** The snapshot in flight or last taken when it covers {@code lsn} (trimmed if asked), else null. */
    private CompletableFuture<SnapshotInfo> existingAt(final long lsn, final boolean trimNow) {
        final PartitionLog log = processor.log();
        if (inFlight != null && lsn == inFlightLsn) {
            return !trimNow ? inFlight : inFlight.thenApplyAsync(info -> {
                trimNow(log);
                return info;
            }, setup.writer());
        }
        if (lastInfo != null && lastInfo.appliedLsn() == lsn) {
            if (!trimNow) {
                return CompletableFuture.completedFuture(lastInfo);
            }
            final SnapshotInfo info = lastInfo;
            return CompletableFuture.supplyAsync(() -> {
                trimNow(log);
                return info;
            }, setup.writer());
        }
        return null;
    }

    /**
     * Runs on the writer thread: encodes the capture, then hands it back to the partition thread for release
     * (whatever the outcome), so later writes stop copying what the capture shared.
     */
    private ChunkedBytes encode(final SnapshotBody.Captured captured, final SnapshotTables live) {
        final long startNs = System.nanoTime();
        try {
            return setup.body().encode(captured);
        } catch (final IOException e) {
            throw new UncheckedIOException("partition " + processor.partitionId() + ": cannot encode the snapshot "
                    + "at lsn " + captured.appliedLsn() + ": " + e.getMessage(), e);
        } finally {
            lastEncodeNs = System.nanoTime() - startNs;
            try {
                processor.executor().executeInternal(() -> live.release(captured.tables()));
            } catch (final RejectedExecutionException closing) {
                // The partition is stopping: its tables are dropped, nothing to release.
            }
        }
    }

    private SnapshotInfo write(final long lsn, final ChunkedBytes bytes) {
        try {
            return files.write(lsn, bytes);
        } catch (final IOException e) {
            throw new UncheckedIOException("partition " + processor.partitionId() + ": cannot write snapshot at lsn "
                    + lsn + " in " + files.dir() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Trims the log, after {@code delay}, up to the oldest retained snapshot that verifies then (and no further
     * than any floor). One trim is pending at a time; it reads the retained snapshots when it runs.
     */
    private void scheduleTrim(final Duration delay, final PartitionLog log) {
        if (!trimScheduled.compareAndSet(false, true)) {
            return;
        }
        final Runnable trim = () -> setup.writer().execute(() -> {
            trimScheduled.set(false);
            trimNow(log);
        });
        try {
            processor.scheduler().schedule(trim, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final java.util.concurrent.RejectedExecutionException closing) {
            // The node is closing (the shutdown snapshot): the next start trims after its own first snapshot.
            trimScheduled.set(false);
        }
    }

    /** Runs on the writer thread. */
    private void trimNow(final PartitionLog log) {
        try {
            final OptionalLong oldest = files.verifiedOldestLsn();
            if (oldest.isEmpty()) {
                return;
            }
            final long target = Math.min(oldest.getAsLong(), setup.trimFloor(processor.partitionId()));
            if (target >= log.firstLsn()) {
                log.trimPrefix(target).join();
                LOG.log(System.Logger.Level.INFO, "partition {0}: trimmed the log up to lsn {1}",
                        processor.partitionId(), target);
            }
        } catch (final IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "partition " + processor.partitionId() + ": log trim failed", e);
        }
    }

    /**
     * How long the last snapshot's encoding held the partition thread.
     *
     * @return nanoseconds
     */
    long lastCaptureNs() {
        return lastCaptureNs;
    }

    /**
     * How long the last snapshot's encoding took on the writer thread (the partition kept applying meanwhile).
     *
     * @return nanoseconds
     */
    long lastEncodeNs() {
        return lastEncodeNs;
    }

    /**
     * The snapshot files of this partition.
     *
     * @return the files
     */
    PartitionSnapshots files() {
        return files;
    }
}
