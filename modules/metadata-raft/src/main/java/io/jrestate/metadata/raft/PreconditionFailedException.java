package io.jrestate.metadata.raft;

/** A put or delete was not applied because its precondition did not hold. The store is unchanged. */
public final class PreconditionFailedException extends MetadataStoreException {
    private static final long serialVersionUID = 1L;
    private final long currentVersion;

    /**
     * Creates the error.
     *
     * @param key the key
     * @param precondition the condition that failed
     * @param currentVersion the key's version when the command applied, 0 when absent
     */
    public PreconditionFailedException(final String key, final Precondition precondition, final long currentVersion) {
        super("precondition " + precondition.kind() + (precondition.version() != 0 ? "(" + precondition.version()
            + ")" : "") + " failed for metadata key '" + key + "': current version is "
            + (currentVersion == 0 ? "absent" : Long.toString(currentVersion)));
        this.currentVersion = currentVersion;
    }

    /** @return the key's version when the command applied, 0 when the key was absent */
    public long currentVersion() {
        return currentVersion;
    }
}
