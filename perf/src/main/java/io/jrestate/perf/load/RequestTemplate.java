package io.jrestate.perf.load;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of one HTTP/1.1 request, precomputed once, with the key spliced in per request without allocating.
 *
 * <pre>
 *   +------------------------------+-----------+-------------------------------------------------+
 *   | "POST " base "/" Counter "/"  | key digits| "/add HTTP/1.1\r\nhost: h:p\r\n" headers "\r\n" body|
 *   +------------------------------+-----------+-------------------------------------------------+
 *     prefix (fixed)                 0..keys-1   suffix (fixed)
 * </pre>
 * A target without {@code {key}} has an empty suffix and no key digits: the prefix is the whole request. Keys are
 * the decimal numbers {@code 0} to {@code keys - 1}.
 */
public final class RequestTemplate {
    private static final int MAX_KEY_DIGITS = 19;

    private final byte[] prefix;
    private final byte[] suffix;
    private final boolean keyed;

    /**
     * Builds the template of the requests a run sends.
     *
     * @param options the run options (host, port, base path, target, body, headers)
     */
    public RequestTemplate(final LoadOptions options) {
        final String path = options.basePath() + "/" + options.target();
        final int at = path.indexOf(LoadOptions.KEY_PLACEHOLDER);
        this.keyed = at >= 0;
        final String beforeKey = keyed ? path.substring(0, at) : path;
        final String afterKey = keyed ? path.substring(at + LoadOptions.KEY_PLACEHOLDER.length()) : "";
        final byte[] bodyBytes = options.body().getBytes(StandardCharsets.UTF_8);
        final StringBuilder head = new StringBuilder();
        head.append(" HTTP/1.1\r\nhost: ").append(options.authority()).append("\r\n");
        if (bodyBytes.length > 0) {
            head.append("content-type: ").append(options.contentType()).append("\r\n");
        }
        head.append("content-length: ").append(bodyBytes.length).append("\r\n");
        for (final String header : options.headers()) {
            head.append(header).append("\r\n");
        }
        head.append("\r\n");
        final byte[] headBytes = head.toString().getBytes(StandardCharsets.UTF_8);
        final byte[] start = ("POST " + beforeKey).getBytes(StandardCharsets.UTF_8);
        final byte[] tail = concat(afterKey.getBytes(StandardCharsets.UTF_8), headBytes, bodyBytes);
        if (keyed) {
            this.prefix = start;
            this.suffix = tail;
        } else {
            this.prefix = concat(start, tail, new byte[0]);
            this.suffix = new byte[0];
        }
    }

    /** @return a buffer large enough for any request of this template */
    public byte[] newBuffer() {
        return new byte[prefix.length + MAX_KEY_DIGITS + suffix.length];
    }

    /**
     * Writes the request for one key into a buffer from {@link #newBuffer()}.
     *
     * @param key the key number, 0 or more (ignored when the target has no {@code {key}})
     * @param buffer the destination
     * @return how many bytes of the buffer make the request
     */
    public int write(final long key, final byte[] buffer) {
        System.arraycopy(prefix, 0, buffer, 0, prefix.length);
        int at = prefix.length;
        if (keyed) {
            at = writeDecimal(key, buffer, at);
            System.arraycopy(suffix, 0, buffer, at, suffix.length);
            at += suffix.length;
        }
        return at;
    }

    private static int writeDecimal(final long value, final byte[] buffer, final int at) {
        int digits = 1;
        for (long v = value / 10; v > 0; v /= 10) {
            digits++;
        }
        long v = value;
        for (int i = at + digits - 1; i >= at; i--) {
            buffer[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        return at + digits;
    }

    private static byte[] concat(final byte[] a, final byte[] b, final byte[] c) {
        final byte[] out = new byte[a.length + b.length + c.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        System.arraycopy(c, 0, out, a.length + b.length, c.length);
        return out;
    }
}
