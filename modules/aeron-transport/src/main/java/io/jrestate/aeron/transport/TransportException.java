package io.jrestate.aeron.transport;

/** Why a request failed. */
public final class TransportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The reasons a request can fail. */
    public enum Reason {
        /** No response within the request's timeout. */
        TIMEOUT,
        /** The peer's outbound queue was full (back-pressure). */
        QUEUE_FULL,
        /** The node id is not known. */
        UNKNOWN_PEER,
        /** The link to the peer broke after the request was sent. */
        PEER_LOST,
        /** The peer restarted (a newer generation appeared) after the request was sent. */
        PEER_RESTARTED,
        /** The peer answered with an error (no handler, or the handler failed). */
        REMOTE_ERROR,
        /** The transport was closed. */
        CLOSED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason the reason
     * @param message details naming the peer and the request
     */
    public TransportException(final Reason reason, final String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    /**
     * The reason.
     *
     * @return why the request failed
     */
    public Reason reason() {
        return reason;
    }
}
