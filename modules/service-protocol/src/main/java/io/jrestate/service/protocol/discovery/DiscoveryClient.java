package io.jrestate.service.protocol.discovery;

import io.jrestate.service.protocol.ProtocolVersion;
import io.jrestate.service.protocol.client.EndpointClient;
import io.jrestate.service.protocol.client.EndpointRequest;
import io.jrestate.service.protocol.client.EndpointResponse;
import io.jrestate.service.protocol.client.HttpMode;
import io.jrestate.service.protocol.client.InvokerOptions;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Discovers a deployment: {@code GET {uri}/discover} with the manifest versions this server understands in
 * {@code accept}, then checks the content type, parses and validates the manifest and the protocol version range.
 *
 * <pre>
 *   attempt 1..retryAttemptsMax:  GET /discover ──► 2xx ──► content type v1..v4 ──► manifest ──► range ∩ [5,7]
 *                                  │ connect error, timeout, 408/429/5xx: wait, retry (delay doubles)
 *                                  └ other non-2xx, bad content type, bad manifest: fail at once
 * </pre>
 *
 * <p>Errors carry the reference's codes: META0003 (unreachable or bad status), META0012 (protocol range),
 * META0013 (unsupported manifest), META0014 (HTTP/2 failed, maybe an HTTP/1.1-only endpoint).
 */
public final class DiscoveryClient {
    /** The {@code accept} header the reference server sends, verbatim. */
    public static final String ACCEPT = "application/vnd.restate.endpointmanifest.v1+json, "
        + "application/vnd.restate.endpointmanifest.v2+json, application/vnd.restate.endpointmanifest.v3+json, "
        + "application/vnd.restate.endpointmanifest.v4+json";
    private static final Pattern MANIFEST_CONTENT_TYPE =
        Pattern.compile("application/vnd\\.restate\\.endpointmanifest\\.v(\\d+)\\+json");
    private static final long MAX_MANIFEST_BYTES = 16L << 20;

    private final EndpointClient client;
    private final InvokerOptions options;
    private final Duration requestTimeout;
    private final int retryAttemptsMax;
    private final Duration retryInitialDelay;

    /**
     * Creates a discovery client.
     *
     * @param client the HTTP client towards deployments
     * @param options additional request headers (cluster name)
     * @param requestTimeout limit of one discovery request
     * @param retryAttemptsMax attempts for retryable failures, at least 1
     * @param retryInitialDelay delay before the second attempt (doubling afterwards)
     */
    public DiscoveryClient(final EndpointClient client, final InvokerOptions options, final Duration requestTimeout,
                           final int retryAttemptsMax, final Duration retryInitialDelay) {
        if (retryAttemptsMax < 1) {
            throw new IllegalArgumentException("retryAttemptsMax must be at least 1, got " + retryAttemptsMax);
        }
        this.client = client;
        this.options = options;
        this.requestTimeout = requestTimeout;
        this.retryAttemptsMax = retryAttemptsMax;
        this.retryInitialDelay = retryInitialDelay;
    }

    /**
     * Normalises a deployment URI: must be absolute {@code http://} with a host; the path gets a trailing slash.
     *
     * @param uri the URI as registered
     * @return the normalised URI
     * @throws IllegalArgumentException naming the URI when it is not usable
     */
    public static URI normalise(final URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("The deployment uri '" + uri + "' must be an absolute URI with a host");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("The deployment uri '" + uri + "' uses scheme '" + uri.getScheme()
                + "'; this server supports http:// deployments only");
        }
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return URI.create("http://" + uri.getRawAuthority() + (path.endsWith("/") ? path : path + "/"));
    }

    /**
     * Discovers a deployment.
     *
     * @param uri the deployment URI
     * @param additionalHeaders headers to send with every request to the deployment
     * @param useHttp11 whether to use HTTP/1.1 instead of h2c
     * @return the discovered endpoint, or a future failed with {@link DiscoveryException}
     */
    public CompletableFuture<DiscoveredEndpoint> discover(final URI uri,
                                                          final List<Map.Entry<String, String>> additionalHeaders,
                                                          final boolean useHttp11) {
        final URI base = normalise(uri);
        final HttpMode mode = useHttp11 ? HttpMode.HTTP1_1 : HttpMode.HTTP2;
        final List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("accept", ACCEPT));
        headers.addAll(options.additionalRequestHeaders());
        headers.addAll(additionalHeaders);
        final EndpointRequest request = new EndpointRequest(base.resolve("discover"), "GET", mode, headers, false);
        return attempt(request, 1, retryInitialDelay)
            .thenApply(r -> toEndpoint(base, mode, additionalHeaders, r));
    }

    private CompletableFuture<EndpointResponse> attempt(final EndpointRequest request, final int attempt,
                                                        final Duration delay) {
        return client.exchange(request, new byte[0], MAX_MANIFEST_BYTES, requestTimeout)
            .handle((response, failure) -> {
                final DiscoveryException error = failure != null ? clientError(request, unwrap(failure))
                    : response.status() / 100 != 2 ? statusError(response.status()) : null;
                if (error == null) {
                    return CompletableFuture.completedFuture(response);
                }
                if (!error.retryable() || attempt >= retryAttemptsMax) {
                    return CompletableFuture.<EndpointResponse>failedFuture(error);
                }
                final var later = CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                    .thenCompose(x -> attempt(request, attempt + 1, delay.multipliedBy(2)));
            })
            .thenCompose(f -> f);
    }

    private static Throwable unwrap(final Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    private static DiscoveryException clientError(final EndpointRequest request, final Throwable failure) {
        final String message = "error when calling '" + request.uri() + "': " + failure.getMessage();
        if (request.mode() == HttpMode.HTTP2 && !(failure instanceof TimeoutException)
            && String.valueOf(failure.getMessage()).contains("closed before the response ended")) {
            return new DiscoveryException(DiscoveryException.META0014, message
                + ". The deployment may only speak HTTP/1.1: register it with use_http_11 set to true", true,
                failure);
        }
        return new DiscoveryException(DiscoveryException.META0003, message, true, failure);
    }

    private static DiscoveryException statusError(final int status) {
        final boolean retryable = status == 408 || status == 429 || status == 500 || status == 502 || status == 503
            || status == 504;
        final String hint = status == 404 ? ". Make sure the uri points to the SDK endpoint: it must answer GET "
            + "{uri}/discover" : "";
        return new DiscoveryException(DiscoveryException.META0003, "bad status code: " + status + hint, retryable,
            null);
    }

    private static DiscoveredEndpoint toEndpoint(final URI base, final HttpMode mode,
                                                 final List<Map.Entry<String, String>> additionalHeaders,
                                                 final EndpointResponse response) {
        try {
            final int manifestVersion = manifestVersion(response.header("content-type"));
            final EndpointManifest manifest = ManifestParser.parse(manifestVersion, response.body());
            checkProtocolRange(manifest);
            return new DiscoveredEndpoint(base, mode, additionalHeaders, response.header("x-restate-server"),
                manifest);
        } catch (final DiscoveryException e) {
            throw new CompletionException(e);
        }
    }

    private static int manifestVersion(final String contentType) throws DiscoveryException {
        if (contentType == null) {
            throw new DiscoveryException(DiscoveryException.META0013,
                "received a bad response from the SDK: missing content-type header", false, null);
        }
        final String value = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (value.equals("application/json")) {
            return 1;
        }
        final Matcher m = MANIFEST_CONTENT_TYPE.matcher(value);
        if (m.matches()) {
            final int v = Integer.parseInt(m.group(1));
            if (v >= 1 && v <= 4) {
                return v;
            }
        }
        throw new DiscoveryException(DiscoveryException.META0013, "received a bad response from the SDK: unsupported "
            + "content-type '" + contentType + "'; this server understands endpoint manifest versions v1 to v4", false,
            null);
    }

    private static void checkProtocolRange(final EndpointManifest m) throws DiscoveryException {
        if (m.minProtocolVersion() > m.maxProtocolVersion()) {
            throw new DiscoveryException(null, "received a bad response from the SDK: minProtocolVersion "
                + m.minProtocolVersion() + " is greater than maxProtocolVersion " + m.maxProtocolVersion(), false,
                null);
        }
        final int serverMin = ProtocolVersion.V5.number();
        final int serverMax = ProtocolVersion.V7.number();
        if (m.maxProtocolVersion() < serverMin || m.minProtocolVersion() > serverMax) {
            throw new DiscoveryException(DiscoveryException.META0012, "unsupported service protocol versions: ["
                + m.minProtocolVersion() + ", " + m.maxProtocolVersion() + "]. Supported versions by this runtime are ["
                + serverMin + ", " + serverMax + "]", false, null);
        }
    }
}
