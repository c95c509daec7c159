package io.jrestate.service.protocol.client;

import io.jrestate.service.protocol.ProtocolVersion;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Options of the invoker side of the service protocol, filled by the launcher from {@code [worker.invoker]}
 * (and {@code experimental-enable-protocol-v7}). The defaults are those of restate-server 1.7.12.
 *
 * @param connectTimeout {@code connect-timeout}: TCP connect limit towards a deployment
 * @param inactivityTimeout {@code inactivity-timeout}: idle time of a bidi attempt before the request stream is
 *     closed, prompting the SDK to suspend
 * @param abortTimeout {@code abort-timeout}: time after that close before the attempt is reset
 * @param messageSizeLimitBytes {@code message-size-limit}: largest message accepted from an SDK
 * @param http2StreamsPerConnectionLimit {@code http2-streams-per-connection-limit}: concurrent streams per
 *     HTTP/2 connection before another connection is opened
 * @param http2KeepAliveInterval {@code http2-keep-alive-interval}: PING period on HTTP/2 connections
 * @param http2KeepAliveTimeout {@code http2-keep-alive-timeout}: time to wait for a PING ack before closing
 * @param http2IdleConnectionTimeout {@code http2-idle-connection-timeout}: close connections idle this long
 * @param http2InitialStreamWindowBytes {@code http2-initial-stream-window-size}
 * @param http2InitialConnectionWindowBytes {@code http2-initial-connection-window-size}
 * @param additionalRequestHeaders {@code [worker.invoker.additional-request-headers]}, sent on every request
 * @param enableProtocolV7 {@code experimental-enable-protocol-v7}: allow V7 (otherwise attempts cap at V6)
 */
public record InvokerOptions(
    Duration connectTimeout,
    Duration inactivityTimeout,
    Duration abortTimeout,
    long messageSizeLimitBytes,
    int http2StreamsPerConnectionLimit,
    Duration http2KeepAliveInterval,
    Duration http2KeepAliveTimeout,
    Duration http2IdleConnectionTimeout,
    int http2InitialStreamWindowBytes,
    int http2InitialConnectionWindowBytes,
    List<Map.Entry<String, String>> additionalRequestHeaders,
    boolean enableProtocolV7) {

    /**
     * Validates the options.
     *
     * @param connectTimeout connect limit
     * @param inactivityTimeout bidi inactivity limit
     * @param abortTimeout abort limit
     * @param messageSizeLimitBytes message size limit
     * @param http2StreamsPerConnectionLimit streams per connection
     * @param http2KeepAliveInterval ping period
     * @param http2KeepAliveTimeout ping ack limit
     * @param http2IdleConnectionTimeout idle connection limit
     * @param http2InitialStreamWindowBytes stream window
     * @param http2InitialConnectionWindowBytes connection window
     * @param additionalRequestHeaders extra headers
     * @param enableProtocolV7 whether V7 may be used
     */
    public InvokerOptions {
        Objects.requireNonNull(connectTimeout, "connect-timeout");
        Objects.requireNonNull(inactivityTimeout, "inactivity-timeout");
        Objects.requireNonNull(abortTimeout, "abort-timeout");
        Objects.requireNonNull(http2KeepAliveInterval, "http2-keep-alive-interval");
        Objects.requireNonNull(http2KeepAliveTimeout, "http2-keep-alive-timeout");
        Objects.requireNonNull(http2IdleConnectionTimeout, "http2-idle-connection-timeout");
        require(!connectTimeout.isNegative() && !connectTimeout.isZero(), "connect-timeout must be positive");
        require(!inactivityTimeout.isNegative(), "inactivity-timeout must not be negative");
        require(!abortTimeout.isNegative(), "abort-timeout must not be negative");
        require(messageSizeLimitBytes > 0 && messageSizeLimitBytes <= Integer.MAX_VALUE - 16,
            "message-size-limit must be within 1 byte and 2 GiB, got " + messageSizeLimitBytes);
        require(http2StreamsPerConnectionLimit > 0,
            "http2-streams-per-connection-limit must be positive, got " + http2StreamsPerConnectionLimit);
        require(http2InitialStreamWindowBytes > 0, "http2-initial-stream-window-size must be positive");
        require(http2InitialConnectionWindowBytes > 0, "http2-initial-connection-window-size must be positive");
        additionalRequestHeaders = List.copyOf(additionalRequestHeaders);
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException("[worker.invoker] " + message);
        }
    }

    /**
     * Returns the defaults of restate-server 1.7.12.
     *
     * @return the default options
     */
    public static InvokerOptions defaults() {
        return new InvokerOptions(Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(10),
            32L << 20, 128, Duration.ofSeconds(40), Duration.ofSeconds(20), Duration.ofMinutes(5),
            2 << 20, 5 << 20, List.of(Map.entry("x-restate-cluster-name", "localcluster")), false);
    }

    /**
     * Returns the highest protocol version attempts may use.
     *
     * @return V7 when enabled, otherwise V6
     */
    public ProtocolVersion maxProtocolVersion() {
        return enableProtocolV7 ? ProtocolVersion.V7 : ProtocolVersion.V6;
    }

    /**
     * Returns a copy with other inactivity and abort timeouts (tests and per-service overrides).
     *
     * @param inactivity the inactivity timeout
     * @param abort the abort timeout
     * @return the modified options
     */
    public InvokerOptions withTimeouts(final Duration inactivity, final Duration abort) {
        return new InvokerOptions(connectTimeout, inactivity, abort, messageSizeLimitBytes,
            http2StreamsPerConnectionLimit, http2KeepAliveInterval, http2KeepAliveTimeout,
            http2IdleConnectionTimeout, http2InitialStreamWindowBytes, http2InitialConnectionWindowBytes,
            additionalRequestHeaders, enableProtocolV7);
    }

    /**
     * Returns a copy with another streams-per-connection limit.
     *
     * @param limit the new limit
     * @return the modified options
     */
    public InvokerOptions withStreamsPerConnectionLimit(final int limit) {
        return new InvokerOptions(connectTimeout, inactivityTimeout, abortTimeout, messageSizeLimitBytes, limit,
            http2KeepAliveInterval, http2KeepAliveTimeout, http2IdleConnectionTimeout, http2InitialStreamWindowBytes,
            http2InitialConnectionWindowBytes, additionalRequestHeaders, enableProtocolV7);
    }

    /**
     * Returns a copy with V7 enabled or disabled.
     *
     * @param enabled whether V7 may be used
     * @return the modified options
     */
    public InvokerOptions withProtocolV7(final boolean enabled) {
        return new InvokerOptions(connectTimeout, inactivityTimeout, abortTimeout, messageSizeLimitBytes,
            http2StreamsPerConnectionLimit, http2KeepAliveInterval, http2KeepAliveTimeout,
            http2IdleConnectionTimeout, http2InitialStreamWindowBytes, http2InitialConnectionWindowBytes,
            additionalRequestHeaders, enabled);
    }
}
