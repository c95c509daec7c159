package io.jrestate.aeron.transport;

/** What happened to a message handed to {@link Transport#send}. */
public enum SendStatus {
    /** Written to the peer's Aeron publication. */
    SENT,
    /** Waiting in the peer's bounded queue: the session is not established yet, or the publication is full. */
    QUEUED,
    /** Not accepted: the peer's queue is full. Back off and retry, or give up. */
    QUEUE_FULL,
    /** Not accepted: the node id is not known (see {@link Transport#addPeer}). */
    UNKNOWN_PEER,
    /** Not accepted: the transport is closed. */
    CLOSED,
    /** A response that nobody waits for any more: the requester restarted or left. */
    DISCARDED;

    /**
     * Whether the transport took the message.
     *
     * @return true for {@link #SENT} and {@link #QUEUED}
     */
    public boolean accepted() {
        return this == SENT || this == QUEUED;
    }
}
