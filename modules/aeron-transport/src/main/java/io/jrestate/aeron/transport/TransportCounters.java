package io.jrestate.aeron.transport;

/**
 * A snapshot of the transport's counters.
 *
 * @param framesMalformed received frames rejected by the decoder
 * @param framesFromUnknownSessions data frames dropped because their session had no accepted handshake
 * @param handshakesRefused handshakes this node refused (other cluster, older generation, duplicate id)
 * @param rejectsReceived refusals this node received from peers
 * @param messagesExpiredInQueue queued messages discarded after waiting longer than their deadline
 * @param messagesWithoutHandler one-way messages dropped because no handler was registered for their type
 * @param requestsTimedOut requests failed with {@link TransportException.Reason#TIMEOUT}
 * @param queueFullRejections sends refused because a peer's queue was full
 */
public record TransportCounters(
    long framesMalformed,
    long framesFromUnknownSessions,
    long handshakesRefused,
    long rejectsReceived,
    long messagesExpiredInQueue,
    long messagesWithoutHandler,
    long requestsTimedOut,
    long queueFullRejections) {
}
