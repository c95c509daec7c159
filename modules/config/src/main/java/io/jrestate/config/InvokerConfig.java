package io.jrestate.config;

import io.jrestate.common.ByteSize;
import java.time.Duration;
import java.util.Map;

/**
 * {@code [worker.invoker]}: how the worker calls service deployments.
 *
 * @param inactivityTimeout an attempt with no message for this long is suspended or retried
 * @param abortTimeout the hard limit on one attempt after inactivity was signalled
 * @param messageSizeWarning messages above this size are logged
 * @param messageSizeLimit messages above this size fail the attempt
 * @param inMemoryQueueLengthLimit invocations queued in memory before spilling
 * @param concurrentInvocationsLimit invocations in flight per partition leader
 * @param eagerStateSizeLimit state sent eagerly with the start message, at most
 * @param memoryLimit memory for in-flight invocations in total
 * @param perInvocationMemoryLimit memory per invocation, at most
 * @param perInvocationInitialMemory memory given to an invocation at start
 * @param http2KeepAliveInterval HTTP/2 ping interval to deployments
 * @param http2KeepAliveTimeout how long a ping may go unanswered
 * @param http2KeepAliveJitter random spread of the ping interval (fraction)
 * @param connectTimeout connection timeout to deployments
 * @param http2StreamsPerConnectionLimit concurrent streams per HTTP/2 connection
 * @param http2IdleConnectionTimeout idle connections close after this
 * @param http2InitialStreamWindowSize initial HTTP/2 stream flow-control window
 * @param http2InitialConnectionWindowSize initial HTTP/2 connection flow-control window
 * @param http2MaxFrameSize largest HTTP/2 frame
 * @param requestIdentityExpiration lifetime of request-identity tokens
 * @param maxAwaitedFutureDepth nesting limit of awaited combinators
 * @param additionalRequestHeaders headers added to every request to a deployment
 */
public record InvokerConfig(Duration inactivityTimeout, Duration abortTimeout, ByteSize messageSizeWarning,
        ByteSize messageSizeLimit, long inMemoryQueueLengthLimit, long concurrentInvocationsLimit,
        ByteSize eagerStateSizeLimit, ByteSize memoryLimit, ByteSize perInvocationMemoryLimit,
        ByteSize perInvocationInitialMemory, Duration http2KeepAliveInterval, Duration http2KeepAliveTimeout,
        double http2KeepAliveJitter, Duration connectTimeout, long http2StreamsPerConnectionLimit,
        Duration http2IdleConnectionTimeout, ByteSize http2InitialStreamWindowSize,
        ByteSize http2InitialConnectionWindowSize, ByteSize http2MaxFrameSize, Duration requestIdentityExpiration,
        long maxAwaitedFutureDepth, Map<String, String> additionalRequestHeaders) {

    @SuppressWarnings("unchecked")
    static InvokerConfig from(final ConfigValues v) {
        final String t = "worker.invoker.";
        return new InvokerConfig(v.duration(t + "inactivity-timeout"), v.duration(t + "abort-timeout"),
                v.bytes(t + "message-size-warning"), v.bytes(t + "message-size-limit"),
                v.number(t + "in-memory-queue-length-limit"), v.number(t + "concurrent-invocations-limit"),
                v.bytes(t + "eager-state-size-limit"), v.bytes(t + "memory-limit"),
                v.bytes(t + "per-invocation-memory-limit"), v.bytes(t + "per-invocation-initial-memory"),
                v.duration(t + "http2-keep-alive-interval"), v.duration(t + "http2-keep-alive-timeout"),
                v.decimal(t + "http2-keep-alive-jitter"), v.duration(t + "connect-timeout"),
                v.number(t + "http2-streams-per-connection-limit"), v.duration(t + "http2-idle-connection-timeout"),
                v.bytes(t + "http2-initial-stream-window-size"), v.bytes(t + "http2-initial-connection-window-size"),
                v.bytes(t + "http2-max-frame-size"), v.duration(t + "request-identity-expiration"),
                v.number(t + "max-awaited-future-depth"), v.get(t + "additional-request-headers", Map.class));
    }
}
