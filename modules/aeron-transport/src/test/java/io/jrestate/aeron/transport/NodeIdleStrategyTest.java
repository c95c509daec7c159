package io.jrestate.aeron.transport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node thread's idle strategy: exponential park back-off, the longer cap while quiet (no peer), the shorter
 * cap while an answer is awaited, and {@code wake()} from another thread. Long parks (10 s) make a missing cap or
 * a lost wake fail the generous 5 s bounds, without any tight timing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeIdleStrategyTest {
    private static final long TEN_SECONDS_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long FIVE_SECONDS_NS = TimeUnit.SECONDS.toNanos(5);

    @Test
    void shouldSpinThenYieldThenParkWithADoublingPeriodUpToTheMaximum() {
        final NodeIdleStrategy idle = new NodeIdleStrategy(3, 2, 1_000, 8_000, 8_000, () -> false);
        for (int i = 0; i < 5; i++) {
            idle.idle(0);
            assertEquals(1_000, idle.nextParkNs(), "spinning and yielding do not park, cycle " + i);
        }
        final long[] expected = {2_000, 4_000, 8_000, 8_000};
        for (final long next : expected) {
            idle.idle(0);
            assertEquals(next, idle.nextParkNs());
        }
        idle.idle(1);
        assertEquals(1_000, idle.nextParkNs(), "work resets the back-off");
    }

    @Test
    void shouldKeepYieldingForTheYieldPhaseBeforeTheFirstPark() {
        // A long phase, checked over its first 50 ms: only a stall of almost a second could make this fail.
        final long phaseNs = TimeUnit.SECONDS.toNanos(1);
        final AtomicBoolean awaiting = new AtomicBoolean(true);
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 1, 1_000, 8_000, 8_000, awaiting::get)
            .withYieldPhase(phaseNs / 2, phaseNs);
        final long startNs = System.nanoTime();
        int cycles = 0;
        // Every cycle before the phase ends yields (no park, so the back-off stays at its first park).
        while (System.nanoTime() - startNs < TimeUnit.MILLISECONDS.toNanos(50)) {
            idle.idle(0);
            cycles++;
            assertEquals(1_000, idle.nextParkNs(), "yielding within the phase, cycle " + cycles);
        }
        assertTrue(cycles > 1, "more than the one counted yield ran: " + cycles);
        // Past the idle phase, the awaiting phase still yields; ending the wait ends it.
        while (System.nanoTime() - startNs < phaseNs / 2 + TimeUnit.MILLISECONDS.toNanos(1)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        idle.idle(0);
        assertEquals(1_000, idle.nextParkNs(), "awaiting: still yielding past the idle phase");
        awaiting.set(false);
        idle.idle(0);
        assertEquals(2_000, idle.nextParkNs(), "no longer awaiting: past the idle phase, the next idle cycle parks");
        awaiting.set(true);
        while (System.nanoTime() - startNs < phaseNs + TimeUnit.MILLISECONDS.toNanos(1)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        idle.idle(0);
        assertEquals(4_000, idle.nextParkNs(), "the awaiting phase is over: the next idle cycle parks");
        idle.idle(1);
        idle.idle(0);
        assertEquals(1_000, idle.nextParkNs(), "work starts a new phase");
    }

    @Test
    void shouldKeepDoublingPastTheMaximumOnlyWhileQuiet() {
        final AtomicBoolean quiet = new AtomicBoolean(true);
        final AtomicBoolean awaiting = new AtomicBoolean(false);
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 0, 1_000, 4_000, 2_000, awaiting::get, 32_000,
            quiet::get);
        final long[] quietBackOff = {2_000, 4_000, 8_000, 16_000, 32_000, 32_000};
        for (final long next : quietBackOff) {
            idle.idle(0);
            assertEquals(next, idle.nextParkNs(), "quiet: doubles up to the quiet maximum");
        }
        quiet.set(false);
        idle.idle(0);
        assertEquals(4_000, idle.nextParkNs(), "no longer quiet: back to the idle maximum at the next park");
        quiet.set(true);
        idle.idle(0);
        assertEquals(8_000, idle.nextParkNs());
        awaiting.set(true);
        idle.idle(0);
        assertEquals(4_000, idle.nextParkNs(), "an awaited answer ends the quiet tier although quiet");
        idle.idle(1);
        assertEquals(1_000, idle.nextParkNs(), "work resets the back-off");
        awaiting.set(false);
        for (int i = 0; i < 4; i++) {
            idle.idle(0);
        }
        assertEquals(16_000, idle.nextParkNs());
        idle.idle(1);
        assertEquals(32_000, idle.nextParkNs(), "work of a quiet node parks and keeps the back-off going");
        quiet.set(false);
        idle.idle(1);
        assertEquals(4_000, idle.nextParkNs(), "parks at most the idle maximum once no longer quiet");
        idle.idle(1);
        assertEquals(1_000, idle.nextParkNs(), "work resets the back-off of a node that is not quiet");
    }

    @Test
    void shouldRefuseAQuietMaximumBelowTheIdleMaximum() {
        assertThrows(IllegalArgumentException.class, () -> new NodeIdleStrategy(0, 0, 1_000, 8_000, 1_000,
            () -> false, 4_000, () -> true));
    }

    @Test
    void shouldCapTheParkWhileAnAnswerIsAwaited() {
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 0, TEN_SECONDS_NS, TEN_SECONDS_NS,
            TimeUnit.MILLISECONDS.toNanos(1), () -> true);
        final long startNs = System.nanoTime();
        idle.idle(0);
        final long parkedNs = System.nanoTime() - startNs;
        assertTrue(parkedNs < FIVE_SECONDS_NS, "parked " + parkedNs + " ns although an answer was awaited");
    }

    @Test
    void shouldEndAParkWhenWokenFromAnotherThread() throws InterruptedException {
        final long eightSecondsNs = TimeUnit.SECONDS.toNanos(8);
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 0, eightSecondsNs, 2 * eightSecondsNs,
            2 * eightSecondsNs, () -> false);
        final AtomicLong parkedNs = new AtomicLong(-1);
        final Thread node = Thread.ofPlatform().name("idle-node").start(() -> {
            final long startNs = System.nanoTime();
            idle.idle(0);
            parkedNs.set(System.nanoTime() - startNs);
        });
        final long deadlineNs = System.nanoTime() + FIVE_SECONDS_NS;
        while (node.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadlineNs, "the node thread never parked: " + node.getState());
            Thread.onSpinWait();
        }
        idle.wake();
        node.join(TimeUnit.NANOSECONDS.toMillis(FIVE_SECONDS_NS));
        assertTrue(parkedNs.get() >= 0 && parkedNs.get() < FIVE_SECONDS_NS, "woken park lasted " + parkedNs + " ns");
        assertEquals(eightSecondsNs, idle.nextParkNs(), "a wake restarts the back-off from its minimum");
    }

    @Test
    void shouldNotLoseAWakeThatCameBeforeThePark() {
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 0, TEN_SECONDS_NS, TEN_SECONDS_NS, TEN_SECONDS_NS,
            () -> false);
        idle.wake();
        final long startNs = System.nanoTime();
        idle.idle(0);
        assertTrue(System.nanoTime() - startNs < FIVE_SECONDS_NS, "a wake before the park was lost");
    }

    @Test
    void shouldStillParkBrieflyWhileAnotherThreadWakesItWithEverySend() throws InterruptedException {
        final long shortParkNs = TimeUnit.MICROSECONDS.toNanos(100);
        final NodeIdleStrategy idle = new NodeIdleStrategy(0, 0, shortParkNs, TimeUnit.MILLISECONDS.toNanos(4),
            TimeUnit.MICROSECONDS.toNanos(250), () -> false);
        final AtomicBoolean sending = new AtomicBoolean(true);
        final Thread sender = Thread.ofPlatform().name("sender").start(() -> {
            while (sending.get()) {
                idle.wake();
                Thread.onSpinWait();
            }
        });
        try {
            final int parks = 100;
            final long startNs = System.nanoTime();
            for (int i = 0; i < parks; i++) {
                idle.idle(0);
            }
            final long elapsedNs = System.nanoTime() - startNs;
            // Each short park runs to its end (a spurious early return is possible, hence half).
            assertTrue(elapsedNs >= parks * shortParkNs / 2, "a stream of wakes kept the thread from parking: "
                + parks + " idles took " + elapsedNs + " ns");
        } finally {
            sending.set(false);
            sender.join();
        }
    }

    @Test
    void shouldRefuseInconsistentPeriods() {
        assertThrows(IllegalArgumentException.class, () -> new NodeIdleStrategy(0, 0, 2_000, 1_000, 1_000,
            () -> false));
        assertThrows(IllegalArgumentException.class, () -> new NodeIdleStrategy(-1, 0, 1_000, 1_000, 1_000,
            () -> false));
    }
}
