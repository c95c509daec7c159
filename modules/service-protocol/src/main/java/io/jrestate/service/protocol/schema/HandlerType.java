package io.jrestate.service.protocol.schema;

/** Kind of a handler of an object or workflow ({@code ty} in the manifest); services' handlers have none. */
public enum HandlerType {
    /** One at a time per key; may write state. */
    EXCLUSIVE("EXCLUSIVE", "Exclusive"),
    /** Concurrent per key; may only read state. */
    SHARED("SHARED", "Shared"),
    /** The workflow's run handler, once per key. */
    WORKFLOW("WORKFLOW", "Workflow");

    private final String manifestName;
    private final String label;

    HandlerType(final String manifestName, final String label) {
        this.manifestName = manifestName;
        this.label = label;
    }

    /**
     * Returns the manifest spelling.
     *
     * @return e.g. {@code SHARED}
     */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Returns the admin API spelling.
     *
     * @return e.g. {@code Shared}
     */
    public String label() {
        return label;
    }

    /**
     * Parses the manifest or admin spelling.
     *
     * @param value e.g. {@code SHARED} or {@code Shared}
     * @return the type, or null when unknown
     */
    public static HandlerType parse(final String value) {
        for (final HandlerType t : values()) {
            if (t.manifestName.equals(value) || t.label.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
