package io.jrestate.metadata.raft;

import io.jrestate.common.Verify;

/**
 * The condition a put or delete requires of the key's current state, checked when the committed command is
 * applied (so every member decides the same way).
 *
 * @param kind the kind of condition
 * @param version for {@link Kind#MATCHES_VERSION}, the version the key must have; 0 otherwise
 */
public record Precondition(Kind kind, long version) {
    /** The kinds of condition. */
    public enum Kind {
        /** Always holds. */
        NONE,
        /** Holds when the key is absent. */
        DOES_NOT_EXIST,
        /** Holds when the key is present with exactly the given version (compare-and-set). */
        MATCHES_VERSION
    }

    /** Checks the fields. */
    public Precondition {
        Verify.argument(kind != null, "precondition kind must not be null");
        Verify.argument(kind == Kind.MATCHES_VERSION ? version >= 1 : version == 0,
            "precondition " + kind + " has invalid version " + version);
    }

    /** @return the condition that always holds */
    public static Precondition none() {
        return new Precondition(Kind.NONE, 0);
    }

    /** @return the condition that the key is absent */
    public static Precondition doesNotExist() {
        return new Precondition(Kind.DOES_NOT_EXIST, 0);
    }

    /**
     * The compare-and-set condition.
     *
     * @param version the version the key must have, at least 1
     * @return the condition
     */
    public static Precondition matchesVersion(final long version) {
        return new Precondition(Kind.MATCHES_VERSION, version);
    }

    /**
     * Whether the condition holds for a key whose current version is {@code currentVersion}.
     *
     * @param currentVersion the key's version, 0 when absent
     * @return true when it holds
     */
    public boolean holdsFor(final long currentVersion) {
        return switch (kind) {
            case NONE -> true;
            case DOES_NOT_EXIST -> currentVersion == 0;
            case MATCHES_VERSION -> currentVersion == version;
        };
    }
}
