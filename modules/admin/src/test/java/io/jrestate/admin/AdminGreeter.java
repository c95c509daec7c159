package io.jrestate.admin;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;

/** A Java SDK service registered through the admin API in tests. */
@Service
public class AdminGreeter {
    /**
     * Greets.
     *
     * @param ctx context
     * @param name who
     * @return greeting
     */
    @Handler
    public String greet(final Context ctx, final String name) {
        return "Hello " + name;
    }
}
