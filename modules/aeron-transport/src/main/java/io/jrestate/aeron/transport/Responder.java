package io.jrestate.aeron.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Answers one request. Thread-safe; only the first answer counts. If the requester has restarted since it asked,
 * the answer is discarded: the new process did not ask.
 */
public interface Responder {
    /**
     * Sends the response.
     *
     * @param buffer the response body
     * @param offset where it starts
     * @param length its length
     * @return what happened to the response
     */
    SendStatus respond(DirectBuffer buffer, int offset, int length);

    /**
     * Sends a response held in an array.
     *
     * @param body the response body
     * @return what happened to the response
     */
    default SendStatus respond(final byte[] body) {
        return respond(new UnsafeBuffer(body), 0, body.length);
    }

    /**
     * Fails the request; the requester's future fails with {@link TransportException.Reason#REMOTE_ERROR}.
     *
     * @param text why, for the requester's log
     * @return what happened to the error response
     */
    SendStatus fail(String text);
}
