package io.jrestate.http.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Percent-decodes one path segment as RFC 3986 defines it: {@code %XX} becomes a byte, everything else,
 * {@code +} included, stays as it is (unlike form decoding, where {@code +} is a space). Bytes are read as UTF-8.
 */
public final class PercentDecoder {
    private PercentDecoder() {
    }

    /**
     * Decodes {@code segment}.
     *
     * @param segment a raw path segment
     * @return the decoded text
     * @throws IllegalArgumentException on a truncated or non-hex escape
     */
    public static String decode(final String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        final ByteArrayOutputStream out = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            final int c = segment.codePointAt(i);
            if (c != '%') {
                final byte[] bytes = Character.toString(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
                i += Character.charCount(c) - 1;
                continue;
            }
            if (i + 2 >= segment.length()) {
                throw new IllegalArgumentException("truncated percent escape in path segment '" + segment + "'");
            }
            out.write(hex(segment, i + 1) * 16 + hex(segment, i + 2));
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(final String s, final int index) {
        final int digit = Character.digit(s.charAt(index), 16);
        if (digit < 0) {
            throw new IllegalArgumentException("bad percent escape in path segment '" + s + "'");
        }
        return digit;
    }
}
