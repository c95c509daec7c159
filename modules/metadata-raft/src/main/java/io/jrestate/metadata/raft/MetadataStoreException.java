package io.jrestate.metadata.raft;

/** Base of the errors the metadata store reports; the subclasses say whether a write may have happened. */
public class MetadataStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the error.
     *
     * @param message what went wrong, naming the key or request
     */
    public MetadataStoreException(final String message) {
        super(message);
    }
}
