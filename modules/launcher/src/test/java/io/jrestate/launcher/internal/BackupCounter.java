package io.jrestate.launcher.internal;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.VirtualObject;
import dev.restate.sdk.common.StateKey;

/** Virtual object of the backup process tests: each add answers the new count, so answers order the adds. */
@VirtualObject
public class BackupCounter {
    private static final StateKey<Long> COUNT = StateKey.of("count", Long.class);

    /**
     * Adds to the counter.
     *
     * @param ctx context
     * @param value the increment (0 reads the count after every add queued before it)
     * @return the new count
     */
    @Handler
    public long add(final ObjectContext ctx, final long value) {
        final long next = ctx.get(COUNT).orElse(0L) + value;
        ctx.set(COUNT, next);
        return next;
    }
}
