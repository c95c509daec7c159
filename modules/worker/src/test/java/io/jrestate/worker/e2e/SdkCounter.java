package io.jrestate.worker.e2e;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** End-to-end test virtual object on the real Java SDK: keyed state, exclusive add, shared get, clear. */
@VirtualObject
public class SdkCounter {
    /** Per object key: counted down when {@code slowAdd} first runs (it holds the key's lock from then on). */
    static final ConcurrentHashMap<String, CountDownLatch> SLOW_ADD_STARTED = new ConcurrentHashMap<>();
    /** Per object key: {@code slowAdd} adds only once the test counts this down (or after a minute). */
    static final ConcurrentHashMap<String, CountDownLatch> SLOW_ADD_RELEASE = new ConcurrentHashMap<>();
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
        final String key = ctx.key();
        ctx.run("started", Boolean.class, () -> {
            latch(SLOW_ADD_STARTED, key).countDown();
            return true;
        });
        ctx.sleep(java.time.Duration.ofMillis(300));
        ctx.run("released", Boolean.class, () -> latch(SLOW_ADD_RELEASE, key).await(60, TimeUnit.SECONDS));
        return add(ctx, value);
    }

    /** The latch of {@code key} in {@code latches}, created on first use (by the handler or by the test). */
    static CountDownLatch latch(final ConcurrentHashMap<String, CountDownLatch> latches, final String key) {
        return latches.computeIfAbsent(key, k -> new CountDownLatch(1));
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
