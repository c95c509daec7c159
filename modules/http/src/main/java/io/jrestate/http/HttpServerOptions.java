package io.jrestate.http;

import io.jrestate.common.Verify;
import java.net.InetSocketAddress;

/**
 * How an {@link HttpServer} binds and what it accepts.
 *
 * @param name a short name for logs and thread names, e.g. {@code ingress}
 * @param bindAddress the address to bind; port 0 picks a free port
 * @param maxRequestBodyBytes requests with a larger body are answered 413
 * @param ioThreads event-loop threads for connections (1 or 2 on small machines)
 */
public record HttpServerOptions(String name, InetSocketAddress bindAddress, int maxRequestBodyBytes, int ioThreads) {
    /** Validates the options. */
    public HttpServerOptions {
        Verify.argument(name != null && !name.isBlank(), "http server name must be set");
        Verify.argument(bindAddress != null, "http server " + name + ": bind address must be set");
        Verify.argument(maxRequestBodyBytes > 0, "http server " + name + ": maxRequestBodyBytes must be > 0");
        Verify.argument(ioThreads > 0 && ioThreads <= 64, "http server " + name + ": ioThreads must be in 1..64");
    }

    /**
     * Options with one I/O thread.
     *
     * @param name the server name
     * @param bindAddress the bind address
     * @param maxRequestBodyBytes the body limit
     * @return the options
     */
    public static HttpServerOptions of(final String name, final InetSocketAddress bindAddress,
            final int maxRequestBodyBytes) {
        return new HttpServerOptions(name, bindAddress, maxRequestBodyBytes, 1);
    }
}
