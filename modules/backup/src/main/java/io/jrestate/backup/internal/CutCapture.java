package io.jrestate.backup.internal;

import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupParticipant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Takes one cut of every participant: starts every capture at once, waits until all completed (that instant is the
 * node's cut: every participant holds its writes), then releases them all. The hold is measured from the first
 * capture call to the last release, an upper bound of how long any write waited.
 *
 * <pre>
 *   t0: capture(A), capture(B), ...   (concurrently)
 *   all completed                     (the cut)
 *   release(A), release(B), ...
 *   t1: hold = t1 - t0
 * </pre>
 * A failed or timed-out capture closes every cut already taken (which releases it) and fails the backup; so does a
 * participant that reports it stopped holding on its own ({@link BackupCut#heldPastLimit()}).
 */
final class CutCapture {
    private CutCapture() {
    }

    /**
     * The cuts taken, by participant name, and the hold.
     *
     * @param cuts participant name to cut, in registration order
     * @param holdNanos from the first capture call to the last release
     */
    record Result(Map<String, BackupCut> cuts, long holdNanos) {
        void closeAll() {
            cuts.values().forEach(BackupCut::close);
        }
    }

    static Result captureAll(final List<BackupParticipant> participants, final Duration maxHold)
            throws BackupFailure {
        if (participants.isEmpty()) {
            throw new BackupFailure("this node has no backup participant: none of its roles keeps durable state "
                    + "(run the backup against a node with the worker or metadata-server role)");
        }
        final long startNs = System.nanoTime();
        final List<CompletableFuture<BackupCut>> futures = new ArrayList<>();
        for (final BackupParticipant participant : participants) {
            futures.add(participant.capture(maxHold));
        }
        final Map<String, BackupCut> cuts = new LinkedHashMap<>();
        try {
            final long deadlineNs = startNs + maxHold.toNanos();
            for (int i = 0; i < futures.size(); i++) {
                final long leftNs = Math.max(0, deadlineNs - System.nanoTime());
                cuts.put(participants.get(i).name(), futures.get(i).get(leftNs, TimeUnit.NANOSECONDS));
            }
        } catch (final ExecutionException | TimeoutException | InterruptedException e) {
            futures.forEach(future -> future.thenAccept(BackupCut::close));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BackupFailure(captureError(participants, futures, e));
        }
        cuts.values().forEach(BackupCut::release);
        final long holdNanos = System.nanoTime() - startNs;
        final Result result = new Result(cuts, holdNanos);
        for (final Map.Entry<String, BackupCut> entry : cuts.entrySet()) {
            if (entry.getValue().heldPastLimit()) {
                result.closeAll();
                throw new BackupFailure("participant " + entry.getKey() + " stopped holding writes after the hold "
                        + "limit of " + maxHold.toMillis() + " ms, before every participant was captured: the cut "
                        + "would not be consistent; retry, or allow a longer hold (--max-hold)");
            }
        }
        return result;
    }

    private static String captureError(final List<BackupParticipant> participants,
            final List<CompletableFuture<BackupCut>> futures, final Exception e) {
        for (int i = 0; i < futures.size(); i++) {
            final CompletableFuture<BackupCut> future = futures.get(i);
            if (future.isCompletedExceptionally()) {
                final Throwable cause = future.exceptionNow();
                return "participant " + participants.get(i).name() + " cannot take part in the backup: "
                        + (cause.getMessage() == null ? cause.toString() : cause.getMessage());
            }
            if (!future.isDone()) {
                return "participant " + participants.get(i).name() + " did not capture its state within the hold "
                        + "limit; retry when the node is less busy, or allow a longer hold (--max-hold)";
            }
        }
        return "capturing the cut failed: " + e;
    }
}
