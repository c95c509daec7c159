package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.service.protocol.schema.HandlerSchema;
import io.jrestate.service.protocol.schema.HandlerType;
import io.jrestate.service.protocol.schema.ServiceSchema;
import io.jrestate.service.protocol.schema.ServiceType;

/**
 * The OpenAPI 3.1 document of one service's ingress endpoints ({@code GET /services/{name}/openapi}), with the
 * paths, operation ids and parameters restate-server 1.7.12 lists, so that client generators see the same API.
 *
 * <pre>
 *  every handler h        POST /restate/call/S[/{key}]/h        operationId h
 *                         POST /restate/send/S[/{key}]/h        operationId hSend      (?delay)
 *  services, objects      GET  /restate/invocation/S[/{key}]/h/{idempotencyKey}/attach|output   hAttach, hOutput
 *  the workflow handler   GET  /restate/workflow/S/{key}/attach|output                          hAttach, hOutput
 *  unkeyed services and objects also take the idempotency-key header on call and send
 * </pre>
 */
final class ServiceOpenApi {
    private static final String PARAMS = "#/components/parameters/";
    private static final String RESPONSES = "#/components/responses/";

    private ServiceOpenApi() {
    }

    /** The document for {@code service}; {@code ingressUrl} goes in {@code servers}. */
    static ObjectNode document(final ServiceSchema service, final String ingressUrl) {
        final ObjectNode doc = AdminJson.MAPPER.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", service.name()).put("version", Integer.toString(service.revision()));
        doc.putArray("servers").addObject().put("description", "Restate Ingress URL").put("url", ingressUrl);
        final ObjectNode paths = doc.putObject("paths");
        for (final HandlerSchema handler : service.handlers()) {
            addHandler(paths, service, handler);
        }
        doc.set("components", OpenApiComponents.ingress());
        final ArrayNode tags = doc.putArray("tags");
        tags.addObject().put("name", "Request Response").put("description", "Request response to handler");
        tags.addObject().put("name", "Send").put("description", "Send to handler");
        tags.addObject().put("name", "Attach").put("description", "Attach to invocation");
        tags.addObject().put("name", "Get Output").put("description", "Get invocation output");
        return doc;
    }

    private static void addHandler(final ObjectNode paths, final ServiceSchema service, final HandlerSchema h) {
        final boolean keyed = service.type() != ServiceType.SERVICE;
        final boolean idempotent = service.type() != ServiceType.WORKFLOW;
        final String target = service.name() + (keyed ? "/{key}/" : "/") + h.name();
        final ObjectNode call = operation(h.name(), h.name(), "Call " + service.name() + " handler " + h.name()
            + " and wait for the response", "Request Response");
        parameters(call, keyed, idempotent ? "idempotencyKeyHeader" : null, false);
        body(call, h);
        call.putObject("responses").set("200", content(h, "the handler's output"));
        ((ObjectNode) call.get("responses")).putObject("default").put("$ref", RESPONSES + "GenericError");
        paths.putObject("/restate/call/" + target).set("post", call);
        final ObjectNode send = operation(h.name() + "Send", h.name(), "Send a request to " + service.name()
            + " handler " + h.name() + " without waiting", "Send");
        parameters(send, keyed, idempotent ? "idempotencyKeyHeader" : null, true);
        body(send, h);
        final ObjectNode sendResponses = send.putObject("responses");
        sendResponses.putObject("200").put("$ref", RESPONSES + "Send");
        sendResponses.putObject("202").put("$ref", RESPONSES + "Send");
        sendResponses.putObject("default").put("$ref", RESPONSES + "GenericError");
        paths.putObject("/restate/send/" + target).set("post", send);
        if (idempotent) {
            final String base = "/restate/invocation/" + target + "/{idempotencyKey}/";
            addResult(paths, base, service, h, keyed, "idempotencyKeyPath");
        } else if (h.type() == HandlerType.WORKFLOW) {
            addResult(paths, "/restate/workflow/" + service.name() + "/{key}/", service, h, true, null);
        }
    }

    private static void addResult(final ObjectNode paths, final String base, final ServiceSchema service,
            final HandlerSchema h, final boolean keyed, final String idempotencyParam) {
        final ObjectNode attach = operation(h.name() + "Attach", h.name(), "Attach to an invocation of "
            + service.name() + "/" + h.name() + " and wait for it to finish", "Attach");
        parameters(attach, keyed, idempotencyParam, false);
        final ObjectNode attachResponses = attach.putObject("responses");
        attachResponses.set("200", content(h, "the invocation's output"));
        attachResponses.putObject("404").put("$ref", RESPONSES + "InvocationNotFoundError");
        attachResponses.putObject("default").put("$ref", RESPONSES + "GenericError");
        paths.putObject(base + "attach").set("get", attach);
        final ObjectNode output = operation(h.name() + "Output", h.name(), "Get the output of an invocation of "
            + service.name() + "/" + h.name() + " if it has finished", "Get Output");
        parameters(output, keyed, idempotencyParam, false);
        final ObjectNode outputResponses = output.putObject("responses");
        outputResponses.set("200", content(h, "the invocation's output"));
        outputResponses.putObject("404").put("$ref", RESPONSES + "InvocationNotFoundError");
        outputResponses.putObject("470").put("$ref", RESPONSES + "InvocationNotReadyError");
        outputResponses.putObject("default").put("$ref", RESPONSES + "GenericError");
        paths.putObject(base + "output").set("get", output);
    }

    private static ObjectNode operation(final String id, final String summary, final String description,
            final String tag) {
        final ObjectNode op = AdminJson.MAPPER.createObjectNode();
        op.put("operationId", id).put("summary", summary).put("description", description);
        op.putArray("tags").add(tag);
        return op;
    }

    private static void parameters(final ObjectNode op, final boolean keyed, final String idempotency,
            final boolean delay) {
        final ArrayNode params = op.putArray("parameters");
        if (keyed) {
            params.addObject().put("$ref", PARAMS + "key");
        }
        if (idempotency != null) {
            params.addObject().put("$ref", PARAMS + idempotency);
        }
        if (delay) {
            params.addObject().put("$ref", PARAMS + "delay");
        }
    }

    private static void body(final ObjectNode op, final HandlerSchema h) {
        final ObjectNode body = op.putObject("requestBody").put("required", h.input().required());
        final ObjectNode media = body.putObject("content").putObject(h.input().contentType());
        if (h.input().jsonSchema() != null) {
            media.set("schema", OpenApiComponents.parse(h.input().jsonSchema()));
        }
    }

    private static ObjectNode content(final HandlerSchema h, final String description) {
        final ObjectNode response = AdminJson.MAPPER.createObjectNode().put("description", description);
        if (h.output().contentType() != null) {
            final ObjectNode media = response.putObject("content").putObject(h.output().contentType());
            if (h.output().jsonSchema() != null) {
                media.set("schema", OpenApiComponents.parse(h.output().jsonSchema()));
            }
        }
        return response;
    }
}
