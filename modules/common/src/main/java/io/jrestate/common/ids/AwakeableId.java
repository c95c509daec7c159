package io.jrestate.common.ids;

import java.util.Base64;

/**
 * Names an awakeable: the invocation that waits on it and the signal (or, legacy, journal entry) that completes
 * it. Users see it as text and hand it to {@code POST /restate/awakeables/{id}/resolve|reject}.
 * <pre>
 *   sign_1 + base64url-without-padding( 28 bytes ):
 *   0                                    24            28
 *   +------------------------------------+-------------+
 *   | invocation id, binary form         | index       |
 *   | (pk u64 BE, uuid u128 BE)          | u32 BE      |
 *   +------------------------------------+-------------+
 *   38 characters of payload; e.g. sign_1BDMblp2FMOIgHbBDayd-61CcSa0aTGxyAAAAEQ names signal 17 of
 *   invocation 04331b96...4c6c72
 *
 *   prom_1 + the same payload: legacy (service protocol up to V4); the index is a journal entry index
 * </pre>
 * SDKs allocate signal indexes from 17 (1..16 are reserved for built-in signals; 1 = cancel).
 * Parsing follows the reference's reasons: after the common envelope checks ({@code ResourceIds}) a {@code sign}
 * payload that is not exactly 28 canonically encoded bytes is reported as
 * {@code id doesn't match the expected type}; a {@code prom} payload of the wrong length as {@code bad length}
 * and one with characters outside the alphabet as {@code base62 decode error} (the reference's generic codec
 * wording).
 *
 * @param kind signal (current) or legacy journal entry
 * @param invocationId the invocation that owns the awakeable
 * @param index signal index or legacy journal entry index (u32; Java int holds it with the sign bit as bit 31)
 */
public record AwakeableId(Kind kind, InvocationId invocationId, int index) {
    /** Characters of the base64url payload. */
    public static final int PAYLOAD_CHARS = 38;

    private static final String ERROR_KIND = "awakeable id";
    private static final int BYTES = InvocationId.BYTES + Integer.BYTES;

    /** The two id schemes. */
    public enum Kind {
        /** {@code sign_1…}: completed by a signal with this index (protocol V5+). */
        SIGNAL("sign"),
        /** {@code prom_1…}: legacy, completed as the journal entry with this index (protocol up to V4). */
        LEGACY_ENTRY("prom");

        private final String type;

        Kind(final String type) {
            this.type = type;
        }

        /**
         * Returns the resource type in the text form.
         *
         * @return {@code sign} or {@code prom}
         */
        public String type() {
            return type;
        }
    }

    /**
     * Requires the kind and invocation id.
     *
     * @param kind signal or legacy entry
     * @param invocationId the owning invocation
     * @param index signal or journal entry index
     */
    public AwakeableId {
        java.util.Objects.requireNonNull(kind, "kind");
        java.util.Objects.requireNonNull(invocationId, "invocationId");
    }

    /**
     * Returns the id of an awakeable completed by a signal.
     *
     * @param invocationId the owning invocation
     * @param signalIndex the signal index the SDK allocated (17 or more)
     * @return the id
     */
    public static AwakeableId ofSignal(final InvocationId invocationId, final int signalIndex) {
        return new AwakeableId(Kind.SIGNAL, invocationId, signalIndex);
    }

    /**
     * Parses {@code sign_1…} or {@code prom_1…}.
     *
     * @param text the id
     * @return the id
     * @throws IdFormatException with the reference's message, e.g. {@code bad awakeable id 'sign': bad format}
     */
    public static AwakeableId parse(final CharSequence text) {
        final String type = ResourceIds.checkEnvelope(ERROR_KIND, text, Kind.SIGNAL.type, Kind.LEGACY_ENTRY.type);
        final Kind kind = type.equals(Kind.SIGNAL.type) ? Kind.SIGNAL : Kind.LEGACY_ENTRY;
        final String payload = text.subSequence(type.length() + 2, text.length()).toString();
        final byte[] bytes = decodePayload(payload);
        if (bytes == null) {
            final String reason = kind == Kind.SIGNAL ? IdFormatException.TYPE_MISMATCH
                : payload.length() != PAYLOAD_CHARS ? IdFormatException.BAD_LENGTH : IdFormatException.BAD_BASE62;
            throw IdFormatException.of(ERROR_KIND, text, reason);
        }
        final int index = (bytes[24] & 0xFF) << 24 | (bytes[25] & 0xFF) << 16 | (bytes[26] & 0xFF) << 8
            | (bytes[27] & 0xFF);
        return new AwakeableId(kind, InvocationId.fromBytes(bytes, 0), index);
    }

    /**
     * Returns the text form.
     *
     * @return {@code sign_1…} or {@code prom_1…}, 44 characters
     */
    @Override
    public String toString() {
        final byte[] bytes = new byte[BYTES];
        invocationId.writeTo(bytes, 0);
        bytes[24] = (byte) (index >>> 24);
        bytes[25] = (byte) (index >>> 16);
        bytes[26] = (byte) (index >>> 8);
        bytes[27] = (byte) index;
        return kind.type + '_' + ResourceIds.VERSION + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Returns the 28 bytes, or null unless the payload is their canonical unpadded base64url form. */
    private static byte[] decodePayload(final String payload) {
        if (payload.length() != PAYLOAD_CHARS || payload.indexOf('=') >= 0) {
            return null;
        }
        final byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(payload);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // Java's decoder ignores set bits after the last full byte; the reference rejects them.
        final boolean canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).equals(payload);
        return canonical && bytes.length == BYTES ? bytes : null;
    }
}
