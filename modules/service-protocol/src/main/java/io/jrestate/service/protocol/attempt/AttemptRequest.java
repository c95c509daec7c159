package io.jrestate.service.protocol.attempt;

import io.jrestate.service.protocol.Frame;
import io.jrestate.service.protocol.MessageType;
import io.jrestate.service.protocol.schema.Deployment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one attempt of an invocation needs, prepared by the partition state machine.
 *
 * @param deployment the deployment the invocation is pinned to (or will be pinned to by this attempt)
 * @param serviceName the target service
 * @param handlerName the target handler
 * @param invocationId the 24-byte binary invocation id ({@code StartMessage.id})
 * @param invocationIdText the {@code inv_...} form ({@code StartMessage.debug_id}, {@code x-restate-invocation-id})
 * @param key the object/workflow key, or null for services
 * @param journal the journal so far, in append order: entry 0 is the InputCommand; commands, notifications and
 *     custom entries as they were stored ({@code known_entries} = its size, at least 1)
 * @param eagerState the state entries to send ({@code state_map}), or null to send none
 * @param partialState whether the state map is partial (lazy state or too large)
 * @param retryCountSinceLastStoredEntry failed attempts since the journal last grew
 * @param durationSinceLastStoredEntry time since the journal last grew
 * @param randomSeed stable per invocation (V6+)
 * @param inactivityTimeout the effective inactivity timeout of this handler
 * @param abortTimeout the effective abort timeout of this handler
 * @param idempotencyKey V7 only: the idempotency key, or null
 */
public record AttemptRequest(com.google.protobuf.ByteString invocationId, String invocationIdText,
                             Deployment deployment, String serviceName, String handlerName, String key,
                             List<Frame> journal, List<Map.Entry<byte[], byte[]>> eagerState, boolean partialState,
                             int retryCountSinceLastStoredEntry, Duration durationSinceLastStoredEntry,
                             long randomSeed, Duration inactivityTimeout, Duration abortTimeout,
                             String idempotencyKey) {
    /**
     * Validates the request.
     *
     * @param invocationId binary id
     * @param invocationIdText string id
     * @param deployment deployment
     * @param serviceName service
     * @param handlerName handler
     * @param key key or null
     * @param journal journal
     * @param eagerState state or null
     * @param partialState partial flag
     * @param retryCountSinceLastStoredEntry retry count
     * @param durationSinceLastStoredEntry duration
     * @param randomSeed seed
     * @param inactivityTimeout inactivity
     * @param abortTimeout abort
     * @param idempotencyKey idempotency key or null
     */
    public AttemptRequest {
        Objects.requireNonNull(invocationId, "invocationId");
        Objects.requireNonNull(invocationIdText, "invocationIdText");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(handlerName, "handlerName");
        Objects.requireNonNull(inactivityTimeout, "inactivityTimeout");
        Objects.requireNonNull(abortTimeout, "abortTimeout");
        journal = List.copyOf(journal);
        if (journal.isEmpty() || journal.getFirst().typeCode() != MessageType.INPUT_COMMAND.code()) {
            throw new IllegalArgumentException("invocation " + invocationIdText
                + ": the journal must start with the InputCommand (known_entries >= 1)");
        }
        for (final Frame f : journal) {
            if (!f.type().isJournalEntry()) {
                throw new IllegalArgumentException("invocation " + invocationIdText + ": journal holds a control "
                    + "message " + f.type() + ", not an entry");
            }
        }
        eagerState = eagerState == null ? null : List.copyOf(eagerState);
    }
}
