package io.jrestate.service.protocol.sdk;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;
import java.time.Duration;

/** Test service written with the real Java SDK: plain, sleep, run and call handlers. */
@Service
public class JavaGreeter {
    /**
     * Greets.
     *
     * @param ctx context
     * @param name who
     * @return the greeting
     */
    @Handler
    public String greet(final Context ctx, final String name) {
        return "Hello " + name;
    }

    /**
     * Sleeps durably, then answers.
     *
     * @param ctx context
     * @param name who
     * @return the greeting
     */
    @Handler
    public String sleepy(final Context ctx, final String name) {
        ctx.sleep(Duration.ofMillis(5));
        return "Rested " + name;
    }

    /**
     * Runs a side effect.
     *
     * @param ctx context
     * @param name who
     * @return the side effect's result with the name
     */
    @Handler
    public String runner(final Context ctx, final String name) {
        final String r = ctx.run("step1", String.class, () -> "42");
        return r + " " + name;
    }

    /**
     * Calls the counter object.
     *
     * @param ctx context
     * @param key the counter key
     * @return the counter value the call returned
     */
    @Handler
    public long caller(final Context ctx, final String key) {
        return JavaCounterClient.fromContext(ctx, key).add(5L).await();
    }
}
