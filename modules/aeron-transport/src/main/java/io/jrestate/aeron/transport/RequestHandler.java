package io.jrestate.aeron.transport;

import org.agrona.DirectBuffer;

/**
 * Answers requests of one type. Runs on the transport's agent thread: must not block. Answer through the
 * {@link Responder}, now or later and from any thread. A handler that throws answers with an error.
 */
@FunctionalInterface
public interface RequestHandler {
    /**
     * A request arrived.
     *
     * @param from the requester
     * @param messageType the message type
     * @param buffer the body; valid only during this call, copy what you keep
     * @param offset where the body starts
     * @param length the body length
     * @param responder answers this request, exactly once
     */
    void onRequest(GenerationalNodeId from, int messageType, DirectBuffer buffer, int offset, int length,
        Responder responder);
}
