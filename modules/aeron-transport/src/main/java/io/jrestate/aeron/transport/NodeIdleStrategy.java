package io.jrestate.aeron.transport;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The idle strategy of a node's messaging thread: after a duty cycle without work it spins a little, yields a
 * little, then parks with a period that doubles from a minimum up to a maximum, so an idle node costs close to
 * nothing. Two additions to Agrona's {@code BackoffIdleStrategy}:
 *
 * <ul>
 *   <li><b>awaiting</b>: while the supplier given at construction says the node awaits an answer (a request in
 *       flight), parks are capped at {@code awaitingParkMaxNs}, so an answer is noticed within about that time
 *       instead of up to the idle maximum;</li>
 *   <li><b>quiet</b>: while the supplier given at construction says the node is quiet (no peer, no probe, no
 *       inbound image: nothing can arrive that the node expects), the back-off keeps doubling past
 *       {@code parkMaxNs} up to {@code quietParkMaxNs}, so a node that talks to nobody (a single node) wakes
 *       tens of times a second instead of hundreds;</li>
 *   <li><b>wake</b>: another thread that handed the node work (wrote to a publication that only this thread's
 *       media driver sends, or queued a frame) calls {@link #wake()}, which ends a park at once and restarts the
 *       back-off from spinning.</li>
 * </ul>
 *
 * <pre>
 *   work > 0 (unless quiet at the last park) -----------------------------> reset (spin again)
 *   no work: spin x spinsMax -> yield x yieldsMax -> park p; p = min(2p, max)
 *                                                      |  max = awaitingParkMaxNs while awaiting,
 *                                                      |        quietParkMaxNs while quiet, else parkMaxNs
 *   wake() from any thread: unpark now, then reset ---+
 * </pre>
 *
 * <p>One instance per thread: {@link #idle} and {@link #reset} are called only by the thread it idles;
 * {@link #wake} by any thread.
 */
public final class NodeIdleStrategy implements IdleStrategy {
    private final int spinsMax;
    private final int yieldsMax;
    /** Parks this short run to their end even when woken (see {@link #wake()}). */
    static final long SHORT_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final long parkMinNs;
    private final long parkMaxNs;
    private final long awaitingParkMaxNs;
    private final long quietParkMaxNs;
    private final BooleanSupplier awaiting;
    private final BooleanSupplier quiet;
    private volatile Thread owner;
    private volatile boolean parked;
    private volatile boolean woken;
    private int spins;
    private int yields;
    private long yieldPhaseNs;
    private long awaitingYieldPhaseNs;
    private long yieldingSinceNs;
    private long parkNs;
    private boolean quietAtLastPark;

    /**
     * Creates the strategy.
     *
     * @param spinsMax idle cycles that only spin
     * @param yieldsMax idle cycles that yield after those
     * @param parkMinNs the first park
     * @param parkMaxNs the longest park while nothing is awaited
     * @param awaitingParkMaxNs the longest park while {@code awaiting} is true
     * @param awaiting whether the node awaits an answer; called by the idling thread just before it parks
     */
    public NodeIdleStrategy(final int spinsMax, final int yieldsMax, final long parkMinNs, final long parkMaxNs,
        final long awaitingParkMaxNs, final BooleanSupplier awaiting) {
        this(spinsMax, yieldsMax, parkMinNs, parkMaxNs, awaitingParkMaxNs, awaiting, parkMaxNs, () -> false);
    }

    /**
     * Creates the strategy with a quiet tier.
     *
     * @param spinsMax idle cycles that only spin
     * @param yieldsMax idle cycles that yield after those
     * @param parkMinNs the first park
     * @param parkMaxNs the longest park while nothing is awaited and the node is not quiet
     * @param awaitingParkMaxNs the longest park while {@code awaiting} is true
     * @param awaiting whether the node awaits an answer; called by the idling thread just before it parks
     * @param quietParkMaxNs the longest park while {@code quiet} is true and nothing is awaited
     * @param quiet whether nothing can arrive that the node expects; called by the idling thread before it parks
     */
    public NodeIdleStrategy(final int spinsMax, final int yieldsMax, final long parkMinNs, final long parkMaxNs,
        final long awaitingParkMaxNs, final BooleanSupplier awaiting, final long quietParkMaxNs,
        final BooleanSupplier quiet) {
        if (spinsMax < 0 || yieldsMax < 0 || parkMinNs < 1 || parkMaxNs < parkMinNs || awaitingParkMaxNs < 1
            || quietParkMaxNs < parkMaxNs) {
            throw new IllegalArgumentException("idle strategy: spins " + spinsMax + ", yields " + yieldsMax
                + ", park " + parkMinNs + ".." + parkMaxNs + " ns, awaiting park max " + awaitingParkMaxNs
                + " ns, quiet park max " + quietParkMaxNs + " ns");
        }
        this.quietParkMaxNs = quietParkMaxNs;
        this.quiet = quiet;
        this.spinsMax = spinsMax;
        this.yieldsMax = yieldsMax;
        this.parkMinNs = parkMinNs;
        this.parkMaxNs = parkMaxNs;
        this.awaitingParkMaxNs = awaitingParkMaxNs;
        this.awaiting = awaiting;
        this.parkNs = parkMinNs;
    }

    @Override
    public void idle(final int workCount) {
        // A quiet node's work is its own upkeep (the driver's timers, the client's keep-alive), which nobody waits
        // for: it keeps its rhythm. Work that matters makes it not quiet (a new inbound image, a peer), so the next
        // park is at most parkMaxNs and the work after it resets the back-off.
        if (workCount > 0 && !quietAtLastPark) {
            reset();
        } else {
            idle();
        }
    }

    @Override
    public void idle() {
        if (spins < spinsMax) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < yieldsMax || inYieldPhase()) {
            if (yields == 0 && awaitingYieldPhaseNs > 0) {
                yieldingSinceNs = System.nanoTime();
            }
            yields++;
            Thread.yield();
        } else {
            park();
        }
    }

    private boolean inYieldPhase() {
        if (awaitingYieldPhaseNs == 0) {
            return false;
        }
        final long yieldedNs = System.nanoTime() - yieldingSinceNs;
        return yieldedNs < yieldPhaseNs || yieldedNs < awaitingYieldPhaseNs && awaiting.getAsBoolean();
    }

    /**
     * Makes the thread keep yielding, after its first yield, for a time rather than a count before its first park:
     * a message that follows within it (the next request of a conversation, the answer to a request) is seen at
     * once rather than after a park of at least {@code parkMinNs} plus the kernel's timer slack (about 50 us).
     * While an answer is awaited the phase is longer, so that one late answer does not start a cascade in which
     * each side's park delays the other past its phase. Costs nothing while the node is idle (the phase starts
     * only after work). Call before the strategy is first used.
     *
     * @param idleNs how long to keep yielding (0: only {@code yieldsMax} yields)
     * @param awaitingNs how long while {@code awaiting} is true; at least {@code idleNs}
     * @return this strategy
     */
    public NodeIdleStrategy withYieldPhase(final long idleNs, final long awaitingNs) {
        if (idleNs < 0 || awaitingNs < idleNs) {
            throw new IllegalArgumentException("yield phase " + idleNs + " ns, awaiting " + awaitingNs
                + " ns: need 0 <= idle <= awaiting");
        }
        this.yieldPhaseNs = idleNs;
        this.awaitingYieldPhaseNs = awaitingNs;
        return this;
    }

    private void park() {
        if (owner == null) {
            owner = Thread.currentThread();
        }
        final boolean awaited = awaiting.getAsBoolean();
        // Past parkMaxNs only while quiet: a node that stops being quiet did work (an inbound image) or was woken
        // (a peer added, a probe), and either resets the back-off; otherwise the cap takes effect here.
        quietAtLastPark = !awaited && quiet.getAsBoolean();
        final long capNs = quietAtLastPark ? quietParkMaxNs : parkMaxNs;
        final long periodNs = Math.min(parkNs, awaited ? awaitingParkMaxNs : capNs);
        // Dekker-style hand-shake with wake(): we publish parked, then read woken; a waker publishes woken, then
        // reads parked. At least one of us sees the other, so a wake is never lost (unpark before park is kept).
        // A park of at most SHORT_PARK_NS is not cut short: a stream of sends would otherwise keep the thread from
        // ever parking (each send wakes it), turning a busy node thread into a spinning one; it delays a send by at
        // most that much.
        final boolean wakeable = periodNs > SHORT_PARK_NS;
        parked = wakeable;
        if (!wakeable || !woken) {
            LockSupport.parkNanos(this, periodNs);
        }
        parked = false;
        if (woken) {
            woken = false;
            quietAtLastPark = false;
            reset();
        } else {
            parkNs = Math.min(parkNs << 1, capNs);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNs = parkMinNs;
    }

    /**
     * Ends the current or next park of the idling thread at once, unless that park is at most 100 us (it then runs
     * to its end, so a stream of sends does not keep the thread spinning); any thread.
     */
    public void wake() {
        // A wake already pending is seen by the idling thread before it parks (or was answered with an unpark by
        // the waker that set it): skipping the write spares a stream of sends a fence and a shared cache line.
        if (woken) {
            return;
        }
        woken = true;
        if (parked) {
            final Thread thread = owner;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }
    }

    /**
     * The park the next idle cycle past spinning and yielding would start with, ignoring {@code awaiting}; for
     * tests.
     *
     * @return the period in nanoseconds
     */
    long nextParkNs() {
        return parkNs;
    }

    @Override
    public String toString() {
        return "NodeIdleStrategy{spins=" + spinsMax + ", yields=" + yieldsMax + ", park=" + parkMinNs + ".."
            + parkMaxNs + " ns, awaiting park max=" + awaitingParkMaxNs + " ns, quiet park max=" + quietParkMaxNs
            + " ns}";
    }
}
