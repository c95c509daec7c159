package io.jrestate.service.protocol.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.ProtocolMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON encoding of a {@link SchemaSnapshot}. Durations are integer milliseconds, instants ISO-8601 strings,
 * absent optional values are omitted.
 *
 * <pre>
 * {"format": 1, "version": 7,
 *  "deployments": [{"id","uri","protocol_mode","http_mode","min_protocol_version","max_protocol_version",
 *                   "sdk_version"?,"created_at","additional_headers":[[k,v]...],"metadata":{...}}],
 *  "services": [{"name": "Counter", "revisions": [{"type","revision","deployment_id","handlers":[...],
 *                 "documentation"?,"metadata","public","idempotency_retention_ms","journal_retention_ms",
 *                 "workflow_completion_retention_ms"?,"inactivity_timeout_ms","abort_timeout_ms",
 *                 "enable_lazy_state","retry_policy":{...}}]}]}
 * </pre>
 */
final class SchemaCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int FORMAT = 1;

    private SchemaCodec() {
    }

    static byte[] encode(final SchemaSnapshot s) {
        final ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", s.version());
        final ArrayNode deps = root.putArray("deployments");
        s.deployments().forEach(d -> deps.add(deployment(d)));
        final ArrayNode services = root.putArray("services");
        s.services().forEach((name, revisions) -> {
            final ObjectNode n = services.addObject();
            n.put("name", name);
            final ArrayNode revs = n.putArray("revisions");
            revisions.forEach(r -> revs.add(service(r)));
        });
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SchemaSnapshot decode(final byte[] bytes) {
        final JsonNode root;
        try {
            root = MAPPER.readTree(bytes);
        } catch (final IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
        final int format = req(root, "format").asInt();
        if (format != FORMAT) {
            throw new IllegalArgumentException("unsupported format " + format + " (this server reads " + FORMAT + ")");
        }
        final List<Deployment> deployments = new ArrayList<>();
        for (final JsonNode d : req(root, "deployments")) {
            deployments.add(deployment(d));
        }
        final Map<String, List<ServiceSchema>> services = new LinkedHashMap<>();
        for (final JsonNode n : req(root, "services")) {
            final String name = req(n, "name").asText();
            final List<ServiceSchema> revisions = new ArrayList<>();
            for (final JsonNode r : req(n, "revisions")) {
                revisions.add(service(name, r));
            }
            services.put(name, revisions);
        }
        return new SchemaSnapshot(req(root, "version").asLong(), deployments, services);
    }

    private static ObjectNode deployment(final Deployment d) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("uri", d.uri().toString());
        n.put("protocol_mode", d.protocolMode().name());
        n.put("http_mode", d.httpMode().name());
        n.put("min_protocol_version", d.minProtocolVersion());
        n.put("max_protocol_version", d.maxProtocolVersion());
        if (d.sdkVersion() != null) {
            n.put("sdk_version", d.sdkVersion());
        }
        n.put("created_at", d.createdAt().toString());
        final ArrayNode headers = n.putArray("additional_headers");
        d.additionalHeaders().forEach(h -> headers.addArray().add(h.getKey()).add(h.getValue()));
        final ObjectNode md = n.putObject("metadata");
        d.metadata().forEach(md::put);
        return n;
    }

    private static Deployment deployment(final JsonNode n) {
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (final JsonNode h : req(n, "additional_headers")) {
            headers.add(Map.entry(h.get(0).asText(), h.get(1).asText()));
        }
        return new Deployment(req(n, "id").asText(), URI.create(req(n, "uri").asText()),
            ProtocolMode.valueOf(req(n, "protocol_mode").asText()), HttpMode.valueOf(req(n, "http_mode").asText()),
            req(n, "min_protocol_version").asInt(), req(n, "max_protocol_version").asInt(), optText(n, "sdk_version"),
            Instant.parse(req(n, "created_at").asText()), headers, stringMap(n.get("metadata")));
    }

    private static ObjectNode service(final ServiceSchema s) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("type", s.type().name());
        n.put("revision", s.revision());
        n.put("deployment_id", s.deploymentId());
        final ArrayNode handlers = n.putArray("handlers");
        s.handlers().forEach(h -> handlers.add(handler(h)));
        putOpt(n, "documentation", s.documentation());
        final ObjectNode md = n.putObject("metadata");
        s.metadata().forEach(md::put);
        n.put("public", s.isPublic());
        putMs(n, "idempotency_retention_ms", s.idempotencyRetention());
        putMs(n, "journal_retention_ms", s.journalRetention());
        putMs(n, "workflow_completion_retention_ms", s.workflowCompletionRetention());
        putMs(n, "inactivity_timeout_ms", s.inactivityTimeout());
        putMs(n, "abort_timeout_ms", s.abortTimeout());
        n.put("enable_lazy_state", s.enableLazyState());
        final RetryPolicy p = s.retryPolicy();
        final ObjectNode rp = n.putObject("retry_policy");
        putMs(rp, "initial_interval_ms", p.initialInterval());
        rp.put("exponentiation_factor", p.exponentiationFactor());
        if (p.maxAttempts() != null) {
            rp.put("max_attempts", p.maxAttempts());
        }
        putMs(rp, "max_interval_ms", p.maxInterval());
        rp.put("on_max_attempts", p.onMaxAttempts().name());
        return n;
    }

    private static ServiceSchema service(final String name, final JsonNode n) {
        final List<HandlerSchema> handlers = new ArrayList<>();
        for (final JsonNode h : req(n, "handlers")) {
            handlers.add(handler(h));
        }
        final JsonNode rp = req(n, "retry_policy");
        final RetryPolicy policy = new RetryPolicy(ms(rp, "initial_interval_ms"),
            req(rp, "exponentiation_factor").asDouble(), rp.has("max_attempts") ? rp.get("max_attempts").asInt() : null,
            ms(rp, "max_interval_ms"), OnMaxAttempts.valueOf(req(rp, "on_max_attempts").asText()));
        return new ServiceSchema(name, ServiceType.valueOf(req(n, "type").asText()), req(n, "revision").asInt(),
            req(n, "deployment_id").asText(), handlers, optText(n, "documentation"), stringMap(n.get("metadata")),
            req(n, "public").asBoolean(), ms(n, "idempotency_retention_ms"), ms(n, "journal_retention_ms"),
            ms(n, "workflow_completion_retention_ms"), ms(n, "inactivity_timeout_ms"), ms(n, "abort_timeout_ms"),
            req(n, "enable_lazy_state").asBoolean(), policy);
    }

    private static ObjectNode handler(final HandlerSchema h) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("name", h.name());
        putOpt(n, "type", h.type() == null ? null : h.type().name());
        final ObjectNode in = n.putObject("input");
        in.put("required", h.input().required());
        putOpt(in, "content_type", h.input().contentType());
        putOpt(in, "json_schema", h.input().jsonSchema());
        final ObjectNode out = n.putObject("output");
        putOpt(out, "content_type", h.output().contentType());
        out.put("set_content_type_if_empty", h.output().setContentTypeIfEmpty());
        putOpt(out, "json_schema", h.output().jsonSchema());
        putOpt(n, "documentation", h.documentation());
        final ObjectNode md = n.putObject("metadata");
        h.metadata().forEach(md::put);
        n.set("options", options(h.options()));
        return n;
    }

    private static HandlerSchema handler(final JsonNode n) {
        final JsonNode in = req(n, "input");
        final JsonNode out = req(n, "output");
        final String type = optText(n, "type");
        return new HandlerSchema(req(n, "name").asText(), type == null ? null : HandlerType.valueOf(type),
            new InputRules(req(in, "required").asBoolean(), optText(in, "content_type"), optText(in, "json_schema")),
            new OutputRules(optText(out, "content_type"), req(out, "set_content_type_if_empty").asBoolean(),
                optText(out, "json_schema")),
            optText(n, "documentation"), stringMap(n.get("metadata")), options(req(n, "options")));
    }

    private static ObjectNode options(final ServiceOptions o) {
        final ObjectNode n = MAPPER.createObjectNode();
        putMs(n, "inactivity_timeout_ms", o.inactivityTimeout());
        putMs(n, "abort_timeout_ms", o.abortTimeout());
        putMs(n, "journal_retention_ms", o.journalRetention());
        putMs(n, "idempotency_retention_ms", o.idempotencyRetention());
        putMs(n, "workflow_completion_retention_ms", o.workflowCompletionRetention());
        if (o.enableLazyState() != null) {
            n.put("enable_lazy_state", o.enableLazyState());
        }
        if (o.ingressPrivate() != null) {
            n.put("ingress_private", o.ingressPrivate());
        }
        final RetryPolicyOverrides r = o.retryPolicy();
        putMs(n, "retry_initial_interval_ms", r.initialInterval());
        if (r.exponentiationFactor() != null) {
            n.put("retry_exponentiation_factor", r.exponentiationFactor());
        }
        if (r.maxAttempts() != null) {
            n.put("retry_max_attempts", r.maxAttempts());
        }
        putMs(n, "retry_max_interval_ms", r.maxInterval());
        putOpt(n, "retry_on_max_attempts", r.onMaxAttempts() == null ? null : r.onMaxAttempts().name());
        return n;
    }

    private static ServiceOptions options(final JsonNode n) {
        final String onMax = optText(n, "retry_on_max_attempts");
        return new ServiceOptions(ms(n, "inactivity_timeout_ms"), ms(n, "abort_timeout_ms"),
            ms(n, "journal_retention_ms"), ms(n, "idempotency_retention_ms"), ms(n, "workflow_completion_retention_ms"),
            n.has("enable_lazy_state") ? n.get("enable_lazy_state").asBoolean() : null,
            n.has("ingress_private") ? n.get("ingress_private").asBoolean() : null,
            new RetryPolicyOverrides(ms(n, "retry_initial_interval_ms"),
                n.has("retry_exponentiation_factor") ? n.get("retry_exponentiation_factor").asDouble() : null,
                n.has("retry_max_attempts") ? n.get("retry_max_attempts").asInt() : null,
                ms(n, "retry_max_interval_ms"), onMax == null ? null : OnMaxAttempts.valueOf(onMax)));
    }

    private static JsonNode req(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing field '" + field + "'");
        }
        return v;
    }

    private static String optText(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Duration ms(final JsonNode n, final String field) {
        final JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : Duration.ofMillis(v.asLong());
    }

    private static void putMs(final ObjectNode n, final String field, final Duration d) {
        if (d != null) {
            n.put(field, d.toMillis());
        }
    }

    private static void putOpt(final ObjectNode n, final String field, final String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static Map<String, String> stringMap(final JsonNode n) {
        final Map<String, String> out = new LinkedHashMap<>();
        if (n != null) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
