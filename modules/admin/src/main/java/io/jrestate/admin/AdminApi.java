package io.jrestate.admin;

import io.jrestate.admin.internal.DeploymentRoutes;
import io.jrestate.admin.internal.ServiceRoutes;
import io.jrestate.admin.internal.AdminJson;
import io.jrestate.admin.internal.AdminOpenApi;
import io.jrestate.http.HttpHandler;
import io.jrestate.http.HttpResponse;
import io.jrestate.http.Router;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * The admin REST API (port 9070): deployments, services, handlers and version. Every route exists unprefixed
 * and under {@code /v2}, {@code /v3}, {@code /v4} (the version changes a few defaults, e.g. {@code force} on
 * {@code /v2}); {@code /v1/...} is refused with 400.
 *
 * <pre>
 *   POST   /deployments                 register (force, breaking, dry_run)      201 / 200
 *   GET    /deployments                 list                                      200
 *   GET    /deployments/{id}            detail                                    200 / 400 / 404
 *   DELETE /deployments/{id}?force=true remove                                    202 / 501 without force
 *   GET    /services                    list                                      200
 *   GET    /services/{name}             detail                                    200 / 404
 *   PATCH  /services/{name}             modify public, retentions, timeouts      200 / 404
 *   GET    /services/{name}/handlers[/{h}]                                        200 / 404
 *   GET    /services/{name}/openapi     the service's ingress endpoints (OpenAPI 3.1)  200 / 404
 *   GET    /openapi                     this API (OpenAPI 3.1)                      200
 *   GET    /version, GET /health
 * </pre>
 */
public final class AdminApi {
    /** Admin API versions served; unprefixed routes behave as the highest. */
    public static final int MIN_API_VERSION = 2;
    /** Highest admin API version served. */
    public static final int MAX_API_VERSION = 4;

    private AdminApi() {
    }

    /**
     * Mounts the routes of this module on {@code router}.
     *
     * @param router the admin server's router
     * @param deps registry, discovery and version information
     */
    public static void register(final Router router, final AdminDeps deps) {
        final DeploymentRoutes deployments = new DeploymentRoutes(deps);
        final ServiceRoutes services = new ServiceRoutes(deps);
        routeVersioned(router, "POST", "/deployments", deployments::register);
        routeVersioned(router, "GET", "/deployments", v -> deployments::list);
        routeVersioned(router, "GET", "/deployments/{id}", v -> deployments::get);
        routeVersioned(router, "DELETE", "/deployments/{id}", v -> deployments::delete);
        routeVersioned(router, "GET", "/services", v -> services::list);
        routeVersioned(router, "GET", "/services/{name}", v -> services::get);
        routeVersioned(router, "PATCH", "/services/{name}", v -> services::modify);
        routeVersioned(router, "GET", "/services/{name}/handlers", v -> services::handlers);
        routeVersioned(router, "GET", "/services/{name}/handlers/{handler}", v -> services::handler);
        routeVersioned(router, "GET", "/services/{name}/openapi", v -> services::openapi);
        final byte[] openapi = AdminJson.bytes(AdminOpenApi.document(deps.serverVersion()));
        routeVersioned(router, "GET", "/openapi", v -> r -> CompletableFuture.completedFuture(
            HttpResponse.json(200, openapi)));
        routeVersioned(router, "GET", "/version", v -> r -> CompletableFuture.completedFuture(
            HttpResponse.json(200, AdminJson.version(deps))));
        routeVersioned(router, "GET", "/health", v -> r -> CompletableFuture.completedFuture(HttpResponse.empty(200)));
        final HttpHandler v1 = r -> CompletableFuture.completedFuture(HttpResponse.text(400,
            "Unsupported Admin API version V1. This server supports versions between V" + MIN_API_VERSION + " and V"
                + MAX_API_VERSION + "."));
        for (final String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
            router.route(method, "/v1/{*rest}", v1);
        }
    }

    /**
     * Registers one route unprefixed and under every supported version prefix. Other modules adding admin routes
     * (e.g. invocations) use this too, so all routes share the versioning rules.
     *
     * @param router the router
     * @param method the HTTP method
     * @param path the path pattern without version prefix, e.g. {@code /invocations/{id}/cancel}
     * @param handlerForVersion builds the handler for an API version (unprefixed = {@link #MAX_API_VERSION})
     */
    public static void routeVersioned(final Router router, final String method, final String path,
                                      final IntFunction<HttpHandler> handlerForVersion) {
        router.route(method, path, handlerForVersion.apply(MAX_API_VERSION));
        for (int v = MIN_API_VERSION; v <= MAX_API_VERSION; v++) {
            router.route(method, "/v" + v + path, handlerForVersion.apply(v));
        }
    }
}
