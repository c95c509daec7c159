package io.jrestate.common.ids;

import java.util.random.RandomGenerator;

/**
 * Names a registered deployment (a service endpoint at one revision), e.g. {@code dp_17g8ktJK9jP4PyEHXpuNqWl}.
 * <pre>
 *   dp_ 1 7g8ktJK9jP4PyEHXpuNqWl
 *   |   | +-- ULID (u128), byte-swapped base62, 22 characters (see Base62)
 *   |   +-- version
 *   +-- resource type
 * </pre>
 *
 * @param ulid the 128 bits; the timestamp is the registration time
 */
public record DeploymentId(Ulid ulid) {
    /** Resource type of the text form. */
    public static final String TYPE = "dp";

    private static final String ERROR_KIND = "deployment id";

    /**
     * Requires the ULID.
     *
     * @param ulid the 128 bits
     */
    public DeploymentId {
        java.util.Objects.requireNonNull(ulid, "ulid");
    }

    /**
     * Creates a fresh id.
     *
     * @param epochMillis the registration time, ms since the Unix epoch
     * @param random the random source
     * @return the id
     */
    public static DeploymentId generate(final long epochMillis, final RandomGenerator random) {
        return new DeploymentId(Ulid.generate(epochMillis, random));
    }

    /**
     * Parses {@code dp_1…}.
     *
     * @param text the id
     * @return the id
     * @throws IdFormatException with the reference's reason, e.g. {@code bad deployment id 'dp_1x': bad length}
     */
    public static DeploymentId parse(final CharSequence text) {
        final long[] value = ResourceIds.parseU128(ERROR_KIND, text, TYPE);
        return new DeploymentId(new Ulid(value[0], value[1]));
    }

    /**
     * Returns the text form.
     *
     * @return {@code dp_1} and 22 base62 characters
     */
    @Override
    public String toString() {
        return Base62.appendU128(new StringBuilder(TYPE).append('_').append(ResourceIds.VERSION), ulid.high(),
            ulid.low()).toString();
    }
}
