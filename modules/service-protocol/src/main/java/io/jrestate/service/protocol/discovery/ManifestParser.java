package io.jrestate.service.protocol.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.service.protocol.schema.HandlerType;
import io.jrestate.service.protocol.schema.InputRules;
import io.jrestate.service.protocol.schema.OnMaxAttempts;
import io.jrestate.service.protocol.schema.OutputRules;
import io.jrestate.service.protocol.schema.RetryPolicyOverrides;
import io.jrestate.service.protocol.schema.ServiceOptions;
import io.jrestate.service.protocol.schema.ServiceType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates an endpoint manifest (JSON, camelCase). Every error names the JSON path of the offending
 * field, e.g. {@code services[2].handlers[0].name}.
 */
public final class ManifestParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SERVICE_NAME = Pattern.compile("^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9._-]*$");
    private static final Pattern HANDLER_NAME = Pattern.compile("^([a-zA-Z]|_[a-zA-Z0-9])[a-zA-Z0-9_]*$");

    private ManifestParser() {
    }

    /**
     * Parses a manifest body.
     *
     * @param manifestVersion the version named by the response content type
     * @param body the JSON bytes
     * @return the validated manifest
     * @throws DiscoveryException ({@code restate_code} null, not retryable) naming the invalid field
     */
    public static EndpointManifest parse(final int manifestVersion, final byte[] body) throws DiscoveryException {
        final JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (final java.io.IOException e) {
            final String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw bad("received a bad response from the SDK that cannot be decoded: " + detail
                + ". Discovery response: " + new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
        if (root == null || !root.isObject()) {
            throw bad("received a bad response from the SDK: the discovery response is not a JSON object", null);
        }
        final String modeText = text(root, "protocolMode", "protocolMode");
        if (modeText == null) {
            throw bad("received a bad response from the SDK: missing protocol mode", null);
        }
        final ProtocolMode mode = switch (modeText) {
            case "BIDI_STREAM" -> ProtocolMode.BIDI_STREAM;
            case "REQUEST_RESPONSE" -> ProtocolMode.REQUEST_RESPONSE;
            default -> throw bad("received a bad response from the SDK: unknown protocolMode '" + modeText + "'",
                null);
        };
        final int min = intRequired(root, "minProtocolVersion");
        final int max = intRequired(root, "maxProtocolVersion");
        final JsonNode services = root.get("services");
        if (services == null || !services.isArray()) {
            throw bad("received a bad response from the SDK: field 'services' must be an array", null);
        }
        final List<EndpointManifest.Service> parsed = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int i = 0; i < services.size(); i++) {
            final EndpointManifest.Service s = service(services.get(i), "services[" + i + "]");
            if (!names.add(s.name())) {
                throw bad("received a bad response from the SDK: duplicate service name '" + s.name() + "'", null);
            }
            parsed.add(s);
        }
        return new EndpointManifest(manifestVersion, mode, min, max, text(root, "lambdaCompression",
            "lambdaCompression"), parsed);
    }

    private static EndpointManifest.Service service(final JsonNode node, final String path)
        throws DiscoveryException {
        requireObject(node, path);
        final String name = text(node, "name", path + ".name");
        if (name == null || !SERVICE_NAME.matcher(name).matches()) {
            throw bad("received a bad response from the SDK: invalid service name '" + name + "' at " + path
                + ".name (must match " + SERVICE_NAME.pattern() + ")", null);
        }
        final ServiceType type = ServiceType.parse(text(node, "ty", path + ".ty"));
        if (type == null) {
            throw bad("received a bad response from the SDK: invalid service type '" + text(node, "ty", path)
                + "' at " + path + ".ty of service '" + name + "'", null);
        }
        final JsonNode handlers = node.get("handlers");
        if (handlers == null || !handlers.isArray()) {
            throw bad("received a bad response from the SDK: " + path + ".handlers must be an array", null);
        }
        final List<EndpointManifest.Handler> parsed = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        int workflowHandlers = 0;
        for (int i = 0; i < handlers.size(); i++) {
            final EndpointManifest.Handler h = handler(handlers.get(i), path + ".handlers[" + i + "]", type, name);
            if (!names.add(h.name())) {
                throw bad("received a bad response from the SDK: duplicate handler '" + h.name() + "' in service '"
                    + name + "'", null);
            }
            if (h.type() == HandlerType.WORKFLOW) {
                workflowHandlers++;
            }
            parsed.add(h);
        }
        if (type == ServiceType.WORKFLOW && workflowHandlers != 1) {
            throw bad("received a bad response from the SDK: workflow '" + name + "' must have exactly one WORKFLOW"
                + " handler, found " + workflowHandlers, null);
        }
        return new EndpointManifest.Service(name, type, parsed, text(node, "documentation", path),
            stringMap(node.get("metadata"), path + ".metadata"), options(node, path));
    }

    private static EndpointManifest.Handler handler(final JsonNode node, final String path, final ServiceType svcType,
                                                    final String service) throws DiscoveryException {
        requireObject(node, path);
        final String name = text(node, "name", path + ".name");
        if (name == null || !HANDLER_NAME.matcher(name).matches()) {
            throw bad("received a bad response from the SDK: invalid handler name '" + name + "' at " + path
                + ".name of service '" + service + "' (must match " + HANDLER_NAME.pattern() + ")", null);
        }
        final String tyText = text(node, "ty", path + ".ty");
        HandlerType type = tyText == null ? null : HandlerType.parse(tyText);
        if (tyText != null && type == null) {
            throw bad("received a bad response from the SDK: invalid handler type '" + tyText + "' at " + path
                + ".ty", null);
        }
        type = checkHandlerType(type, svcType, service, name);
        return new EndpointManifest.Handler(name, type, input(node.get("input"), path + ".input"),
            output(node.get("output"), path + ".output"), text(node, "documentation", path),
            stringMap(node.get("metadata"), path + ".metadata"), options(node, path));
    }

    private static HandlerType checkHandlerType(final HandlerType type, final ServiceType svcType,
                                                final String service, final String handler)
        throws DiscoveryException {
        return switch (svcType) {
            // Handlers of plain services have no type; some SDKs (Java 2.4) still send SHARED, which means nothing.
            case SERVICE -> null;
            case VIRTUAL_OBJECT -> {
                if (type == HandlerType.WORKFLOW) {
                    throw bad("received a bad response from the SDK: handler '" + service + "/" + handler
                        + "' of a virtual object cannot be of type WORKFLOW", null);
                }
                yield type == null ? HandlerType.EXCLUSIVE : type;
            }
            case WORKFLOW -> {
                if (type == HandlerType.EXCLUSIVE) {
                    throw bad("received a bad response from the SDK: handler '" + service + "/" + handler
                        + "' of a workflow cannot be of type EXCLUSIVE", null);
                }
                yield type == null ? HandlerType.WORKFLOW : type;
            }
        };
    }

    private static InputRules input(final JsonNode node, final String path) throws DiscoveryException {
        if (node == null || node.isNull()) {
            return InputRules.DEFAULT;
        }
        requireObject(node, path);
        return new InputRules(bool(node, "required", path) == Boolean.TRUE, text(node, "contentType", path),
            rawJson(node.get("jsonSchema")));
    }

    private static OutputRules output(final JsonNode node, final String path) throws DiscoveryException {
        if (node == null || node.isNull()) {
            return OutputRules.DEFAULT;
        }
        requireObject(node, path);
        return new OutputRules(text(node, "contentType", path), bool(node, "setContentTypeIfEmpty", path)
            == Boolean.TRUE, rawJson(node.get("jsonSchema")));
    }

    private static ServiceOptions options(final JsonNode node, final String path) throws DiscoveryException {
        final String onMaxText = text(node, "retryPolicyOnMaxAttempts", path);
        final OnMaxAttempts onMax = onMaxText == null ? null : OnMaxAttempts.parse(onMaxText);
        if (onMaxText != null && onMax == null) {
            throw bad("received a bad response from the SDK: invalid retryPolicyOnMaxAttempts '" + onMaxText
                + "' at " + path, null);
        }
        final JsonNode factor = node.get("retryPolicyExponentiationFactor");
        if (factor != null && !factor.isNull() && !factor.isNumber()) {
            throw bad("received a bad response from the SDK: " + path + ".retryPolicyExponentiationFactor must be"
                + " a number", null);
        }
        final Long maxAttempts = millis(node, "retryPolicyMaxAttempts", path);
        final RetryPolicyOverrides retry = new RetryPolicyOverrides(duration(node, "retryPolicyInitialInterval", path),
            factor == null || factor.isNull() ? null : factor.asDouble(),
            maxAttempts == null ? null : (int) Math.min(Integer.MAX_VALUE, maxAttempts),
            duration(node, "retryPolicyMaxInterval", path), onMax);
        return new ServiceOptions(duration(node, "inactivityTimeout", path), duration(node, "abortTimeout", path),
            duration(node, "journalRetention", path), duration(node, "idempotencyRetention", path),
            duration(node, "workflowCompletionRetention", path), bool(node, "enableLazyState", path),
            bool(node, "ingressPrivate", path), retry);
    }

    private static Duration duration(final JsonNode node, final String field, final String path)
        throws DiscoveryException {
        final Long ms = millis(node, field, path);
        return ms == null ? null : Duration.ofMillis(ms);
    }

    private static Long millis(final JsonNode node, final String field, final String path)
        throws DiscoveryException {
        final JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
            throw bad("received a bad response from the SDK: " + path + "." + field
                + " must be a non-negative integer, got " + v, null);
        }
        return v.asLong();
    }

    private static int intRequired(final JsonNode node, final String field) throws DiscoveryException {
        final JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
            throw bad("received a bad response from the SDK: field '" + field + "' must be an integer, got " + v,
                null);
        }
        return v.asInt();
    }

    private static Boolean bool(final JsonNode node, final String field, final String path)
        throws DiscoveryException {
        final JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw bad("received a bad response from the SDK: " + path + "." + field + " must be a boolean, got " + v,
                null);
        }
        return v.asBoolean();
    }

    private static String text(final JsonNode node, final String field, final String path)
        throws DiscoveryException {
        final JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad("received a bad response from the SDK: " + path + " must be a string, got " + v, null);
        }
        return v.asText();
    }

    private static Map<String, String> stringMap(final JsonNode node, final String path) throws DiscoveryException {
        final Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        requireObject(node, path);
        for (final Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw bad("received a bad response from the SDK: " + path + "." + e.getKey() + " must be a string",
                    null);
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    private static String rawJson(final JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("cannot re-serialise a parsed JSON node", e);
        }
    }

    private static void requireObject(final JsonNode node, final String path) throws DiscoveryException {
        if (node == null || !node.isObject()) {
            throw bad("received a bad response from the SDK: " + path + " must be a JSON object", null);
        }
    }

    private static DiscoveryException bad(final String message, final Throwable cause) {
        return new DiscoveryException(null, message, false, cause);
    }
}
