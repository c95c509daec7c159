package io.jrestate.metadata.raft;

/**
 * A write reached a leader but no answer came back (leadership lost, or the timeout passed): it may or may not
 * have been applied. Callers reconcile by reading the key's version.
 */
public final class MetadataOutcomeUnknownException extends MetadataStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message which request and why its outcome is unknown
     */
    public MetadataOutcomeUnknownException(final String message) {
        super(message);
    }
}
