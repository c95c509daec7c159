package io.jrestate.admin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.jrestate.admin.AdminDeps;
import io.jrestate.common.ids.DeploymentId;
import io.jrestate.http.HttpRequest;
import io.jrestate.http.HttpResponse;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.discovery.DiscoveryClient;
import io.jrestate.service.protocol.schema.Deployment;
import io.jrestate.service.protocol.schema.RegistrationResult;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * {@code PATCH /deployments/{id}}: re-discovers a deployment at its address or a new one and updates it in place
 * (same id), answered as restate-server 1.7.12 answers it (checked side by side).
 *
 * <pre>
 *  request body (every field optional; an absent one keeps the deployment's current value):
 *    {"uri": "http://…", "additional_headers": {…}, "use_http_11": bool,
 *     "overwrite": bool, "force": bool, "dry_run": bool}
 *
 *  case                                      status  body
 *  ----------------------------------------  ------  ---------------------------------------------------
 *  updated (or dry run)                      200     the detailed deployment (as GET /deployments/{id})
 *  malformed id                              400     text: Invalid URL: Cannot parse `deployment` …
 *  unknown id                                404     The requested deployment '…' does not exist
 *  no JSON content type / bad JSON / shape   415 / 400 / 422 (text, as for registration)
 *  address unreachable                       500     [META0003] … error when calling '…'
 *  other services than before                400     names both sets (jrestate's own check)
 *  PUT /deployments/{id}                     405     PUT deployment is deprecated, use PATCH instead
 * </pre>
 *
 * <p>{@code overwrite} (or {@code force}) replaces the deployment's service schemas with the discovered ones;
 * without it the schemas stay and only the address and connection settings change.
 */
public final class DeploymentUpdates {
    private final AdminDeps deps;

    /**
     * Creates the handler.
     *
     * @param deps registry and discovery
     */
    public DeploymentUpdates(final AdminDeps deps) {
        this.deps = deps;
    }

    /** A parsed update request; null fields keep the deployment's values. */
    private record Update(URI uri, List<Map.Entry<String, String>> headers, Boolean useHttp11, boolean overwrite,
                          boolean dryRun) { }

    /**
     * {@code PATCH /deployments/{id}}.
     *
     * @param request the request
     * @return the updated deployment
     */
    public CompletableFuture<HttpResponse> update(final HttpRequest request) {
        final String id = request.pathParam("id");
        final HttpResponse badId = DeploymentRoutes.checkId(id);
        if (badId != null) {
            return AdminErrors.done(badId);
        }
        final Update u;
        try {
            u = parse(RequestBodies.object(request));
        } catch (final RuntimeException e) {
            return AdminErrors.done(AdminErrors.of(e));
        }
        final Optional<Deployment> found = deps.registry().deployment(id);
        if (found.isEmpty()) {
            return AdminErrors.done(DeploymentRoutes.notFound(id));
        }
        final Deployment d = found.get();
        final URI uri = u.uri() != null ? u.uri() : d.uri();
        final List<Map.Entry<String, String>> headers = u.headers() != null ? u.headers() : d.additionalHeaders();
        final boolean http11 = u.useHttp11() != null ? u.useHttp11() : d.httpMode() == HttpMode.HTTP1_1;
        return deps.discovery().discover(uri, headers, http11)
            .thenApplyAsync(ep -> {
                try {
                    return deps.registry().updateDeployment(id, ep, u.overwrite(), u.dryRun());
                } catch (final Exception e) {
                    throw new CompletionException(e);
                }
            }, deps.blockingExecutor())
            .thenApply(DeploymentUpdates::updated)
            .exceptionally(AdminErrors::of);
    }

    /**
     * {@code PUT /deployments/{id}}: refused as the reference refuses it.
     *
     * @param request the request
     * @return 405
     */
    public CompletableFuture<HttpResponse> put(final HttpRequest request) {
        return AdminErrors.done(AdminErrors.json(405, "PUT deployment is deprecated, use PATCH instead", null));
    }

    private static HttpResponse updated(final RegistrationResult res) {
        return HttpResponse.json(200, AdminJson.bytes(AdminJson.deployment(res.deployment(), res.services(), true)));
    }

    private static Update parse(final JsonNode body) {
        if (body.has("arn")) {
            throw AdminErrors.BadRequest.invalidField("arn", "Lambda deployments are not supported by this server");
        }
        final String uriText = RequestBodies.text(body, "uri");
        URI uri = null;
        if (uriText != null) {
            try {
                uri = DiscoveryClient.normalise(URI.create(uriText));
            } catch (final IllegalArgumentException e) {
                throw AdminErrors.BadRequest.invalidField("uri", e.getMessage());
            }
        }
        final List<Map.Entry<String, String>> headers = body.hasNonNull("additional_headers")
            ? RequestBodies.headers(body, "additional_headers") : null;
        return new Update(uri, headers, RequestBodies.bool(body, "use_http_11"),
            Boolean.TRUE.equals(RequestBodies.bool(body, "overwrite"))
                || Boolean.TRUE.equals(RequestBodies.bool(body, "force")),
            Boolean.TRUE.equals(RequestBodies.bool(body, "dry_run")));
    }
}
