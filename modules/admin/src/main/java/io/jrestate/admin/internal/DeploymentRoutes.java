package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jrestate.admin.AdminDeps;
import io.jrestate.common.ids.DeploymentId;
import io.jrestate.http.HttpHandler;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.RegistrationResult;
import io.jrestate.service.protocol.schema.ServiceSchema;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Handlers of {@code /deployments}. */
public final class DeploymentRoutes {
    private final AdminDeps deps;

    /**
     * Creates the handlers.
     *
     * @param deps registry and discovery
     */
    public DeploymentRoutes(final AdminDeps deps) {
        this.deps = deps;
    }

    /** A parsed registration request. */
    private record Registration(URI uri, List<Map.Entry<String, String>> headers, boolean useHttp11, boolean force,
                                boolean breaking, boolean dryRun, Map<String, String> metadata) { }

    /**
     * Builds the {@code POST /deployments} handler for an API version ({@code force} defaults to true on V2, whose
     * successful registrations all answer 201).
     *
     * @param apiVersion the admin API version of the route
     * @return the handler
     */
    public HttpHandler register(final int apiVersion) {
        return request -> {
            final Registration r;
            try {
                r = parseRegistration(request, apiVersion);
            } catch (final RuntimeException e) {
                return AdminErrors.done(AdminErrors.of(e));
            }
            final Optional<Deployment> existing = deps.registry().deploymentByUri(r.uri());
            if (existing.isPresent() && !r.force()) {
                // Reference behaviour: same URI without force answers with the existing deployment, no discovery.
                return AdminErrors.done(registered(200, new RegistrationResult(existing.get(),
                    deps.registry().servicesOf(existing.get().id()), false)));
            }
            return deps.discovery().discover(r.uri(), r.headers(), r.useHttp11())
                .thenApplyAsync(ep -> {
                    try {
                        return deps.registry().register(ep, r.force(), r.breaking(), r.dryRun(), r.metadata());
                    } catch (final Exception e) {
                        throw new CompletionException(e);
                    }
                }, deps.blockingExecutor())
                .thenApply(res -> registered(res.created() || apiVersion == 2 ? 201 : 200, res))
                .exceptionally(AdminErrors::of);
        };
    }

    private static Registration parseRegistration(final HttpRequest request, final int apiVersion) {
        final JsonNode body = RequestBodies.object(request);
        if (body.has("arn")) {
            throw AdminErrors.BadRequest.invalidField("arn", "Lambda deployments are not supported by this server");
        }
        final String uriText = RequestBodies.text(body, "uri");
        if (uriText == null || !parses(uriText)) {
            // The reference's deserialiser gives the same answer to a missing and to an unparsable uri.
            throw AdminErrors.BadRequest.unprocessable(
                "data did not match any variant of untagged enum RegisterDeploymentRequest");
        }
        final URI uri;
        try {
            uri = DiscoveryClient.normalise(URI.create(uriText));
        } catch (final IllegalArgumentException e) {
            throw AdminErrors.BadRequest.invalidField("uri", e.getMessage());
        }
        final Boolean force = RequestBodies.bool(body, "force");
        return new Registration(uri, RequestBodies.headers(body, "additional_headers"),
            Boolean.TRUE.equals(RequestBodies.bool(body, "use_http_11")),
            force != null ? force : apiVersion == 2, Boolean.TRUE.equals(RequestBodies.bool(body, "breaking")),
            Boolean.TRUE.equals(RequestBodies.bool(body, "dry_run")), RequestBodies.stringMap(body, "metadata"));
    }

    private static boolean parses(final String uri) {
        try {
            new URI(uri);
            return true;
        } catch (final URISyntaxException e) {
            return false;
        }
    }

    private static HttpResponse registered(final int status, final RegistrationResult res) {
        final Deployment d = res.deployment();
        final ObjectNode n = AdminJson.MAPPER.createObjectNode();
        n.put("id", d.id());
        final ArrayNode services = n.putArray("services");
        res.services().forEach(s -> services.add(AdminJson.service(s)));
        n.put("min_protocol_version", d.minProtocolVersion());
        n.put("max_protocol_version", d.maxProtocolVersion());
        if (d.sdkVersion() != null) {
            n.put("sdk_version", d.sdkVersion());
        }
        return HttpResponse.json(status, AdminJson.bytes(n)).withHeader("location", "deployments/" + d.id());
    }

    /**
     * {@code GET /deployments}.
     *
     * @param request the request
     * @return the list
     */
    public CompletableFuture<HttpResponse> list(final HttpRequest request) {
        final ObjectNode n = AdminJson.MAPPER.createObjectNode();
        final ArrayNode arr = n.putArray("deployments");
        for (final Deployment d : deps.registry().deployments()) {
            arr.add(AdminJson.deployment(d, deps.registry().servicesOf(d.id()), false));
        }
        return AdminErrors.done(HttpResponse.json(200, AdminJson.bytes(n)));
    }

    /**
     * {@code GET /deployments/{id}}.
     *
     * @param request the request
     * @return the detailed deployment, 400 for a malformed id, 404 for an unknown one
     */
    public CompletableFuture<HttpResponse> get(final HttpRequest request) {
        final String id = request.pathParam("id");
        final HttpResponse bad = checkId(id);
        if (bad != null) {
            return AdminErrors.done(bad);
        }
        return AdminErrors.done(deps.registry().deployment(id)
            .map(d -> {
                final List<ServiceSchema> services = deps.registry().servicesOf(d.id());
                return HttpResponse.json(200, AdminJson.bytes(AdminJson.deployment(d, services, true)));
            })
            .orElseGet(() -> notFound(id)));
    }

    /**
     * {@code DELETE /deployments/{id}}: only {@code force=true} is supported (graceful removal answers 501).
     *
     * @param request the request
     * @return 202 once removed
     */
    public CompletableFuture<HttpResponse> delete(final HttpRequest request) {
        final String id = request.pathParam("id");
        final HttpResponse bad = checkId(id);
        if (bad != null) {
            return AdminErrors.done(bad);
        }
        if (!"true".equals(request.queryParam("force"))) {
            // As the reference: only forced removal exists; without force, 501 with an empty body.
            return AdminErrors.done(HttpResponse.empty(501));
        }
        if (deps.registry().deployment(id).isEmpty()) {
            return AdminErrors.done(AdminErrors.json(404, "not found in the schema registry: deployment with id '"
                + id + "'", null));
        }
        return CompletableFuture.supplyAsync(() -> {
            try {
                deps.registry().removeDeployment(id);
                return HttpResponse.empty(202);
            } catch (final Exception e) {
                return AdminErrors.of(e);
            }
        }, deps.blockingExecutor());
    }

    private static HttpResponse checkId(final String id) {
        try {
            DeploymentId.parse(id);
            return null;
        } catch (final IllegalArgumentException e) {
            // The reference names only the reason (the id is already in the sentence).
            final String prefix = "bad deployment id '" + id + "': ";
            final String reason = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length())
                : e.getMessage();
            return HttpResponse.text(400, "Invalid URL: Cannot parse `deployment` with value `" + id + "`: " + reason);
        }
    }

    private static HttpResponse notFound(final String id) {
        return AdminErrors.json(404, "The requested deployment '" + id + "' does not exist", null);
    }
}
