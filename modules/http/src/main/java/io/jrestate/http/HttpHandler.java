package io.jrestate.http;

import java.util.concurrent.CompletableFuture;

/**
 * Handles one HTTP request.
 *
 * <p>Handlers run on a Netty event loop and must not block it: anything slow (a log append, a call into
 * another partition) returns a future and completes it later, from any thread.
 */
@FunctionalInterface
public interface HttpHandler {
    /**
     * Handles {@code request}.
     *
     * @param request the whole request, body included
     * @return the response, possibly completed later; an exceptional completion becomes a 500
     */
    CompletableFuture<HttpResponse> handle(HttpRequest request);
}
