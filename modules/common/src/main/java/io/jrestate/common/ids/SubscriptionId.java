package io.jrestate.common.ids;

import java.util.random.RandomGenerator;

/**
 * Names a subscription (Kafka ingestion), e.g. {@code sub_1…}.
 * <pre>
 *   sub_ 1 7g8ktJK9jP4PyEHXpuNqWl
 *   |   | +-- ULID (u128), byte-swapped base62, 22 characters (see Base62)
 *   |   +-- version
 *   +-- resource type
 * </pre>
 *
 * @param ulid the 128 bits; the timestamp is the creation time
 */
public record SubscriptionId(Ulid ulid) {
    /** Resource type of the text form. */
    public static final String TYPE = "sub";

    private static final String ERROR_KIND = "subscription id";

    /**
     * Requires the ULID.
     *
     * @param ulid the 128 bits
     */
    public SubscriptionId {
        java.util.Objects.requireNonNull(ulid, "ulid");
    }

    /**
     * Creates a fresh id.
     *
     * @param epochMillis the creation time, ms since the Unix epoch
     * @param random the random source
     * @return the id
     */
    public static SubscriptionId generate(final long epochMillis, final RandomGenerator random) {
        return new SubscriptionId(Ulid.generate(epochMillis, random));
    }

    /**
     * Parses {@code sub_1…}.
     *
     * @param text the id
     * @return the id
     * @throws IdFormatException with the reference's reason, e.g. {@code bad subscription id 'sub_1x': bad length}
     */
    public static SubscriptionId parse(final CharSequence text) {
        final long[] value = ResourceIds.parseU128(ERROR_KIND, text, TYPE);
        return new SubscriptionId(new Ulid(value[0], value[1]));
    }

    /**
     * Returns the text form.
     *
     * @return {@code sub_1} and 22 base62 characters
     */
    @Override
    public String toString() {
        return Base62.appendU128(new StringBuilder(TYPE).append('_').append(ResourceIds.VERSION), ulid.high(),
            ulid.low()).toString();
    }
}
