package io.jrestate.worker.internal.invoker;

/**
 * Opens invocation attempts against deployments. The worker owns durability and retries; the invoker owns the
 * wire (HTTP/2 or HTTP/1.1, framing, version negotiation, timeouts).
 */
public interface Invoker {
    /**
     * Starts an attempt. Events arrive on the listener from any thread, in order.
     *
     * @param request the start message fields and journal
     * @param listener receives the attempt's events
     * @return control of the attempt
     */
    AttemptHandle start(AttemptRequest request, AttemptListener listener);
}
