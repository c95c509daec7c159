package io.jrestate.service.protocol.schema;

/** What happens to an invocation once its retry policy's attempts are used up. */
public enum OnMaxAttempts {
    /** The invocation is paused until resumed by an operator. */
    PAUSE("PAUSE", "Pause"),
    /** The invocation is killed. */
    KILL("KILL", "Kill");

    private final String manifestName;
    private final String label;

    OnMaxAttempts(final String manifestName, final String label) {
        this.manifestName = manifestName;
        this.label = label;
    }

    /**
     * Returns the manifest spelling.
     *
     * @return {@code PAUSE} or {@code KILL}
     */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Returns the admin API spelling.
     *
     * @return {@code Pause} or {@code Kill}
     */
    public String label() {
        return label;
    }

    /**
     * Parses any spelling, case-insensitively ({@code pause}, {@code PAUSE}, {@code Pause}).
     *
     * @param value the text
     * @return the value, or null when unknown
     */
    public static OnMaxAttempts parse(final String value) {
        for (final OnMaxAttempts v : values()) {
            if (v.manifestName.equalsIgnoreCase(value)) {
                return v;
            }
        }
        return null;
    }
}
