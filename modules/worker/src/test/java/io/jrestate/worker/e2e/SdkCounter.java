package io.jrestate.worker.e2e;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;

/** End-to-end test virtual object on the real Java SDK: keyed state, exclusive add, shared get, clear. */
@VirtualObject
public class SdkCounter {
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
     * Adds after a durable sleep, holding the key's lock while suspended.
     *
     * @param ctx context
     * @param value the increment
     * @return the new value
     */
    @Handler
    public long slowAdd(final ObjectContext ctx, final long value) {
        ctx.sleep(java.time.Duration.ofMillis(3000));
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
