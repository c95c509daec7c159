package io.jrestate.http;

import io.jrestate.common.Verify;
import io.jrestate.http.internal.PathPattern;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * Maps method and path to a handler.
 *
 * <p>Patterns are {@code /}-separated segments: a literal ({@code deployments}), a named segment
 * ({@code {id}}) that matches one non-empty segment, or, last, {@code {*rest}} that captures the remaining path
 * (possibly empty). Routes are tried in registration order; the first whose pattern and method match wins; HEAD
 * runs the GET route and drops the body. A path that matches some pattern under another method answers 405 with
 * an {@code allow} header naming the methods it has (HEAD implied by GET); no match at all answers 404 unless a
 * fallback handler is set. Both have an empty body, as the reference's admin API answers them. Routes are best
 * registered before the server starts; adding one later is safe (the route list is copy-on-write) and takes
 * effect for the next request.
 */
public final class Router {
    private static final List<String> ALLOW_ORDER =
            List.of("GET", "HEAD", "DELETE", "OPTIONS", "PATCH", "POST", "PUT", "TRACE");
    private final List<Route> routes = new CopyOnWriteArrayList<>();
    private volatile HttpHandler fallback;
    private volatile BiFunction<HttpRequest, HttpResponse, HttpResponse> decorator;

    /** Creates an empty router. */
    public Router() {
    }

    private record Route(String method, PathPattern pattern, HttpHandler handler) {
    }

    /**
     * Adds a route.
     *
     * @param method the HTTP method, e.g. {@code GET}
     * @param pattern the path pattern, starting with {@code /}
     * @param handler the handler
     * @return this router
     */
    public Router route(final String method, final String pattern, final HttpHandler handler) {
        Verify.argument(method != null && !method.isEmpty(), "route method must be set");
        routes.add(new Route(method.toUpperCase(java.util.Locale.ROOT), PathPattern.parse(pattern), handler));
        return this;
    }

    /**
     * Sets the handler for requests no route matches (instead of 404/405).
     *
     * @param handler the fallback handler
     * @return this router
     */
    public Router fallback(final HttpHandler handler) {
        this.fallback = handler;
        return this;
    }

    /**
     * Sets a function applied to every response this router gives (from routes, the fallback, 404 and 405), e.g.
     * to add cross-origin headers; it runs on the thread that completes the response and must not block.
     *
     * @param decorator takes the request and its response, returns the response to send
     * @return this router
     */
    public Router decorate(final BiFunction<HttpRequest, HttpResponse, HttpResponse> decorator) {
        this.decorator = decorator;
        return this;
    }

    /**
     * Dispatches {@code request} to the matching route.
     *
     * @param request the request, without path parameters
     * @return the handler's response, or 404/405
     */
    public CompletableFuture<HttpResponse> dispatch(final HttpRequest request) {
        final BiFunction<HttpRequest, HttpResponse, HttpResponse> decorator = this.decorator;
        final CompletableFuture<HttpResponse> response = route(request);
        return decorator == null ? response : response.thenApply(r -> decorator.apply(request, r));
    }

    private CompletableFuture<HttpResponse> route(final HttpRequest request) {
        final Set<String> allowed = new HashSet<>();
        final boolean head = request.method().equals("HEAD");
        for (final Route route : routes) {
            final Map<String, String> params = route.pattern().match(request.path());
            if (params == null) {
                continue;
            }
            if (head && route.method().equals("GET")) {
                return invoke(route.handler(), request.withPathParams(params))
                        .thenApply(r -> new HttpResponse(r.status(), r.headers(), new byte[0]));
            }
            if (!route.method().equals(request.method())) {
                allowed.add(route.method());
                continue;
            }
            return invoke(route.handler(), request.withPathParams(params));
        }
        final HttpHandler fallback = this.fallback;
        if (fallback != null) {
            return invoke(fallback, request.withPathParams(new LinkedHashMap<>()));
        }
        return CompletableFuture.completedFuture(allowed.isEmpty() ? HttpResponse.empty(404)
                : HttpResponse.empty(405).withHeader("allow", allowHeader(allowed)));
    }

    /** The methods in a fixed order (as the reference lists them), HEAD added after GET. */
    static String allowHeader(final Set<String> methods) {
        final StringJoiner out = new StringJoiner(",");
        for (final String method : ALLOW_ORDER) {
            if (methods.contains(method) || method.equals("HEAD") && methods.contains("GET")) {
                out.add(method);
            }
        }
        for (final String method : new TreeSet<>(methods)) {
            if (!ALLOW_ORDER.contains(method)) {
                out.add(method);
            }
        }
        return out.toString();
    }

    private static CompletableFuture<HttpResponse> invoke(final HttpHandler handler, final HttpRequest request) {
        try {
            final CompletableFuture<HttpResponse> response = handler.handle(request);
            return response != null ? response
                    : CompletableFuture.failedFuture(new IllegalStateException("handler returned no response"));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
