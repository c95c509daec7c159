package io.jrestate.worker.e2e;

import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;
import dev.restate.sdk.common.TerminalException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** End-to-end test service on the real Java SDK: plain, run-once, sleep, calls, retries and terminal errors. */
@Service
public class SdkGreeter {
    /** How often each side effect body ran, by label (checked: completed runs never run again). */
    static final ConcurrentHashMap<String, AtomicInteger> SIDE_EFFECTS = new ConcurrentHashMap<>();
    /** Attempts of {@link #flaky} per name. */
    static final ConcurrentHashMap<String, AtomicInteger> FLAKY_ATTEMPTS = new ConcurrentHashMap<>();

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
     * Runs a side effect, then sleeps (suspending), then answers with the side effect's result.
     *
     * @param ctx context
     * @param label the side effect's label
     * @return the side effect's result
     */
    @Handler
    public String runThenSleep(final Context ctx, final String label) {
        final String r = ctx.run("effect", String.class, () -> {
            SIDE_EFFECTS.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
            return "ran " + label;
        });
        ctx.sleep(Duration.ofMillis(200));
        return r;
    }

    /**
     * Sleeps (a durable timer), then records one run of the code after the sleep (label woke-MILLIS).
     *
     * @param ctx context
     * @param millis how long to sleep
     * @return slept MILLIS
     */
    @Handler
    public String sleepFor(final Context ctx, final long millis) {
        ctx.sleep(Duration.ofMillis(millis));
        ctx.run("woke", String.class, () -> {
            SIDE_EFFECTS.computeIfAbsent("woke-" + millis, k -> new AtomicInteger()).incrementAndGet();
            return "woke";
        });
        return "slept " + millis;
    }

    /**
     * Fails twice with a retryable error, then succeeds.
     *
     * @param ctx context
     * @param name a name that keys the attempt counter
     * @return the attempt that succeeded
     */
    @Handler
    public String flaky(final Context ctx, final String name) {
        final int attempt = FLAKY_ATTEMPTS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
        if (attempt < 3) {
            throw new IllegalStateException("not yet, attempt " + attempt);
        }
        return "ok after " + attempt;
    }

    /**
     * Fails terminally.
     *
     * @param ctx context
     * @param message the failure message
     * @return never
     */
    @Handler
    public String fail(final Context ctx, final String message) {
        throw new TerminalException(409, message);
    }

    /**
     * Calls the counter and sends a one-way increment to another key.
     *
     * @param ctx context
     * @param key the counter key
     * @return the counter value after the call
     */
    @Handler
    public long callCounter(final Context ctx, final String key) {
        SdkCounterClient.fromContext(ctx, key + "-oneway").send().add(1L);
        return SdkCounterClient.fromContext(ctx, key).add(5L).await();
    }
}
