package io.jrestate.worker.internal.invoker;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.wal.InvocationTarget;
import io.jrestate.worker.internal.wal.JournalEntry;
import java.util.List;
import java.util.Map;

/**
 * Everything needed to open an attempt: the start message's fields and the journal to replay.
 *
 * @param id the invocation id
 * @param target service, handler and key
 * @param journal entries to replay ({@code known_entries} = its size)
 * @param eagerState the whole state for the start message, or null for partial state
 * @param retryCountSinceLastEntry failed attempts since the journal last grew
 * @param msSinceLastEntry ms since the journal last grew
 * @param pinnedDeployment the deployment to use, empty to pick the latest for the service
 * @param idempotencyKey the idempotency key, empty when none
 */
public record AttemptRequest(InvocationKey id, InvocationTarget target, List<JournalEntry> journal,
        Map<ByteString, ByteString> eagerState, int retryCountSinceLastEntry, long msSinceLastEntry,
        String pinnedDeployment, String idempotencyKey) {
}
