package io.jrestate.service.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * Versions of the service invocation protocol this server speaks (V5 to V7), with their HTTP content types.
 *
 * <p>V5 introduced the immutable journal of commands and notifications; V6 adds {@code StartMessage.random_seed}
 * and failure metadata; V7 adds future-tree suspensions, {@code AwaitingOnMessage}, run-completion acks and the
 * error behaviour. The version is negotiated per attempt: the highest version both the deployment and the
 * server's cap allow.
 */
public enum ProtocolVersion {
    /** Protocol V5. */
    V5(5),
    /** Protocol V6 (the default cap, as in the reference server). */
    V6(6),
    /** Protocol V7 (only with the experimental option enabled). */
    V7(7);

    private static final String CONTENT_TYPE_PREFIX = "application/vnd.restate.invocation.v";

    private final int number;

    ProtocolVersion(final int number) {
        this.number = number;
    }

    /**
     * Returns the version number.
     *
     * @return 5, 6 or 7
     */
    public int number() {
        return number;
    }

    /**
     * Returns the content type naming this version, sent as {@code content-type} and {@code accept}.
     *
     * @return e.g. {@code application/vnd.restate.invocation.v6}
     */
    public String contentType() {
        return CONTENT_TYPE_PREFIX + number;
    }

    /**
     * Whether this version is at least {@code other}.
     *
     * @param other the version to compare with
     * @return true when this version is {@code other} or newer
     */
    public boolean atLeast(final ProtocolVersion other) {
        return number >= other.number;
    }

    /**
     * Looks a version up by number.
     *
     * @param number the protocol version number
     * @return the version, or empty when this server does not speak it
     */
    public static Optional<ProtocolVersion> ofNumber(final int number) {
        for (final ProtocolVersion v : values()) {
            if (v.number == number) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a content type such as {@code application/vnd.restate.invocation.v6}.
     *
     * @param contentType the header value (case-insensitive, parameters after {@code ;} ignored)
     * @return the version, or empty when the value names no version this server speaks
     */
    public static Optional<ProtocolVersion> ofContentType(final String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String value = contentType.trim().toLowerCase(Locale.ROOT);
        final int semicolon = value.indexOf(';');
        if (semicolon >= 0) {
            value = value.substring(0, semicolon).trim();
        }
        if (!value.startsWith(CONTENT_TYPE_PREFIX)) {
            return Optional.empty();
        }
        try {
            return ofNumber(Integer.parseInt(value.substring(CONTENT_TYPE_PREFIX.length())));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Picks the version for one attempt: the deployment's maximum capped by the server's, if within the
     * deployment's range.
     *
     * @param deploymentMin the deployment's minimum supported version number
     * @param deploymentMax the deployment's maximum supported version number
     * @param serverMax the highest version the server is allowed to use (V6 unless V7 is enabled)
     * @return the version to use, or empty when the ranges do not intersect
     */
    public static Optional<ProtocolVersion> negotiate(final int deploymentMin, final int deploymentMax,
                                                      final ProtocolVersion serverMax) {
        final int chosen = Math.min(deploymentMax, serverMax.number);
        if (chosen < deploymentMin || chosen < V5.number) {
            return Optional.empty();
        }
        return ofNumber(chosen);
    }
}
