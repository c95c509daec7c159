package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The shared {@code components} of the per-service OpenAPI documents: the parameters ({@code key},
 * {@code idempotencyKeyHeader}, {@code idempotencyKeyPath}, {@code delay}), the error and send responses, and the
 * schemas of the ingress's JSON answers ({@code RestateError}, {@code SendResponse}).
 */
final class OpenApiComponents {
    private OpenApiComponents() {
    }

    /** The components object of a service document. */
    static ObjectNode ingress() {
        final ObjectNode components = AdminJson.MAPPER.createObjectNode();
        final ObjectNode params = components.putObject("parameters");
        param(params, "key", "path", "key", true, "The key of the virtual object or workflow");
        param(params, "idempotencyKeyHeader", "header", "idempotency-key", false,
            "Runs the request at most once per key within the service's idempotency retention");
        param(params, "idempotencyKeyPath", "path", "idempotencyKey", true,
            "The idempotency key the original request was sent with");
        param(params, "delay", "query", "delay", false, "Delays the execution, e.g. 10s or PT10S")
            .put("example", "10s");
        final ObjectNode responses = components.putObject("responses");
        error(responses, "GenericError", "Error response", 500, "Internal server error", "invocation");
        error(responses, "InvocationNotFoundError", "Invocation not found", 404, "invocation not found", "ingress");
        error(responses, "InvocationNotReadyError", "Invocation not completed yet", 470,
            "the invocation exists but has not completed yet", "ingress");
        responses.putObject("Send").put("description", "The request was accepted").putObject("content")
            .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/SendResponse");
        final ObjectNode schemas = components.putObject("schemas");
        schemas.set("RestateError", restateError());
        schemas.set("SendResponse", sendResponse());
        return components;
    }

    /** A handler's JSON schema text as a node; an unparsable one becomes an empty (any value) schema. */
    static JsonNode parse(final String jsonSchema) {
        try {
            return AdminJson.MAPPER.readTree(jsonSchema);
        } catch (final IOException e) {
            return AdminJson.MAPPER.createObjectNode();
        }
    }

    private static ObjectNode param(final ObjectNode params, final String id, final String in, final String name,
            final boolean required, final String description) {
        final ObjectNode p = params.putObject(id).put("in", in).put("name", name).put("required", required)
            .put("description", description);
        p.putObject("schema").put("type", "string");
        return p;
    }

    private static void error(final ObjectNode responses, final String id, final String description, final int code,
            final String message, final String source) {
        final ObjectNode media = responses.putObject(id).put("description", description).putObject("content")
            .putObject("application/json");
        media.putObject("schema").put("$ref", "#/components/schemas/RestateError");
        media.putObject("example").put("code", code).put("message", message).put("source", source);
    }

    private static ObjectNode restateError() {
        final ObjectNode schema = AdminJson.MAPPER.createObjectNode().put("type", "object")
            .put("description", "A failure: of the ingress, or the terminal outcome of the invocation");
        final ObjectNode props = schema.putObject("properties");
        props.putObject("code").put("type", "number");
        props.putObject("message").put("type", "string");
        props.putObject("source").put("type", "string").putArray("enum").add("ingress").add("invocation");
        props.putObject("stacktrace").put("type", "string");
        props.putObject("metadata").put("type", "object").putObject("additionalProperties").put("type", "string");
        schema.putArray("required").add("message");
        return schema;
    }

    private static ObjectNode sendResponse() {
        final ObjectNode schema = AdminJson.MAPPER.createObjectNode().put("type", "object");
        final ObjectNode props = schema.putObject("properties");
        props.putObject("invocationId").put("type", "string");
        props.putObject("status").put("type", "string").putArray("enum").add("Accepted").add("PreviouslyAccepted");
        props.putObject("executionTime").put("type", "string").put("format", "date-time");
        schema.putArray("required").add("invocationId").add("status");
        return schema;
    }
}
