package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.admin.AdminApi;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import io.jrestate.service.protocol.schema.SchemaRegistry;
import io.jrestate.service.protocol.schema.ServiceSchema;
import io.jrestate.service.protocol.schema.ServiceType;
import io.jrestate.worker.ObjectStateControl;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * {@code POST /services/{name}/state}: replaces a virtual object's or workflow's whole state through the
 * partition log of the object (the worker's {@link ObjectStateControl}), answered as restate-server 1.7.12
 * answers it (checked side by side).
 *
 * <pre>
 *  request body: {"object_key": "k", "new_state": {"count": [52, 50]}, "version": null | "…", "scope": null}
 *                 (a value is an array of bytes 0..255, or a string taken as its UTF-8 bytes)
 *
 *  case                                     status  body
 *  ---------------------------------------  ------  -----------------------------------------------------
 *  accepted (record durable)                202     empty (also for a service the registry does not know)
 *  stale version                            202     empty; the state is left unchanged
 *  no JSON content type                     415     Expected request with `Content-Type: application/json`
 *  not JSON                                 400     Failed to parse the request body as JSON: …
 *  missing / mistyped field, byte > 255     422     Failed to deserialize the JSON body into the target type: …
 *  a (stateless) Service                    400     {"message":"Cannot modify state for service type Service",…}
 *  no worker on this node                   503     {"message":"No worker runs on this node …",…}
 * </pre>
 */
public final class StateRoutes {
    private final SchemaRegistry registry;
    private final Supplier<ObjectStateControl> control;

    /**
     * Creates the route.
     *
     * @param registry the schema registry (to refuse stateless services)
     * @param control the worker's state control, looked up per request (null while no worker runs)
     */
    public StateRoutes(final SchemaRegistry registry, final Supplier<ObjectStateControl> control) {
        this.registry = registry;
        this.control = control;
    }

    /**
     * Mounts the route, unprefixed and under every admin API version.
     *
     * @param router the admin server's router
     * @param registry the schema registry
     * @param control the worker's state control, looked up per request
     */
    public static void mount(final Router router, final SchemaRegistry registry,
            final Supplier<ObjectStateControl> control) {
        final StateRoutes routes = new StateRoutes(registry, control);
        AdminApi.routeVersioned(router, "POST", "/services/{name}/state", v -> routes::modify);
    }

    /** A parsed request. */
    private record Edit(String objectKey, Map<String, byte[]> newState, String version) { }

    /**
     * {@code POST /services/{name}/state}.
     *
     * @param request the request
     * @return 202 once the edit is durable in the object's partition log
     */
    public CompletableFuture<HttpResponse> modify(final HttpRequest request) {
        final String service = request.pathParam("name");
        final Edit edit;
        try {
            edit = parse(RequestBodies.object(request));
        } catch (final RuntimeException e) {
            return AdminErrors.done(AdminErrors.of(e));
        }
        final Optional<ServiceSchema> schema = registry.service(service);
        if (schema.isPresent() && schema.get().type() == ServiceType.SERVICE) {
            return AdminErrors.done(AdminErrors.json(400, "Cannot modify state for service type "
                    + schema.get().type().label(), null));
        }
        final ObjectStateControl worker = control.get();
        if (worker == null) {
            return AdminErrors.done(AdminErrors.json(503, "No worker runs on this node to modify the state of '"
                    + service + "/" + edit.objectKey() + "'", null));
        }
        return worker.replaceState(service, edit.objectKey(), edit.newState(), edit.version())
                .handle((done, error) -> error != null ? AdminErrors.of(error) : HttpResponse.empty(202));
    }

    private static Edit parse(final JsonNode body) {
        final String objectKey = RequestBodies.text(body, "object_key");
        if (objectKey == null) {
            throw AdminErrors.BadRequest.unprocessable("missing field `object_key`");
        }
        final JsonNode state = body.get("new_state");
        if (state == null || state.isNull()) {
            throw AdminErrors.BadRequest.unprocessable("missing field `new_state`");
        }
        if (!state.isObject()) {
            throw AdminErrors.BadRequest.unprocessable("new_state: invalid type: " + state.getNodeType()
                    + ", expected a map");
        }
        final Map<String, byte[]> newState = new LinkedHashMap<>();
        for (final Map.Entry<String, JsonNode> e : state.properties()) {
            newState.put(e.getKey(), bytes("new_state." + e.getKey(), e.getValue()));
        }
        return new Edit(objectKey, newState, RequestBodies.text(body, "version"));
    }

    /** A state value: an array of bytes 0..255, or a string (its UTF-8 bytes), as the reference accepts. */
    private static byte[] bytes(final String field, final JsonNode value) {
        if (value.isTextual()) {
            return value.asText().getBytes(StandardCharsets.UTF_8);
        }
        if (!value.isArray()) {
            throw AdminErrors.BadRequest.unprocessable(field + ": invalid type: " + value.getNodeType()
                    + ", expected a byte array");
        }
        final byte[] out = new byte[value.size()];
        for (int i = 0; i < out.length; i++) {
            final JsonNode b = value.get(i);
            if (!b.isIntegralNumber() || b.asLong() < 0 || b.asLong() > 255) {
                throw AdminErrors.BadRequest.unprocessable(field + "[" + i + "]: invalid value: "
                        + (b.isIntegralNumber() ? "integer `" + b + "`" : b.getNodeType().toString().toLowerCase(
                        java.util.Locale.ROOT) + " " + b) + ", expected u8");
            }
            out[i] = (byte) b.asInt();
        }
        return out;
    }
}
