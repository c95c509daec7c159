package io.jrestate.perf.aeron;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Measures a counter's rate over a window that starts after a warm-up. */
final class Windows {
    private Windows() {
    }

    /** Lets the receiver drain what the last window left in flight, so it is not counted in the next one. */
    static void settle() throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(300);
    }

    static double measureRate(final AtomicLong counter, final long warmupNs, final long measureNs)
        throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(warmupNs);
        final long startCount = counter.get();
        final long startNs = System.nanoTime();
        TimeUnit.NANOSECONDS.sleep(measureNs);
        final long count = counter.get() - startCount;
        return count * 1e9 / (System.nanoTime() - startNs);
    }
}
