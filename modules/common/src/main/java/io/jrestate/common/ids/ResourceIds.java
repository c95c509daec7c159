package io.jrestate.common.ids;

import java.util.Set;

/**
 * The envelope shared by Restate's textual resource ids, and the checks the reference applies to it in order.
 * <pre>
 *   inv_1l3Hc716hrBy6Oxezz9xAAzrCwsrVR1MOa
 *   \_/|\______________________________/
 *   type | payload (per type)
 *     version '1'
 *
 *   check, in this order (as observed on the reference) reason on failure
 *   1 text contains '_'                          bad format
 *   2 type is known (inv dp sub sign prom snap)  unrecognized resource type: &lt;type&gt;
 *   3 something follows the '_'                  bad length
 *   4 the version character is '1'               unrecognized codec version
 *   5 type is one of those expected              id doesn't match the expected type
 *   6 the payload decodes (per type)             bad length / base62 decode error / ...
 * </pre>
 */
final class ResourceIds {
    /** Version character of every current id. */
    static final char VERSION = '1';

    private static final Set<String> KNOWN_TYPES = Set.of("inv", "dp", "sub", "sign", "prom", "snap");

    private ResourceIds() {
    }

    /**
     * Runs checks 1 to 5 and returns the type found.
     *
     * @param kind the kind named in errors, e.g. {@code invocation id}
     * @param text the id text
     * @param expected the acceptable types
     * @return the type of {@code text}, one of {@code expected}; its payload starts at {@code type.length() + 2}
     * @throws IdFormatException naming the id and the first failed check
     */
    static String checkEnvelope(final String kind, final CharSequence text, final String... expected) {
        final int underscore = indexOf(text, '_');
        if (underscore < 0) {
            throw IdFormatException.of(kind, text, IdFormatException.BAD_FORMAT);
        }
        final String type = text.subSequence(0, underscore).toString();
        if (!KNOWN_TYPES.contains(type)) {
            throw IdFormatException.of(kind, text, IdFormatException.UNKNOWN_TYPE_PREFIX + type);
        }
        if (text.length() == underscore + 1) {
            throw IdFormatException.of(kind, text, IdFormatException.BAD_LENGTH);
        }
        if (text.charAt(underscore + 1) != VERSION) {
            throw IdFormatException.of(kind, text, IdFormatException.BAD_VERSION);
        }
        if (!Set.of(expected).contains(type)) {
            throw IdFormatException.of(kind, text, IdFormatException.TYPE_MISMATCH);
        }
        return type;
    }

    /**
     * Decodes a payload that is exactly one base62 u128 (deployment and subscription ids).
     *
     * @param kind the kind named in errors
     * @param text the whole id text
     * @param type the expected type
     * @return the u128 as {@code {high, low}}
     */
    static long[] parseU128(final String kind, final CharSequence text, final String type) {
        checkEnvelope(kind, text, type);
        final int start = type.length() + 2;
        try {
            final long[] value = Base62.decodeU128(text, start);
            if (text.length() != start + Base62.U128_CHARS) {
                throw new IdFormatException(IdFormatException.BAD_LENGTH);
            }
            return value;
        } catch (IdFormatException e) {
            throw IdFormatException.of(kind, text, e.reason());
        }
    }

    private static int indexOf(final CharSequence text, final char c) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
