package io.jrestate.launcher.internal;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;

/** Service of the backup process tests: a journaled step, then an answer. */
@Service
public class BackupGreeter {
    /**
     * Greets after a journaled step.
     *
     * @param ctx context
     * @param name who
     * @return the greeting
     */
    @Handler
    public String greet(final Context ctx, final String name) {
        final String upper = ctx.run("upper", String.class, () -> name.toUpperCase(java.util.Locale.ROOT));
        return "Hello " + upper;
    }
}
