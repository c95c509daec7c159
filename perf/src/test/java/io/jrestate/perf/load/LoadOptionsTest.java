package io.jrestate.perf.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the load tool's command-line parsing: defaults, both {@code --name value} and {@code --name=value} forms,
 * friendly durations, targets with and without a key, and that every bad input fails with a message naming the
 * option and the offending value.
 */
class LoadOptionsTest {

    private static LoadOptions parse(final String... args) {
        return LoadOptions.parse(args, 99L);
    }

    private static String error(final String... args) {
        return assertThrows(LoadOptions.UsageException.class, () -> parse(args)).getMessage();
    }

    @Test
    void shouldUseDocumentedDefaults() {
        final LoadOptions o = parse();
        assertEquals("127.0.0.1", o.host());
        assertEquals(8080, o.port());
        assertEquals("", o.basePath());
        assertEquals(1, o.connections());
        assertEquals(Duration.ofSeconds(30), o.duration());
        assertEquals(Duration.ofSeconds(5), o.warmup());
        assertEquals("Greeter/greet", o.target());
        assertEquals(1000, o.keys());
        assertEquals("", o.body());
        assertFalse(o.openLoop());
        assertFalse(o.keyed());
        assertEquals(Duration.ofSeconds(10), o.timeout());
        assertEquals(99L, o.seed());
        assertEquals(List.of(), o.headers());
    }

    @Test
    void shouldParseEveryOptionInBothForms() {
        final LoadOptions o = parse("--url", "http://localhost:28080/base/", "--connections=64", "--duration",
                "1m 30s", "--warmup=500ms", "--target", "/Counter/{key}/add", "--keys", "1", "--body", "1",
                "--content-type", "text/plain", "--header", "x-test:  yes ", "--header=idempotency-key: k",
                "--rate", "2500.5", "--timeout", "PT2S", "--seed", "-7");
        assertEquals("localhost", o.host());
        assertEquals(28080, o.port());
        assertEquals("/base", o.basePath());
        assertEquals(64, o.connections());
        assertEquals(Duration.ofSeconds(90), o.duration());
        assertEquals(Duration.ofMillis(500), o.warmup());
        assertEquals("Counter/{key}/add", o.target());
        assertTrue(o.keyed());
        assertEquals(1, o.keys());
        assertEquals("1", o.body());
        assertEquals("text/plain", o.contentType());
        assertEquals(List.of("x-test: yes", "idempotency-key: k"), o.headers());
        assertTrue(o.openLoop());
        assertEquals(2500.5, o.ratePerSecond());
        assertEquals(Duration.ofSeconds(2), o.timeout());
        assertEquals(-7L, o.seed());
    }

    @Test
    void shouldDefaultThePortTo80AndAcceptSendTargetsAndIpv6() {
        final LoadOptions o = parse("--url", "http://[::1]", "--target", "Greeter/greet/send");
        assertEquals("::1", o.host());
        assertEquals(80, o.port());
        assertEquals("[::1]:80", o.authority());
        assertEquals("Greeter/greet/send", o.target());
    }

    @Test
    void shouldReturnNullForHelp() {
        assertNull(parse("--connections", "2", "--help"));
    }

    @Test
    void shouldNameTheOptionAndValueOfEveryBadInput() {
        assertEquals("unknown option '--conns'; known: --url --connections --duration --warmup --target --keys"
                + " --body --content-type --header --rate --timeout --seed --help", error("--conns", "3"));
        assertEquals("option '--connections' needs a value", error("--connections"));
        assertEquals("unexpected argument 'Greeter/greet': options start with --", error("Greeter/greet"));
        assertEquals("option '--connections': '0' must be a positive integer", error("--connections", "0"));
        assertEquals("option '--keys': 'many' is not an integer", error("--keys=many"));
        assertTrue(error("--duration", "soon").startsWith("option '--duration': "));
        assertEquals("option '--duration': '0s' must be longer than zero", error("--duration", "0s"));
        assertEquals("option '--rate': '-1' must be a positive number of requests per second", error("--rate=-1"));
        assertEquals("option '--rate': 'fast' is not a number", error("--rate=fast"));
        assertEquals("option '--url': 'https://x:1' must start with http:// (only plain HTTP/1.1 is supported)",
                error("--url", "https://x:1"));
        assertEquals("option '--url': 'http://x:1/?a=b' must not have a query or fragment",
                error("--url", "http://x:1/?a=b"));
        assertEquals("option '--header': 'nocolon' must look like 'Name: value'", error("--header", "nocolon"));
        assertEquals("option '--header': the tool sets 'content-length' itself",
                error("--header", "Content-Length: 3"));
    }

    @Test
    void shouldRejectMalformedTargets() {
        assertEquals("option '--target': 'Greeter' must be Service/handler or Object/{key}/handler, optionally"
                + " followed by /send", error("--target", "Greeter"));
        assertEquals("option '--target': 'a/b/c/d' must be Service/handler or Object/{key}/handler, optionally"
                + " followed by /send", error("--target", "a/b/c/d"));
        assertEquals("option '--target': 'Greeter//greet' has an empty path segment", error("--target",
                "Greeter//greet"));
        assertEquals("option '--target': 'Greeter/gr eet' has a character that must be percent-encoded in"
                + " segment 'gr eet'", error("--target", "Greeter/gr eet"));
        assertEquals("option '--target': '{key}/{key}/add' has more than one {key}", error("--target",
                "{key}/{key}/add"));
    }
}
