package io.jrestate.admin;

import dev.restate.sdk.ObjectContext;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.VirtualObject;

/** A Java SDK virtual object registered through the admin API in tests. */
@VirtualObject
public class AdminCounter {
    /**
     * Adds.
     *
     * @param ctx context
     * @param value increment
     * @return the value
     */
    @Handler
    public long add(final ObjectContext ctx, final long value) {
        return value;
    }
}
