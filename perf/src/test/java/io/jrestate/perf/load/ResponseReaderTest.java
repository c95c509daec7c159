package io.jrestate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks HTTP/1.1 response framing in the load tool's reader by feeding it byte streams: several keep-alive
 * responses back to back (content-length, chunked, bodiless statuses, interim 100), a stream that delivers one
 * byte per read (so every line and body crosses buffer refills), connection-close detection, and clear errors for
 * truncated or malformed responses.
 */
class ResponseReaderTest {

    private static ResponseReader reader(final String wire, final int bufferBytes) {
        return new ResponseReader(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), bufferBytes);
    }

    private static final String PIPELINE = ""
            + "HTTP/1.1 200 OK\r\nContent-Length: 14\r\nX-Restate-Id: inv_1\r\n\r\n\"Hello, world\""
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\nTRANSFER-ENCODING: chunked\r\n\r\n"
            + "5;ext=1\r\n{\"a\":\r\n3\r\n1}x\r\n0\r\nx-trailer: t\r\n\r\n"
            + "HTTP/1.1 204 No Content\r\n\r\n"
            + "HTTP/1.1 202 Accepted\r\ncontent-length:0\r\n\r\n"
            + "HTTP/1.1 500 Internal Server Error\r\nConnection: Close\r\ncontent-length: 2\r\n\r\n{}";

    @Test
    void shouldReadKeepAliveResponsesBackToBack() throws IOException {
        final ResponseReader r = reader(PIPELINE, 64);
        assertEquals(200, r.readResponse());
        assertFalse(r.closeAfter());
        assertEquals(404, r.readResponse());
        assertEquals(204, r.readResponse());
        assertEquals(202, r.readResponse());
        assertEquals(500, r.readResponse());
        assertTrue(r.closeAfter());
        assertThrows(EOFException.class, r::readResponse);
    }

    @Test
    void shouldReadTheSameResponsesOneByteAtATime() throws IOException {
        final byte[] wire = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        final InputStream trickle = new ByteArrayInputStream(wire) {
            @Override
            public synchronized int read(final byte[] b, final int off, final int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        final ResponseReader r = new ResponseReader(trickle, 80);
        assertEquals(200, r.readResponse());
        assertEquals(404, r.readResponse());
        assertEquals(204, r.readResponse());
        assertEquals(202, r.readResponse());
        assertEquals(500, r.readResponse());
    }

    @Test
    void shouldTreatAResponseWithoutLengthAsEndingAtClose() throws IOException {
        final ResponseReader r = reader("HTTP/1.1 200 OK\r\n\r\nbody until the end", 64);
        assertEquals(200, r.readResponse());
        assertTrue(r.closeAfter());
    }

    @Test
    void shouldCloseAfterAnHttp10Response() throws IOException {
        final ResponseReader r = reader("HTTP/1.0 200 OK\r\ncontent-length: 1\r\n\r\nx", 64);
        assertEquals(200, r.readResponse());
        assertTrue(r.closeAfter());
    }

    @Test
    void shouldFailClearlyOnTruncatedOrMalformedResponses() {
        assertEquals("connection closed before the HTTP response was complete", assertThrows(EOFException.class,
                () -> reader("HTTP/1.1 200 OK\r\ncontent-length: 10\r\n\r\nshort", 64).readResponse()).getMessage());
        assertEquals("malformed HTTP status line", assertThrows(IOException.class,
                () -> reader("SSH-2.0-OpenSSH\r\n\r\n", 64).readResponse()).getMessage());
        assertEquals("malformed HTTP status code", assertThrows(IOException.class,
                () -> reader("HTTP/1.1 2x0 OK\r\n\r\n", 64).readResponse()).getMessage());
        assertEquals("malformed content-length header", assertThrows(IOException.class,
                () -> reader("HTTP/1.1 200 OK\r\ncontent-length: -1\r\n\r\n", 64).readResponse()).getMessage());
        assertEquals("malformed chunk size line", assertThrows(IOException.class,
                () -> reader("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n", 64).readResponse())
                .getMessage());
        assertEquals("HTTP response line longer than 32 bytes", assertThrows(IOException.class,
                () -> reader("HTTP/1.1 200 OK\r\nx-long: " + "a".repeat(40) + "\r\n\r\n", 32).readResponse())
                .getMessage());
    }
}
