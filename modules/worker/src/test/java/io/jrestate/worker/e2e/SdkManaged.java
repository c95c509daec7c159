package io.jrestate.worker.e2e;

import dev.restate.sdk.CallDurableFuture;
import dev.restate.sdk.Context;
import dev.restate.sdk.annotation.Handler;
import dev.restate.sdk.annotation.Service;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** End-to-end test service for invocation management: long sleeps, a call chain, and a gated retrying handler. */
@Service
public class SdkManaged {
    /** The callee invocation id of each {@link #callSleepy} call, by label. */
    static final ConcurrentHashMap<String, String> CALLEES = new ConcurrentHashMap<>();
    /** Labels whose {@link #gated} handler may succeed. */
    static final ConcurrentHashMap<String, Boolean> OPEN_GATES = new ConcurrentHashMap<>();
    /** Attempts of {@link #gated} per label. */
    static final ConcurrentHashMap<String, AtomicInteger> GATED_ATTEMPTS = new ConcurrentHashMap<>();

    /**
     * Sleeps for a long time.
     *
     * @param ctx context
     * @param label unused label
     * @return slept
     */
    @Handler
    public String sleepy(final Context ctx, final String label) {
        ctx.sleep(Duration.ofMinutes(10));
        return "slept";
    }

    /**
     * Calls {@link #sleepy} and waits for it, recording the callee's id.
     *
     * @param ctx context
     * @param label the label the callee id is recorded under
     * @return the callee's answer
     */
    @Handler
    public String callSleepy(final Context ctx, final String label) {
        final CallDurableFuture<String> call = SdkManagedClient.fromContext(ctx).sleepy(label);
        CALLEES.put(label, call.invocationId());
        return call.await();
    }

    /**
     * Fails with a retryable error until its gate is open.
     *
     * @param ctx context
     * @param label the gate
     * @return open
     */
    @Handler
    public String gated(final Context ctx, final String label) {
        GATED_ATTEMPTS.computeIfAbsent(label, k -> new AtomicInteger()).incrementAndGet();
        if (!OPEN_GATES.containsKey(label)) {
            throw new IllegalStateException("gate " + label + " is closed");
        }
        return "open " + label;
    }
}
