package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.LongSupplier;

/**
 * Starts invocation attempts against deployments. One instance per node; thread-safe.
 *
 * <p>Per attempt: negotiate the protocol version ({@link io.jrestate.service.protocol.schema.Deployment#negotiate}
 * capped by {@link InvokerOptions#maxProtocolVersion()}), open {@code POST {deployment}/invoke/{service}/{handler}}
 * over the deployment's HTTP mode, write StartMessage and the known journal, then report what the SDK sends to the
 * {@link AttemptListener}. Timeouts: after {@code inactivityTimeout} without any frame in either direction the
 * request stream is ended (the SDK then suspends); if the SDK has not finished {@code abortTimeout} after the
 * request stream closed (at once in request/response mode), the attempt is reset and fails.
 */
public final class InvocationAttempts {
    private final EndpointClient client;
    private final InvokerOptions options;
    private final ScheduledExecutorService timers;
    private final LongSupplier nanoClock;

    /**
     * Creates the factory.
     *
     * @param client the HTTP client towards deployments
     * @param options message size limit, additional headers, V7 switch
     * @param timers runs inactivity and abort checks (a single daemon thread is enough)
     * @param nanoClock monotonic time in nanoseconds ({@code System::nanoTime} in production)
     */
    public InvocationAttempts(final EndpointClient client, final InvokerOptions options,
                              final ScheduledExecutorService timers, final LongSupplier nanoClock) {
        this.client = client;
        this.options = options;
        this.timers = timers;
        this.nanoClock = nanoClock;
    }

    /**
     * Creates the executor for attempt timers: one daemon thread, and cancelled timers leave its queue at once.
     * Every attempt arms an inactivity or abort timer (minutes long) and cancels it when it finishes; with the
     * JDK's default policy a cancelled timer stays queued until its deadline and keeps the finished attempt (its
     * journal, its stream) reachable, which under load means tens of thousands of dead attempts on the heap.
     *
     * @param threadName the name of the timer thread
     * @return the executor; the caller shuts it down
     */
    public static ScheduledThreadPoolExecutor newTimerExecutor(final String threadName) {
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            final Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /**
     * Starts an attempt. Returns at once; everything else is reported to the listener, from a network thread. The
     * listener may be called before this method returns (an attempt that cannot start reports its outcome at once,
     * and on loopback the SDK may answer first), so a listener that needs the handle must cope with that.
     *
     * @param request the invocation and its journal
     * @param listener receives entries and the outcome
     * @return the handle to send notifications or abort
     */
    public AttemptHandle start(final AttemptRequest request, final AttemptListener listener) {
        return InvocationAttempt.start(client, options, timers, nanoClock, request, listener);
    }
}
