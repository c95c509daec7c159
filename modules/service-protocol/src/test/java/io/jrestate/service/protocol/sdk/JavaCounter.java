package io.jrestate.service.protocol.sdk;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.SharedObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Shared;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;

/** Test virtual object written with the real Java SDK: state read and write. */
@VirtualObject
public class JavaCounter {
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
}
