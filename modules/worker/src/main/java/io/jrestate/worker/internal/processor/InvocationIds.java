package io.jrestate.worker.internal.processor;

import io.jrestate.common.ids.InvocationId;
import io.jrestate.common.ids.PartitionKeys;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.wal.HandlerType;
import io.jrestate.worker.internal.wal.ServiceType;
import java.util.random.RandomGenerator;

/**
 * Chooses the id of a new invocation as the reference server does (spec section 5): deterministic for workflow
 * runs and idempotent requests, a random ULID otherwise; the partition key comes from the object key, or from
 * a bucket of the service name for unkeyed services.
 */
public final class InvocationIds {
    private InvocationIds() {
    }

    /**
     * Picks the id of a new invocation.
     *
     * @param service the service name
     * @param serviceType the service type
     * @param handler the handler name
     * @param handlerType the handler type
     * @param key the object or workflow key, empty for services
     * @param idempotencyKey the idempotency key, empty when none
     * @param nowMs the current time (ULID timestamp)
     * @param random the random source
     * @return the id
     */
    public static InvocationKey newId(final String service, final ServiceType serviceType, final String handler,
            final HandlerType handlerType, final String key, final String idempotencyKey, final long nowMs,
            final RandomGenerator random) {
        final boolean keyed = serviceType != ServiceType.SERVICE;
        if (serviceType == ServiceType.WORKFLOW && handlerType == HandlerType.WORKFLOW_RUN) {
            return InvocationKey.of(InvocationId.forWorkflowRun(service, key));
        }
        if (!idempotencyKey.isEmpty()) {
            return InvocationKey.of(InvocationId.forIdempotentRequest(service, keyed ? key : null, handler,
                    idempotencyKey));
        }
        final long partitionKey = keyed ? PartitionKeys.forKey(key)
                : PartitionKeys.forUnkeyedService(service, PartitionKeys.randomBucket(random));
        return InvocationKey.of(InvocationId.random(partitionKey, nowMs, random));
    }
}
