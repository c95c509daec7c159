package io.jrestate.service.protocol.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.service.protocol.schema.HandlerType;
import io.jrestate.service.protocol.schema.OnMaxAttempts;
import io.jrestate.service.protocol.schema.ServiceType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Parses the manifest the TypeScript SDK 1.17.2 produced (spec section 2.2) and checks every option lands in
 * the model; then feeds invalid manifests and checks each error names the offending field.
 */
class ManifestParserTest {
    /** The observed manifest of the spec, with the trimmed parts filled in. */
    static final String TS_MANIFEST = """
        {"minProtocolVersion":5,"maxProtocolVersion":7,"protocolMode":"BIDI_STREAM","services":[
         {"name":"Counter","ty":"VIRTUAL_OBJECT","handlers":[
           {"name":"add","ty":"EXCLUSIVE","input":{"required":false,"contentType":"application/json"},
            "output":{"setContentTypeIfEmpty":false,"contentType":"application/json"}},
           {"name":"get","ty":"SHARED","input":{"required":false,"contentType":"application/json"},
            "output":{"setContentTypeIfEmpty":false,"contentType":"application/json"}}]},
         {"name":"Greeter","ty":"SERVICE","handlers":[{"name":"greet"}]},
         {"name":"Policy","ty":"SERVICE","documentation":"Policy service","metadata":{"owner":"me"},
          "journalRetention":86400000,"idempotencyRetention":3600000,"inactivityTimeout":60000,"abortTimeout":600000,
          "retryPolicyExponentiationFactor":2,"retryPolicyInitialInterval":200,"retryPolicyMaxInterval":10000,
          "retryPolicyMaxAttempts":10,"retryPolicyOnMaxAttempts":"PAUSE","handlers":[
           {"name":"limited","retryPolicyInitialInterval":100,"retryPolicyMaxAttempts":2,
            "retryPolicyOnMaxAttempts":"KILL"},
           {"name":"docs","documentation":"documented handler","metadata":{"team":"a"},"journalRetention":3600000,
            "inactivityTimeout":30000,"ingressPrivate":false}]},
         {"name":"LazyCounter","ty":"VIRTUAL_OBJECT","enableLazyState":true,"handlers":[{"name":"add"}]},
         {"name":"Wf","ty":"WORKFLOW","handlers":[{"name":"run","ty":"WORKFLOW"},{"name":"approve","ty":"SHARED"}]}]}
        """;

    private static EndpointManifest parse(final String json) throws DiscoveryException {
        return ManifestParser.parse(4, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldParseTheTypeScriptManifest() throws Exception {
        final EndpointManifest m = parse(TS_MANIFEST);
        assertEquals(ProtocolMode.BIDI_STREAM, m.protocolMode());
        assertEquals(5, m.minProtocolVersion());
        assertEquals(7, m.maxProtocolVersion());
        assertEquals(5, m.services().size());
        final EndpointManifest.Service counter = m.services().get(0);
        assertEquals(ServiceType.VIRTUAL_OBJECT, counter.type());
        assertEquals(HandlerType.SHARED, counter.handlers().get(1).type());
        assertEquals("application/json", counter.handlers().get(0).input().contentType());
        final EndpointManifest.Service greeter = m.services().get(1);
        assertNull(greeter.handlers().getFirst().type());
        assertEquals("*/*", greeter.handlers().getFirst().input().contentType());
        final EndpointManifest.Service policy = m.services().get(2);
        assertEquals("Policy service", policy.documentation());
        assertEquals(Map.of("owner", "me"), policy.metadata());
        assertEquals(Duration.ofDays(1), policy.options().journalRetention());
        assertEquals(10, policy.options().retryPolicy().maxAttempts());
        assertEquals(2.0, policy.options().retryPolicy().exponentiationFactor());
        assertEquals(OnMaxAttempts.KILL, policy.handlers().get(0).options().retryPolicy().onMaxAttempts());
        assertEquals(Boolean.FALSE, policy.handlers().get(1).options().ingressPrivate());
        assertEquals(Duration.ofSeconds(30), policy.handlers().get(1).options().inactivityTimeout());
        assertEquals(Boolean.TRUE, m.services().get(3).options().enableLazyState());
        assertEquals(HandlerType.WORKFLOW, m.services().get(4).handlers().get(0).type());
    }

    @Test
    void shouldDefaultHandlerTypesOfObjectsAndWorkflows() throws Exception {
        final EndpointManifest m = parse("""
            {"minProtocolVersion":5,"maxProtocolVersion":6,"protocolMode":"REQUEST_RESPONSE","services":[
             {"name":"O","ty":"VIRTUAL_OBJECT","handlers":[{"name":"h"}]},
             {"name":"W","ty":"WORKFLOW","handlers":[{"name":"run"}]}]}""");
        assertEquals(ProtocolMode.REQUEST_RESPONSE, m.protocolMode());
        assertEquals(HandlerType.EXCLUSIVE, m.services().get(0).handlers().getFirst().type());
        assertEquals(HandlerType.WORKFLOW, m.services().get(1).handlers().getFirst().type());
    }

    @Test
    void shouldIgnoreHandlerTypesOfPlainServices() throws Exception {
        // The Java SDK 2.4 marks service handlers SHARED; a service handler has no type.
        final EndpointManifest m = parse("""
            {"minProtocolVersion":5,"maxProtocolVersion":6,"protocolMode":"BIDI_STREAM","services":[
             {"name":"S","ty":"SERVICE","handlers":[{"name":"h","ty":"SHARED"}]}]}""");
        assertNull(m.services().getFirst().handlers().getFirst().type());
    }

    private static void assertRejected(final String json, final String expectedFragment) {
        final DiscoveryException e = assertThrows(DiscoveryException.class, () -> parse(json));
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        assertNull(e.restateCode());
    }

    @Test
    void shouldRejectInvalidManifestsNamingTheField() {
        assertRejected("{\"minProtocolVersion\":5,\"maxProtocolVersion\":7,\"services\":[]}", "missing protocol mode");
        assertRejected("not json", "cannot be decoded");
        assertRejected("{\"protocolMode\":\"BIDI_STREAM\",\"maxProtocolVersion\":7,\"services\":[]}",
            "'minProtocolVersion' must be an integer");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"1bad","ty":"SERVICE","handlers":[]}]}""", "invalid service name '1bad' at services[0].name");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"S","ty":"SERVICE","handlers":[{"name":"a-b"}]}]}""", "services[0].handlers[0].name");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"S","ty":"SERVICE","handlers":[{"name":"a"},{"name":"a"}]}]}""", "duplicate handler 'a'");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"S","ty":"THING","handlers":[]}]}""", "invalid service type 'THING'");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"W","ty":"WORKFLOW","handlers":[{"name":"a","ty":"SHARED"}]}]}""",
            "must have exactly one WORKFLOW handler");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"O","ty":"VIRTUAL_OBJECT","handlers":[{"name":"a","ty":"WORKFLOW"}]}]}""",
            "of a virtual object cannot be of type WORKFLOW");
        assertRejected("""
            {"protocolMode":"BIDI_STREAM","minProtocolVersion":5,"maxProtocolVersion":7,"services":[
             {"name":"S","ty":"SERVICE","inactivityTimeout":"1m","handlers":[]}]}""",
            "services[0].inactivityTimeout must be a non-negative integer");
    }
}
