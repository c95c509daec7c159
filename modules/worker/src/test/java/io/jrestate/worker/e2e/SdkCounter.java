package io.jrestate.worker.e2e;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** End-to-end test virtual object on the real Java SDK: keyed state, exclusive add, shared get, clear. */
@VirtualObject
public class SdkCounter {
    /** Counted down when {@code slowAdd} first runs (it holds its key's lock from then on). */
    static final CountDownLatch SLOW_ADD_STARTED = new CountDownLatch(1);
    /** {@code slowAdd} adds only once the test counts this down (or after a minute). */
    static final CountDownLatch SLOW_ADD_RELEASE = new CountDownLatch(1);
    private static final StateKey<Long> COUNT = StateKey.of("count", Long.class);

    /**
     * Adds to the counter.
     *
     * @param ctx context
     * @param value the increment
     * @return the new value
     */
    @Handler
    public long add(final ObjectContext ctx, final long value) {
        final long next = ctx.get(COUNT).orElse(0L) + value;
        ctx.set(COUNT, next);
        return next;
    }

    /**
     * Signals the test that it started, sleeps durably (holding the key's lock while suspended), waits until the
     * test releases it, then adds. The test decides when it ends, so no timing assumption decides the order.
     *
     * @param ctx context
     * @param value the increment
     * @return the new value
     */
    @Handler
    public long slowAdd(final ObjectContext ctx, final long value) {
        ctx.run("started", Boolean.class, () -> {
            SLOW_ADD_STARTED.countDown();
            return true;
        });
        ctx.sleep(java.time.Duration.ofMillis(300));
        ctx.run("released", Boolean.class, () -> SLOW_ADD_RELEASE.await(60, TimeUnit.SECONDS));
        return add(ctx, value);
    }

    /**
     * Reads the counter.
     *
     * @param ctx context
     * @return the value
     */
    @Shared
    @Handler
    public long get(final SharedObjectContext ctx) {
        return ctx.get(COUNT).orElse(0L);
    }

    /**
     * Clears all state and reports how many keys there were.
     *
     * @param ctx context
     * @return the number of state keys before clearing
     */
    @Handler
    public int reset(final ObjectContext ctx) {
        final int keys = ctx.stateKeys().size();
        ctx.clearAll();
        return keys;
    }
}
