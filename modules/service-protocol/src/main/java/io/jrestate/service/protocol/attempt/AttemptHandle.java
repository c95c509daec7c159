package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.ProtocolVersion;

/**
 * The server's side of a running attempt, returned by {@link InvocationAttempts#start}. Thread-safe.
 */
public interface AttemptHandle {
    /**
     * Returns the protocol version negotiated for this attempt.
     *
     * @return V5, V6 or V7
     */
    ProtocolVersion protocolVersion();

    /**
     * Sends a message to the SDK on the open stream: a notification the worker has made durable, a
     * {@code CommandAckMessage} or (V7) a {@code ProposeRunCompletionAckMessage}. Messages are written in call order.
     *
     * @param message a server-to-SDK message
     * @return false when the request stream is no longer open (request/response mode, after the inactivity
     *     timeout, or after the attempt ended): the message will be in the journal replayed by the next attempt
     * @throws IllegalArgumentException for messages the server must not send (commands, control messages of the
     *     SDK, V7-only messages in an older version)
     */
    boolean send(Frame message);

    /**
     * Aborts the attempt: resets the HTTP/2 stream (RST_STREAM CANCEL) or closes the HTTP/1.1 connection. The
     * listener then gets {@link AttemptOutcome.Aborted} unless the attempt had already ended. Idempotent.
     *
     * @param reason why (shown in logs and the outcome)
     */
    void abort(String reason);
}
