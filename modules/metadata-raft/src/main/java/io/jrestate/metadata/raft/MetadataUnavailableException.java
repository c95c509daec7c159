package io.jrestate.metadata.raft;

/**
 * No leader with a quorum answered within the client's timeouts. For a read nothing happened; for a write the
 * request was never accepted by a leader, so nothing happened either (compare {@link MetadataOutcomeUnknownException}).
 */
public final class MetadataUnavailableException extends MetadataStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which request, for how long, and the last reason
     */
    public MetadataUnavailableException(final String message) {
        super(message);
    }
}
