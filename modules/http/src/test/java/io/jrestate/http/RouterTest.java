package io.jrestate.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The router's own answers when no route takes a request, as the reference's admin API gives them: 404 with an
 * empty body, 405 with an empty body and an {@code allow} header listing the path's methods in a fixed order
 * (HEAD implied by GET); a decorator sees every answer. Method: dispatch requests directly, without a server.
 */
class RouterTest {
    private static HttpRequest request(final String method, final String path) {
        return new HttpRequest(method, path, "", List.of(), new byte[0], Map.of(), Map.of());
    }

    private static Router router() {
        final HttpHandler ok = r -> CompletableFuture.completedFuture(HttpResponse.empty(200));
        return new Router().route("POST", "/deployments", ok).route("GET", "/deployments", ok)
                .route("DELETE", "/deployments/{id}", ok).route("GET", "/deployments/{id}", ok)
                .route("PATCH", "/deployments/{id}", ok);
    }

    @Test
    void shouldAnswer404WithAnEmptyBodyForUnknownPaths() {
        final HttpResponse response = router().dispatch(request("GET", "/nope")).join();
        assertEquals(404, response.status());
        assertEquals(0, response.body().length);
    }

    @Test
    void shouldAnswer405WithTheAllowedMethodsInTheReferenceOrder() {
        final HttpResponse put = router().dispatch(request("PUT", "/deployments")).join();
        assertEquals(405, put.status());
        assertEquals(0, put.body().length);
        assertEquals("GET,HEAD,POST", put.header("allow"));
        final HttpResponse post = router().dispatch(request("POST", "/deployments/dp_1")).join();
        assertEquals("GET,HEAD,DELETE,PATCH", post.header("allow"));
    }

    @Test
    void shouldListUnusualMethodsAfterTheKnownOnes() {
        assertEquals("POST,MKCOL,PROPFIND", Router.allowHeader(Set.of("PROPFIND", "POST", "MKCOL")));
    }

    @Test
    void shouldDecorateEveryAnswerIncludingItsOwn() {
        final Router router = router().decorate((request, response) -> response.withHeader("x-path", request.path()));
        assertEquals("/deployments", router.dispatch(request("GET", "/deployments")).join().header("x-path"));
        assertEquals("/nope", router.dispatch(request("GET", "/nope")).join().header("x-path"));
        assertEquals("/deployments", router.dispatch(request("PUT", "/deployments")).join().header("x-path"));
        router.fallback(r -> CompletableFuture.completedFuture(HttpResponse.empty(418)));
        final HttpResponse fallback = router.dispatch(request("GET", "/other")).join();
        assertEquals(418, fallback.status());
        assertEquals("/other", fallback.header("x-path"));
    }

    @Test
    void shouldAnswerHeadWithTheGetRouteWithoutBody() {
        final Router router = new Router().route("GET", "/health", r -> CompletableFuture.completedFuture(
                HttpResponse.text(200, "fine")));
        final HttpResponse head = router.dispatch(request("HEAD", "/health")).join();
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        assertEquals(405, router.dispatch(request("POST", "/health")).join().status());
    }
}
