package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.admin.AdminApi;
import io.jrestate.admin.AdminDeps;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.HandlerSchema;
import io.jrestate.service.protocol.schema.RetryPolicy;
import io.jrestate.service.protocol.schema.RetryPolicyOverrides;
import io.jrestate.service.protocol.schema.ServiceOptions;
import io.jrestate.service.protocol.schema.ServiceSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Renders registry objects as the reference admin API's JSON (snake_case, friendly durations, RFC 3339 timestamps
 * with nanoseconds, absent optional fields omitted), in the reference's field order.
 */
public final class AdminJson {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final DateTimeFormatter TIMESTAMP =
        DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AdminJson() {
    }

    /**
     * Serialises a JSON tree.
     *
     * @param node the tree
     * @return UTF-8 JSON
     */
    public static byte[] bytes(final ObjectNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Renders {@code GET /version}.
     *
     * @param deps version information
     * @return the JSON bytes
     */
    public static byte[] version(final AdminDeps deps) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("version", deps.serverVersion());
        n.put("min_admin_api_version", AdminApi.MIN_API_VERSION);
        n.put("max_admin_api_version", AdminApi.MAX_API_VERSION);
        n.put("ingress_endpoint", deps.ingressEndpoint());
        final ObjectNode features = n.putObject("features");
        for (final String f : List.of("vqueues", "invoker_yield", "kafka_scope", "scoped_virtual_objects",
            "scoped_state_table_migration", "preflight_invocation_termination_retention",
            "vqueues_migration_skip_completed", "vqueue_obsolete_cleanup")) {
            features.put(f, false);
        }
        features.put("protocol_v7", deps.protocolV7Enabled());
        for (final String f : List.of("scoped_promise_table_migration", "unique_random_seeds",
            "vqueues_async_refill")) {
            features.put(f, false);
        }
        return bytes(n);
    }

    static String timestamp(final Instant instant) {
        return TIMESTAMP.format(instant);
    }

    static String duration(final Duration d) {
        return FriendlyDuration.format(d);
    }

    static ObjectNode deployment(final Deployment d, final List<ServiceSchema> services, final boolean detailed) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("id", d.id());
        n.put("uri", d.uri().toString());
        n.put("protocol_type", d.protocolMode().label());
        n.put("http_version", d.httpMode().label());
        if (!d.additionalHeaders().isEmpty()) {
            final ObjectNode h = n.putObject("additional_headers");
            d.additionalHeaders().forEach(e -> h.put(e.getKey(), e.getValue()));
        }
        if (!d.metadata().isEmpty()) {
            final ObjectNode m = n.putObject("metadata");
            d.metadata().forEach(m::put);
        }
        n.put("created_at", timestamp(d.createdAt()));
        n.put("min_protocol_version", d.minProtocolVersion());
        n.put("max_protocol_version", d.maxProtocolVersion());
        if (d.sdkVersion() != null) {
            n.put("sdk_version", d.sdkVersion());
        }
        final ArrayNode s = n.putArray("services");
        for (final ServiceSchema svc : services) {
            if (detailed) {
                s.add(service(svc));
            } else {
                s.addObject().put("name", svc.name()).put("revision", svc.revision());
            }
        }
        return n;
    }

    static ObjectNode service(final ServiceSchema s) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("ty", s.type().label());
        final ArrayNode handlers = n.putArray("handlers");
        s.handlers().forEach(h -> handlers.add(handler(s, h)));
        putText(n, "documentation", s.documentation());
        putMap(n, "metadata", s.metadata());
        n.put("deployment_id", s.deploymentId());
        n.put("revision", s.revision());
        n.put("public", s.isPublic());
        n.put("idempotency_retention", duration(s.idempotencyRetention()));
        if (s.workflowCompletionRetention() != null) {
            n.put("workflow_completion_retention", duration(s.workflowCompletionRetention()));
        }
        n.put("journal_retention", duration(s.journalRetention()));
        n.put("inactivity_timeout", duration(s.inactivityTimeout()));
        n.put("abort_timeout", duration(s.abortTimeout()));
        n.put("enable_lazy_state", s.enableLazyState());
        n.set("retry_policy", retryPolicy(s.retryPolicy()));
        return n;
    }

    static ObjectNode handler(final ServiceSchema s, final HandlerSchema h) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("name", h.name());
        if (h.type() != null) {
            n.put("ty", h.type().label());
        }
        putText(n, "documentation", h.documentation());
        putMap(n, "metadata", h.metadata());
        final ServiceOptions o = h.options();
        n.put("public", s.invocationConfig(h).isPublic());
        n.put("input_description", h.input().contentType() == null ? "none" : h.input().contentType());
        n.put("output_description", h.output().contentType() == null ? "none" : h.output().contentType());
        putJson(n, "input_json_schema", h.input().jsonSchema());
        putJson(n, "output_json_schema", h.output().jsonSchema());
        putDuration(n, "journal_retention", o.journalRetention());
        putDuration(n, "idempotency_retention", o.idempotencyRetention());
        putDuration(n, "workflow_completion_retention", o.workflowCompletionRetention());
        putDuration(n, "inactivity_timeout", o.inactivityTimeout());
        putDuration(n, "abort_timeout", o.abortTimeout());
        if (o.enableLazyState() != null) {
            n.put("enable_lazy_state", o.enableLazyState());
        }
        n.set("retry_policy", retryOverrides(o.retryPolicy()));
        return n;
    }

    private static ObjectNode retryPolicy(final RetryPolicy p) {
        final ObjectNode n = MAPPER.createObjectNode();
        n.put("initial_interval", duration(p.initialInterval()));
        n.put("exponentiation_factor", p.exponentiationFactor());
        if (p.maxAttempts() == null) {
            n.putNull("max_attempts");
        } else {
            n.put("max_attempts", p.maxAttempts());
        }
        n.put("max_interval", duration(p.maxInterval()));
        n.put("on_max_attempts", p.onMaxAttempts().label());
        return n;
    }

    private static ObjectNode retryOverrides(final RetryPolicyOverrides r) {
        final ObjectNode n = MAPPER.createObjectNode();
        putDuration(n, "initial_interval", r.initialInterval());
        if (r.exponentiationFactor() != null) {
            n.put("exponentiation_factor", r.exponentiationFactor());
        }
        if (r.maxAttempts() == null) {
            n.putNull("max_attempts");
        } else {
            n.put("max_attempts", r.maxAttempts());
        }
        putDuration(n, "max_interval", r.maxInterval());
        if (r.onMaxAttempts() != null) {
            n.put("on_max_attempts", r.onMaxAttempts().label());
        }
        return n;
    }

    private static void putText(final ObjectNode n, final String field, final String value) {
        if (value != null) {
            n.put(field, value);
        }
    }

    private static void putDuration(final ObjectNode n, final String field, final Duration value) {
        if (value != null) {
            n.put(field, duration(value));
        }
    }

    private static void putMap(final ObjectNode n, final String field, final Map<String, String> map) {
        if (!map.isEmpty()) {
            final ObjectNode m = n.putObject(field);
            map.forEach(m::put);
        }
    }

    private static void putJson(final ObjectNode n, final String field, final String rawJson) {
        if (rawJson == null) {
            return;
        }
        try {
            n.set(field, MAPPER.readTree(rawJson));
        } catch (final IOException e) {
            n.put(field, rawJson);
        }
    }
}
