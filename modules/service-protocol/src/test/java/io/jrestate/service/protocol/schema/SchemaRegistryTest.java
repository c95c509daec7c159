package io.jrestate.service.protocol.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.DiscoveredEndpoint;
import io.jrestate.service.protocol.discovery.EndpointManifest;
import io.jrestate.service.protocol.discovery.ManifestParser;
import io.jrestate.common.ids.DeploymentId;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exercises the registration rules of the schema registry (new deployment, same URI with and without force,
 * breaking changes, dry run, removal, service modification), the effective configuration with defaults and
 * overrides, and durability: a registry reopened from its folder has the same state, and a corrupt file is an
 * error naming the file rather than an empty registry.
 */
class SchemaRegistryTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T15:12:16.034Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private static DiscoveredEndpoint endpoint(final String uri, final String servicesJson) throws Exception {
        final EndpointManifest m = ManifestParser.parse(4, ("{\"protocolMode\":\"BIDI_STREAM\","
            + "\"minProtocolVersion\":5,\"maxProtocolVersion\":7,\"services\":[" + servicesJson + "]}")
            .getBytes(StandardCharsets.UTF_8));
        return new DiscoveredEndpoint(URI.create(uri), HttpMode.HTTP2, List.of(Map.entry("x-a", "1")), "sdk/1", m);
    }

    private static final String COUNTER = "{\"name\":\"Counter\",\"ty\":\"VIRTUAL_OBJECT\",\"handlers\":["
        + "{\"name\":\"add\"},{\"name\":\"get\",\"ty\":\"SHARED\"}]}";
    private static final String GREETER = "{\"name\":\"Greeter\",\"ty\":\"SERVICE\",\"handlers\":["
        + "{\"name\":\"greet\"}]}";

    private SchemaRegistry open() throws IOException {
        return new SchemaRegistry(new FileSchemaStore(dir), ServiceDefaults.defaults(), CLOCK, new SplittableRandom(1));
    }

    @Test
    void shouldRegisterNewDeploymentWithRevisionOne() throws Exception {
        final SchemaRegistry r = open();
        final RegistrationResult res = r.register(endpoint("http://h:9080/", COUNTER + "," + GREETER), false, false,
            false, Map.of("team", "a"));
        assertTrue(res.created());
        assertEquals(res.deployment().id(), DeploymentId.parse(res.deployment().id()).toString());
        assertEquals(List.of("Counter", "Greeter"), res.services().stream().map(ServiceSchema::name).toList());
        assertEquals(1, r.service("Counter").orElseThrow().revision());
        assertEquals(CLOCK.instant(), res.deployment().createdAt());
        assertEquals(Map.of("team", "a"), res.deployment().metadata());
        assertEquals(1, r.snapshot().version());
    }

    @Test
    void shouldKeepExistingDeploymentForTheSameUriWithoutForce() throws Exception {
        final SchemaRegistry r = open();
        final RegistrationResult first = r.register(endpoint("http://h:9080/", COUNTER), false, false, false, Map.of());
        final RegistrationResult again = r.register(endpoint("http://h:9080/", COUNTER + "," + GREETER), false, false,
            false, Map.of());
        assertFalse(again.created());
        assertEquals(first.deployment(), again.deployment());
        assertTrue(r.service("Greeter").isEmpty(), "no new service without force");
        assertEquals(1, r.snapshot().version());
    }

    @Test
    void shouldOverwriteInPlaceWithForceBumpingRevisions() throws Exception {
        final SchemaRegistry r = open();
        final String id = r.register(endpoint("http://h:9080/", COUNTER), false, false, false, Map.of())
            .deployment().id();
        final RegistrationResult forced = r.register(endpoint("http://h:9080/", COUNTER + "," + GREETER), true,
            false, false, Map.of());
        assertFalse(forced.created());
        assertEquals(id, forced.deployment().id());
        assertEquals(2, r.service("Counter").orElseThrow().revision());
        assertEquals(1, r.service("Greeter").orElseThrow().revision());
        assertEquals(1, r.deployments().size());
    }

    @Test
    void shouldCreateNewRevisionsForANewDeploymentAndKeepTheOldOne() throws Exception {
        final SchemaRegistry r = open();
        final String first = r.register(endpoint("http://h:9080/", COUNTER), false, false, false, Map.of())
            .deployment().id();
        final String second = r.register(endpoint("http://h:9081/", COUNTER), false, false, false, Map.of())
            .deployment().id();
        assertNotEquals(first, second);
        assertEquals(2, r.service("Counter").orElseThrow().revision());
        assertEquals(second, r.service("Counter").orElseThrow().deploymentId());
        assertEquals(1, r.service("Counter", first).orElseThrow().revision());
        r.removeDeployment(second);
        assertEquals(first, r.service("Counter").orElseThrow().deploymentId());
        r.removeDeployment(first);
        assertTrue(r.services().isEmpty());
        final SchemaException e = assertThrows(SchemaException.class, () -> r.removeDeployment(first));
        assertEquals(SchemaException.Kind.NOT_FOUND, e.kind());
    }

    @Test
    void shouldRefuseBreakingChangesUnlessAllowed() throws Exception {
        final SchemaRegistry r = open();
        r.register(endpoint("http://h:9080/", COUNTER), false, false, false, Map.of());
        final SchemaException typeChange = assertThrows(SchemaException.class, () -> r.register(
            endpoint("http://h:9081/", "{\"name\":\"Counter\",\"ty\":\"SERVICE\",\"handlers\":[{\"name\":\"add\"},"
                + "{\"name\":\"get\"}]}"), false, false, false, Map.of()));
        assertEquals(SchemaException.Kind.CONFLICT, typeChange.kind());
        assertEquals("META0006", typeChange.restateCode());
        assertEquals("detected a new service revision for 'Counter' changing the service type from previous revision."
            + " Service type cannot be changed across revisions.", typeChange.getMessage());
        // Removing handlers is accepted, as restate-server 1.7.12 does.
        final RegistrationResult removed = r.register(endpoint("http://h:9081/", "{\"name\":\"Counter\","
            + "\"ty\":\"VIRTUAL_OBJECT\",\"handlers\":[{\"name\":\"add\"}]}"), false, false, false, Map.of());
        assertEquals(2, removed.services().getFirst().revision());
        final RegistrationResult breaking = r.register(endpoint("http://h:9082/", "{\"name\":\"Counter\","
            + "\"ty\":\"SERVICE\",\"handlers\":[{\"name\":\"add\"}]}"), false, true, false, Map.of());
        assertEquals(3, breaking.services().getFirst().revision());
    }

    @Test
    void shouldStoreNothingOnDryRun() throws Exception {
        final SchemaRegistry r = open();
        final RegistrationResult res = r.register(endpoint("http://h:9080/", COUNTER), false, false, true, Map.of());
        assertTrue(res.created());
        assertEquals(1, res.services().getFirst().revision());
        assertTrue(r.deployments().isEmpty());
        assertEquals(0, r.snapshot().version());
        assertFalse(Files.exists(dir.resolve(FileSchemaStore.FILE_NAME)));
    }

    @Test
    void shouldApplyDefaultsOverridesAndModifications() throws Exception {
        final SchemaRegistry r = open();
        r.register(endpoint("http://h:9080/", "{\"name\":\"Policy\",\"ty\":\"SERVICE\",\"ingressPrivate\":true,"
            + "\"retryPolicyMaxAttempts\":10,\"inactivityTimeout\":30000,\"handlers\":[{\"name\":\"limited\","
            + "\"retryPolicyMaxAttempts\":2,\"retryPolicyOnMaxAttempts\":\"KILL\",\"abortTimeout\":5000}]}"),
            false, false, false, Map.of());
        final ServiceSchema s = r.service("Policy").orElseThrow();
        assertFalse(s.isPublic());
        assertEquals(Duration.ofDays(1), s.journalRetention());
        assertEquals(Duration.ofSeconds(30), s.inactivityTimeout());
        assertEquals(10, s.retryPolicy().maxAttempts());
        assertEquals(Duration.ofMillis(500), s.retryPolicy().initialInterval());
        final InvocationConfig c = s.invocationConfig(s.handler("limited").orElseThrow());
        assertEquals(2, c.retryPolicy().maxAttempts());
        assertEquals(OnMaxAttempts.KILL, c.retryPolicy().onMaxAttempts());
        assertEquals(Duration.ofSeconds(5), c.abortTimeout());
        assertEquals(Duration.ofSeconds(30), c.inactivityTimeout());
        final ServiceSchema m = r.modifyService("Policy", new ServiceModification(true, null, null,
            Duration.ofHours(2), null, null));
        assertTrue(m.isPublic());
        assertEquals(Duration.ofHours(2), r.service("Policy").orElseThrow().journalRetention());
        final SchemaException e = assertThrows(SchemaException.class, () -> r.modifyService("Nope",
            new ServiceModification(true, null, null, null, null, null)));
        assertEquals("not found in the schema registry: service with name 'Nope'", e.getMessage());
    }

    @Test
    void shouldSurviveReopeningFromTheFolder() throws Exception {
        final SchemaRegistry r = open();
        r.register(endpoint("http://h:9080/", COUNTER + "," + GREETER), false, false, false, Map.of("k", "v"));
        r.register(endpoint("http://h:9081/", COUNTER), false, false, false, Map.of());
        r.modifyService("Greeter", new ServiceModification(false, Duration.ofMinutes(5), null, null, null, null));
        final SchemaSnapshot before = r.snapshot();
        final SchemaRegistry reopened = open();
        assertEquals(before, reopened.snapshot());
        assertEquals(3, reopened.snapshot().version());
    }

    @Test
    void shouldRefuseACorruptFileNamingIt() throws Exception {
        Files.writeString(dir.resolve(FileSchemaStore.FILE_NAME), "{\"format\":1,\"version\":");
        final IOException e = assertThrows(IOException.class, this::open);
        assertTrue(e.getMessage().contains(FileSchemaStore.FILE_NAME) && e.getMessage().contains("corrupt"),
            e.getMessage());
    }

    @Test
    void shouldIgnoreAnUnfinishedTemporaryFile() throws Exception {
        final SchemaRegistry r = open();
        r.register(endpoint("http://h:9080/", COUNTER), false, false, false, Map.of());
        Files.writeString(dir.resolve(FileSchemaStore.FILE_NAME + ".tmp"), "garbage");
        assertEquals(r.snapshot(), open().snapshot());
        assertFalse(Files.exists(dir.resolve(FileSchemaStore.FILE_NAME + ".tmp")));
    }
}
