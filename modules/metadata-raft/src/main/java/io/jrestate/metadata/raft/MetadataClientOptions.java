package io.jrestate.metadata.raft;

import io.jrestate.common.Verify;
import java.time.Duration;

/**
 * Timeouts and retry policy of the metadata client, filled by the launcher from {@code [metadata-client]}
 * ({@code connect-timeout} and {@code backoff-policy}).
 *
 * @param requestTimeout how long one attempt waits for a leader's answer ({@code connect-timeout}, 3 s)
 * @param backoffInitial the first retry delay ({@code initial-interval}, 100 ms)
 * @param backoffFactor the growth of the delay per retry ({@code factor}, 1.4)
 * @param attemptsMax attempts at most, the first included ({@code max-attempts}, 10)
 * @param backoffMax the largest retry delay ({@code max-interval}, 1 s)
 */
public record MetadataClientOptions(Duration requestTimeout, Duration backoffInitial, double backoffFactor,
                                    int attemptsMax, Duration backoffMax) {
    /** Checks the ranges. */
    public MetadataClientOptions {
        Verify.argument(requestTimeout.isPositive(), "[metadata-client] connect-timeout must be > 0");
        Verify.argument(!backoffInitial.isNegative(), "[metadata-client.backoff-policy] initial-interval < 0");
        Verify.argument(backoffFactor >= 1.0, "[metadata-client.backoff-policy] factor must be >= 1");
        Verify.argument(attemptsMax >= 1, "[metadata-client.backoff-policy] max-attempts must be >= 1");
        Verify.argument(backoffMax.compareTo(backoffInitial) >= 0,
            "[metadata-client.backoff-policy] max-interval must be >= initial-interval");
    }

    /** @return the defaults of restate-server 1.7.12 */
    public static MetadataClientOptions defaults() {
        return new MetadataClientOptions(Duration.ofSeconds(3), Duration.ofMillis(100), 1.4, 10,
            Duration.ofSeconds(1));
    }

    /**
     * The delay before retry number {@code retry} (1 for the first retry).
     *
     * @param retry the retry number, at least 1
     * @return the delay, capped at {@link #backoffMax()}
     */
    public Duration backoff(final int retry) {
        final double nanos = backoffInitial.toNanos() * Math.pow(backoffFactor, retry - 1);
        return Duration.ofNanos((long) Math.min(nanos, backoffMax.toNanos()));
    }
}
