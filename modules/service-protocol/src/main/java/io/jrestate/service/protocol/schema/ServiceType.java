package io.jrestate.service.protocol.schema;

/** Kind of a service, as in the manifest ({@code ty}) and the admin API. */
public enum ServiceType {
    /** Stateless service; handlers have no key. */
    SERVICE("SERVICE", "Service"),
    /** Keyed object with state and an exclusive-handler queue per key. */
    VIRTUAL_OBJECT("VIRTUAL_OBJECT", "VirtualObject"),
    /** Keyed workflow: one run per key plus shared handlers. */
    WORKFLOW("WORKFLOW", "Workflow");

    private final String manifestName;
    private final String label;

    ServiceType(final String manifestName, final String label) {
        this.manifestName = manifestName;
        this.label = label;
    }

    /**
     * Returns the manifest spelling.
     *
     * @return e.g. {@code VIRTUAL_OBJECT}
     */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Returns the admin API spelling.
     *
     * @return e.g. {@code VirtualObject}
     */
    public String label() {
        return label;
    }

    /**
     * Whether invocations of this service carry a key.
     *
     * @return true for objects and workflows
     */
    public boolean isKeyed() {
        return this != SERVICE;
    }

    /**
     * Parses the manifest or admin spelling.
     *
     * @param value e.g. {@code VIRTUAL_OBJECT} or {@code VirtualObject}
     * @return the type, or null when unknown
     */
    public static ServiceType parse(final String value) {
        for (final ServiceType t : values()) {
            if (t.manifestName.equals(value) || t.label.equals(value)) {
                return t;
            }
        }
        return null;
    }
}
