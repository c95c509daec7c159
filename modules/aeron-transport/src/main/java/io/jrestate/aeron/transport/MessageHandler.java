package io.jrestate.aeron.transport;

import org.agrona.DirectBuffer;

/** Receives one-way messages of one type. Runs on the transport's agent thread: must not block. */
@FunctionalInterface
public interface MessageHandler {
    /**
     * A message arrived.
     *
     * @param from the sender, with the generation its session was established with
     * @param messageType the message type
     * @param buffer the body; valid only during this call, copy what you keep
     * @param offset where the body starts
     * @param length the body length
     */
    void onMessage(GenerationalNodeId from, int messageType, DirectBuffer buffer, int offset, int length);
}
