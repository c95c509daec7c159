package io.jrestate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Checks the exact request bytes the load tool sends: the key spliced into the path for keyed targets (several key
 * widths written into one reused buffer), the host header, content headers only with a body, extra headers, and a
 * base path taken from the URL.
 */
class RequestTemplateTest {

    private static String request(final RequestTemplate t, final byte[] buffer, final long key) {
        return new String(buffer, 0, t.write(key, buffer), StandardCharsets.UTF_8);
    }

    @Test
    void shouldSpliceEachKeyIntoTheSameBuffer() {
        final LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://127.0.0.1:28080",
            "--target", "Counter/{key}/add", "--body", "1", "--header", "x-a: b"}, 1);
        final RequestTemplate t = new RequestTemplate(o);
        final byte[] buffer = t.newBuffer();
        final String tail = "/add HTTP/1.1\r\nhost: 127.0.0.1:28080\r\ncontent-type: application/json\r\n"
                + "content-length: 1\r\nx-a: b\r\n\r\n1";
        assertEquals("POST /Counter/123456" + tail, request(t, buffer, 123_456));
        assertEquals("POST /Counter/0" + tail, request(t, buffer, 0));
        assertEquals("POST /Counter/" + Long.MAX_VALUE + tail, request(t, buffer, Long.MAX_VALUE));
    }

    @Test
    void shouldSendAnUnkeyedTargetWithoutBodyHeadersWhenTheBodyIsEmpty() {
        final LoadOptions o = LoadOptions.parse(new String[] {"--url", "http://h:1/pre/", "--target",
            "Greeter/greet"}, 1);
        final RequestTemplate t = new RequestTemplate(o);
        final byte[] buffer = t.newBuffer();
        final String expected = "POST /pre/Greeter/greet HTTP/1.1\r\nhost: h:1\r\ncontent-length: 0\r\n\r\n";
        assertEquals(expected, request(t, buffer, 42));
        assertEquals(expected, request(t, buffer, 7));
    }
}
