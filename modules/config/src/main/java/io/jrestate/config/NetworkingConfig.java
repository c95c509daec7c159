package io.jrestate.config;

import java.time.Duration;

/**
 * {@code [networking]}: node-to-node connections.
 *
 * @param connectTimeout connection timeout
 * @param handshakeTimeout how long the identity handshake may take
 * @param connectRetryPolicy {@code [networking.connect-retry-policy]}
 */
public record NetworkingConfig(Duration connectTimeout, Duration handshakeTimeout,
        RetryPolicyConfig connectRetryPolicy) {

    static NetworkingConfig from(final ConfigValues v) {
        return new NetworkingConfig(v.duration("networking.connect-timeout"),
                v.duration("networking.handshake-timeout"),
                RetryPolicyConfig.from(v, "networking.connect-retry-policy"));
    }
}
