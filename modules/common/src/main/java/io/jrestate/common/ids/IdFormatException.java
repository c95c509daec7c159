package io.jrestate.common.ids;

import java.io.Serial;

/**
 * A textual or binary id that cannot be decoded.
 *
 * <p>The message is what the ingress shows to users, in the reference server's wording, e.g.
 * {@code bad invocation id 'inv_1bogus': bad length}; {@link #reason()} is the part after the colon, which
 * the low-level decoders ({@link Base62}) produce before a parser knows which kind of id it was reading.
 */
public final class IdFormatException extends IllegalArgumentException {
    /** Reason: the text has no {@code <type>_} prefix. */
    public static final String BAD_FORMAT = "bad format";
    /** Reason: too few or too many characters (or bytes) for the id. */
    public static final String BAD_LENGTH = "bad length";
    /** Reason: a known resource type, but not the one expected here, or a payload that does not decode. */
    public static final String TYPE_MISMATCH = "id doesn't match the expected type";
    /** Reason: the version character after the prefix is not {@code 1}. */
    public static final String BAD_VERSION = "unrecognized codec version";
    /** Reason: a character outside {@code 0-9a-zA-Z}, or digits whose value exceeds the integer width. */
    public static final String BAD_BASE62 = "base62 decode error";
    /** Prefix of the reason for an unknown resource type; the type follows. */
    public static final String UNKNOWN_TYPE_PREFIX = "unrecognized resource type: ";

    @Serial
    private static final long serialVersionUID = 1L;

    /** The problem without the id, e.g. {@code bad length}. */
    private final String reason;

    /**
     * Creates an error that only knows the problem, not yet the id.
     *
     * @param reason what is wrong, e.g. {@code bad length}
     */
    public IdFormatException(final String reason) {
        super(reason);
        this.reason = reason;
    }

    private IdFormatException(final String message, final String reason) {
        super(message);
        this.reason = reason;
    }

    /**
     * Names the id and its kind in front of a reason.
     *
     * @param kind the kind as users see it, e.g. {@code invocation id}
     * @param text the offending id as given
     * @param reason what is wrong with it
     * @return an exception whose message is {@code bad <kind> '<text>': <reason>}
     */
    public static IdFormatException of(final String kind, final CharSequence text, final String reason) {
        return new IdFormatException("bad " + kind + " '" + text + "': " + reason, reason);
    }

    /**
     * Returns the problem without the id, e.g. {@code bad length}.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
