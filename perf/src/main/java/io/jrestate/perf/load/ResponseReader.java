package io.jrestate.perf.load;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads HTTP/1.1 responses from a connection into one reusable buffer, keeping only what the load tool needs: the
 * status code and whether the server will close the connection. Bodies are skipped, not stored.
 *
 * <p>Framing handled: {@code content-length}, {@code transfer-encoding: chunked} (extensions and trailers
 * ignored), no length at all (body ends when the server closes), bodiless statuses (1xx, 204, 304), interim 1xx
 * responses before the final one, and {@code connection: close} or an HTTP/1.0 status line.
 *
 * <pre>
 *   HTTP/1.1 200 OK\r\n              status line: the code is the 3 digits after the first space
 *   content-length: 14\r\n           header names matched case-insensitively, without allocation
 *   \r\n
 *   "Hello, world!"                  skipped
 * </pre>
 */
final class ResponseReader {
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final int HTTP_VERSION_LENGTH = 8;

    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private int lineStart;
    private int lineEnd;
    private boolean closeAfter;

    /**
     * Creates a reader.
     *
     * @param in the connection's input
     * @param bufferBytes the buffer size, which bounds the length of one header line
     */
    ResponseReader(final InputStream in, final int bufferBytes) {
        this.in = in;
        this.buf = new byte[bufferBytes];
    }

    /** @return whether the last response said the server closes the connection after it */
    boolean closeAfter() {
        return closeAfter;
    }

    /**
     * Reads one complete final response, skipping interim 1xx responses.
     *
     * @return the status code
     * @throws EOFException when the connection ends before the response does
     * @throws IOException on a read error or a malformed response (the message says what was wrong)
     */
    int readResponse() throws IOException {
        while (true) {
            final int status = readHead();
            if (status >= 200 || status == 101) {
                return status;
            }
        }
    }

    private int readHead() throws IOException {
        readLine();
        final int status = parseStatusLine();
        long contentLength = -1;
        boolean chunked = false;
        while (readLine() > 0) {
            final int colon = indexOf((byte) ':', lineStart, lineEnd);
            if (colon < 0) {
                throw new IOException("malformed header line (no colon) in HTTP response");
            }
            if (nameIs(CONTENT_LENGTH, colon)) {
                contentLength = parseContentLength(colon + 1);
            } else if (nameIs(TRANSFER_ENCODING, colon)) {
                chunked = contains(CHUNKED, colon + 1);
            } else if (nameIs(CONNECTION, colon)) {
                closeAfter |= contains(CLOSE, colon + 1);
            }
        }
        if (status < 200 || status == 204 || status == 304) {
            return status;
        }
        if (chunked) {
            skipChunkedBody();
        } else if (contentLength >= 0) {
            skip(contentLength);
        } else {
            closeAfter = true;
            skipToEnd();
        }
        return status;
    }

    private int parseStatusLine() throws IOException {
        final int length = lineEnd - lineStart;
        if (length < HTTP_VERSION_LENGTH + 4 || buf[lineStart] != 'H' || buf[lineStart + HTTP_VERSION_LENGTH] != ' ') {
            throw new IOException("malformed HTTP status line");
        }
        closeAfter = buf[lineStart + HTTP_VERSION_LENGTH - 1] == '0';
        int status = 0;
        for (int i = lineStart + HTTP_VERSION_LENGTH + 1; i < lineStart + HTTP_VERSION_LENGTH + 4; i++) {
            final int digit = buf[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new IOException("malformed HTTP status code");
            }
            status = status * 10 + digit;
        }
        return status;
    }

    private long parseContentLength(final int from) throws IOException {
        long value = 0;
        boolean any = false;
        for (int i = from; i < lineEnd; i++) {
            final byte b = buf[i];
            if (b >= '0' && b <= '9') {
                value = value * 10 + (b - '0');
                any = true;
            } else if (b != ' ' && b != '\t') {
                throw new IOException("malformed content-length header");
            }
        }
        if (!any) {
            throw new IOException("empty content-length header");
        }
        return value;
    }

    private void skipChunkedBody() throws IOException {
        while (true) {
            readLine();
            long size = 0;
            int i = lineStart;
            for (; i < lineEnd; i++) {
                final int digit = Character.digit(buf[i], 16);
                if (digit < 0) {
                    break;
                }
                size = size * 16 + digit;
            }
            if (i == lineStart) {
                throw new IOException("malformed chunk size line");
            }
            if (size == 0) {
                while (readLine() > 0) {
                    // Trailer fields are ignored.
                }
                return;
            }
            skip(size);
            if (readLine() != 0) {
                throw new IOException("chunk data not followed by CRLF");
            }
        }
    }

    /** Reads the next line; sets lineStart/lineEnd (CRLF excluded) and returns its length. */
    private int readLine() throws IOException {
        int scanFrom = pos;
        while (true) {
            final int lf = indexOf((byte) '\n', scanFrom, limit);
            if (lf >= 0) {
                lineStart = pos;
                lineEnd = lf > pos && buf[lf - 1] == '\r' ? lf - 1 : lf;
                pos = lf + 1;
                return lineEnd - lineStart;
            }
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            if (limit == buf.length) {
                throw new IOException("HTTP response line longer than " + buf.length + " bytes");
            }
            scanFrom = limit;
            fill();
        }
    }

    private void skip(final long bytes) throws IOException {
        long remaining = bytes;
        while (remaining > 0) {
            if (pos == limit) {
                pos = 0;
                limit = 0;
                fill();
            }
            final int n = (int) Math.min(remaining, limit - pos);
            pos += n;
            remaining -= n;
        }
    }

    private void skipToEnd() throws IOException {
        pos = 0;
        limit = 0;
        while (in.read(buf, 0, buf.length) >= 0) {
            // The body is delimited by the end of the connection.
        }
    }

    private void fill() throws IOException {
        final int n = in.read(buf, limit, buf.length - limit);
        if (n < 0) {
            throw new EOFException("connection closed before the HTTP response was complete");
        }
        limit += n;
    }

    private int indexOf(final byte b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean nameIs(final byte[] lowerName, final int colon) {
        if (colon - lineStart != lowerName.length) {
            return false;
        }
        for (int i = 0; i < lowerName.length; i++) {
            if (toLower(buf[lineStart + i]) != lowerName[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean contains(final byte[] lowerWord, final int from) {
        for (int start = from; start + lowerWord.length <= lineEnd; start++) {
            int i = 0;
            while (i < lowerWord.length && toLower(buf[start + i]) == lowerWord[i]) {
                i++;
            }
            if (i == lowerWord.length) {
                return true;
            }
        }
        return false;
    }

    private static byte toLower(final byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static byte[] bytes(final String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
