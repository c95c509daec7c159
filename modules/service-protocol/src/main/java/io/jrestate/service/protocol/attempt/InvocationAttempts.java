package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.InvokerOptions;
import java.util.concurrent.ScheduledExecutorService;
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
