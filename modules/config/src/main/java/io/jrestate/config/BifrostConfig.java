package io.jrestate.config;

import io.jrestate.common.ByteSize;
import java.time.Duration;

/**
 * {@code [bifrost]}: the replicated log.
 *
 * @param defaultProvider {@code replicated} or {@code local}, used at provisioning
 * @param sealRetryInterval delay between seal attempts
 * @param autoRecoveryInterval how often an unhealthy log is checked for recovery
 * @param appendRetryMinInterval the first delay of append retries
 * @param appendRetryMaxInterval the largest delay of append retries
 * @param recordSizeLimit records above this size are refused
 * @param replicatedLoglet {@code [bifrost.replicated-loglet]}
 * @param readRetryPolicy {@code [bifrost.read-retry-policy]}
 */
public record BifrostConfig(String defaultProvider, Duration sealRetryInterval, Duration autoRecoveryInterval,
        Duration appendRetryMinInterval, Duration appendRetryMaxInterval, ByteSize recordSizeLimit,
        ReplicatedLogletConfig replicatedLoglet, RetryPolicyConfig readRetryPolicy) {

    static BifrostConfig from(final ConfigValues v) {
        final String t = "bifrost.";
        return new BifrostConfig(v.text(t + "default-provider"), v.duration(t + "seal-retry-interval"),
                v.duration(t + "auto-recovery-interval"), v.duration(t + "append-retry-min-interval"),
                v.duration(t + "append-retry-max-interval"), v.bytes(t + "record-size-limit"),
                ReplicatedLogletConfig.from(v), RetryPolicyConfig.from(v, t + "read-retry-policy"));
    }
}
