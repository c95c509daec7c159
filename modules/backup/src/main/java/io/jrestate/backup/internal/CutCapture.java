package io.jrestate.backup.internal;

import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupParticipant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes one cut of every participant: starts every capture at once, waits until all completed (that instant is the
 * node's cut: every participant holds its writes), then releases them all. Two durations are measured:
 *
 * <pre>
 *   t0: capture(A), capture(B), ...   (concurrently; each first finishes what it has in progress)
 *   tA, tB: each capture completes    (from here on that participant holds its writes)
 *   all completed                     (the cut)
 *   release(A), release(B), ...
 *   t1:  held(A) = t1 - tA             how long A held its writes (A's ingress pause, for the worker)
 *        hold    = t1 - min(tA, tB)   the longest any participant held its writes
 *        capture = t1 - t0            the whole step; an upper bound of any write's wait
 * </pre>
 * Capturing all at once keeps the worker's pause short: the worker (whose log takes ingress writes) usually needs
 * the longest to reach its hold (it first commits and fsyncs what is queued), so it is captured last and released
 * right after, while the metadata store (rarely written) waits for it.
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
     * @param holdNanos from the first capture's completion to the last release
     * @param captureNanos from the first capture call to the last release
     * @param heldMicros per participant, how long it held its writes (its capture's completion to the release)
     */
    record Result(Map<String, BackupCut> cuts, long holdNanos, long captureNanos, Map<String, Long> heldMicros) {
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
        final Map<String, Long> cutAtNs = new ConcurrentHashMap<>();
        for (final BackupParticipant participant : participants) {
            futures.add(participant.capture(maxHold).thenApply(cut -> {
                cutAtNs.put(participant.name(), System.nanoTime());
                return cut;
            }));
        }
        // The last capture to complete releases everyone on its own thread, without waking this one first: that
        // keeps the hold of the last participant (usually the worker's log, on the ingress path) minimal.
        final AtomicLong releasedAtNs = new AtomicLong();
        final CompletableFuture<Void> released = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                .thenRun(() -> {
                    futures.forEach(future -> future.join().release());
                    releasedAtNs.set(System.nanoTime());
                });
        try {
            released.get(maxHold.toNanos(), TimeUnit.NANOSECONDS);
        } catch (final ExecutionException | TimeoutException | InterruptedException e) {
            futures.forEach(future -> future.thenAccept(BackupCut::close));
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new BackupFailure(captureError(participants, futures, e));
        }
        final Map<String, BackupCut> cuts = new LinkedHashMap<>();
        for (int i = 0; i < futures.size(); i++) {
            cuts.put(participants.get(i).name(), futures.get(i).join());
        }
        final long releasedNs = releasedAtNs.get();
        final long firstCutNs = cutAtNs.values().stream().mapToLong(Long::longValue).min().orElse(releasedNs);
        final Map<String, Long> heldMicros = new LinkedHashMap<>();
        cuts.keySet().forEach(name -> heldMicros.put(name, (releasedNs - cutAtNs.getOrDefault(name, releasedNs))
                / 1_000));
        final Result result = new Result(cuts, releasedNs - firstCutNs,
                releasedNs - startNs, heldMicros);
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
