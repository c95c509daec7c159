package io.jrestate.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code [metadata-client]}: how this node reaches the metadata store.
 *
 * @param type {@code replicated} (the Raft metadata servers), {@code etcd} or {@code object-store}
 * @param addresses the metadata servers to contact, e.g. {@code http://n1:5122/}
 * @param connectTimeout the connection timeout
 * @param keepAliveInterval the keep-alive ping interval
 * @param keepAliveTimeout how long a keep-alive ping may go unanswered
 * @param backoffPolicy retries of failed metadata requests
 */
public record MetadataClientConfig(String type, List<String> addresses, Duration connectTimeout,
        Duration keepAliveInterval, Duration keepAliveTimeout, RetryPolicyConfig backoffPolicy) {

    static MetadataClientConfig from(final ConfigValues v) {
        final String t = "metadata-client.";
        return new MetadataClientConfig(v.text(t + "type"), v.strings(t + "addresses"),
                v.duration(t + "connect-timeout"),
                v.duration(t + "keep-alive-interval"), v.duration(t + "keep-alive-timeout"),
                RetryPolicyConfig.from(v, t + "backoff-policy"));
    }
}
