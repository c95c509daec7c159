package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.admin.AdminDeps;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.service.protocol.schema.ServiceModification;
import io.jrestate.service.protocol.schema.ServiceSchema;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Handlers of {@code /services}. */
public final class ServiceRoutes {
    private final AdminDeps deps;

    /**
     * Creates the handlers.
     *
     * @param deps the registry
     */
    public ServiceRoutes(final AdminDeps deps) {
        this.deps = deps;
    }

    /**
     * {@code GET /services}.
     *
     * @param request the request
     * @return every service's latest revision
     */
    public CompletableFuture<HttpResponse> list(final HttpRequest request) {
        final ObjectNode n = AdminJson.MAPPER.createObjectNode();
        final ArrayNode arr = n.putArray("services");
        deps.registry().services().forEach(s -> arr.add(AdminJson.service(s)));
        return AdminErrors.done(HttpResponse.json(200, AdminJson.bytes(n)));
    }

    /**
     * {@code GET /services/{name}}.
     *
     * @param request the request
     * @return the service or 404
     */
    public CompletableFuture<HttpResponse> get(final HttpRequest request) {
        return AdminErrors.done(find(request)
            .map(s -> HttpResponse.json(200, AdminJson.bytes(AdminJson.service(s))))
            .orElseGet(() -> serviceNotFound(request.pathParam("name"))));
    }

    /**
     * {@code GET /services/{name}/handlers}.
     *
     * @param request the request
     * @return the handlers or 404
     */
    public CompletableFuture<HttpResponse> handlers(final HttpRequest request) {
        return AdminErrors.done(find(request).map(s -> {
            final ObjectNode n = AdminJson.MAPPER.createObjectNode();
            final ArrayNode arr = n.putArray("handlers");
            s.handlers().forEach(h -> arr.add(AdminJson.handler(s, h)));
            return HttpResponse.json(200, AdminJson.bytes(n));
        }).orElseGet(() -> serviceNotFound(request.pathParam("name"))));
    }

    /**
     * {@code GET /services/{name}/handlers/{handler}}.
     *
     * @param request the request
     * @return the handler or 404
     */
    public CompletableFuture<HttpResponse> handler(final HttpRequest request) {
        final Optional<ServiceSchema> service = find(request);
        if (service.isEmpty()) {
            return AdminErrors.done(serviceNotFound(request.pathParam("name")));
        }
        final String name = request.pathParam("handler");
        return AdminErrors.done(service.get().handler(name)
            .map(h -> HttpResponse.json(200, AdminJson.bytes(AdminJson.handler(service.get(), h))))
            .orElseGet(() -> AdminErrors.json(404, "The requested handler '" + name + "' on service '"
                + service.get().name() + "' does not exist", null)));
    }

    /**
     * {@code PATCH /services/{name}} with a ModifyServiceRequest.
     *
     * @param request the request
     * @return the modified service, 404 for unknown services
     */
    public CompletableFuture<HttpResponse> modify(final HttpRequest request) {
        final ServiceModification m;
        try {
            final JsonNode body = RequestBodies.object(request);
            m = new ServiceModification(RequestBodies.bool(body, "public"),
                RequestBodies.duration(body, "idempotency_retention"),
                RequestBodies.duration(body, "workflow_completion_retention"),
                RequestBodies.duration(body, "journal_retention"), RequestBodies.duration(body, "inactivity_timeout"),
                RequestBodies.duration(body, "abort_timeout"));
        } catch (final RuntimeException e) {
            return AdminErrors.done(AdminErrors.of(e));
        }
        final String name = request.pathParam("name");
        return CompletableFuture.supplyAsync(() -> {
            try {
                return HttpResponse.json(200, AdminJson.bytes(AdminJson.service(deps.registry().modifyService(name,
                    m))));
            } catch (final Exception e) {
                return AdminErrors.of(e);
            }
        }, deps.blockingExecutor());
    }

    private Optional<ServiceSchema> find(final HttpRequest request) {
        return deps.registry().service(request.pathParam("name"));
    }

    /**
     * {@code GET /services/{name}/openapi}: the OpenAPI document of the service's ingress endpoints.
     *
     * @param request the request
     * @return the document or 404
     */
    public CompletableFuture<HttpResponse> openapi(final HttpRequest request) {
        return AdminErrors.done(find(request)
            .map(s -> HttpResponse.json(200, AdminJson.bytes(ServiceOpenApi.document(s, deps.ingressEndpoint()))))
            .orElseGet(() -> serviceNotFound(request.pathParam("name"))));
    }

    private static HttpResponse serviceNotFound(final String name) {
        return AdminErrors.json(404, "The requested service '" + name + "' does not exist", null);
    }
}
