package io.jrestate.worker.internal.fsm;

import com.google.protobuf.InvalidProtocolBufferException;
import io.jrestate.worker.internal.wal.RetainedInvocation;

/**
 * Encodes a completed invocation row as a {@link RetainedInvocation} (the retained store's payload) and back.
 *
 * <p>What survives: id, target, options, idempotency key, caller, creation and completion times, result (the
 * exact output bytes or failure), the journal (when the journal retention is not zero), attempt, last failure,
 * pinned deployment. Everything that only matters while running (sinks, waits, retry timers) is empty in a
 * completed row and is not kept.
 */
public final class RetainedCodec {
    private RetainedCodec() {
    }

    /**
     * The end of the bucket of width {@code bucketWidthMs} that {@code expiresAtMs} falls in.
     *
     * @param expiresAtMs when a retention ends
     * @param bucketWidthMs the bucket width
     * @return the smallest multiple of the width that is {@code >= expiresAtMs}
     */
    public static long bucketEndMs(final long expiresAtMs, final long bucketWidthMs) {
        return Math.ceilDiv(expiresAtMs, bucketWidthMs) * bucketWidthMs;
    }

    /**
     * Encodes a completed row.
     *
     * @param status the row, phase {@code COMPLETED}
     * @param expiresAtMs when its retention ends
     * @return the payload
     */
    public static RetainedInvocation encode(final InvocationStatus status, final long expiresAtMs) {
        final RetainedInvocation.Builder row = RetainedInvocation.newBuilder()
                .setInvocationId(status.id.toByteString()).setTarget(status.target).setOptions(status.options)
                .setIdempotencyKey(status.idempotencyKey).setInvokedBy(status.invokedBy)
                .setCreatedAtMs(status.createdAtMs).setCompletedAtMs(status.completedAtMs)
                .setExpiresAtMs(expiresAtMs).setAttempt(status.attempt).setPinnedDeployment(status.pinnedDeployment);
        if (status.result.isSuccess()) {
            row.setValue(status.result.value());
        } else {
            row.setFailure(status.result.failure());
        }
        if (status.options.getJournalRetentionMs() > 0) {
            row.addAllJournal(status.journal);
        }
        if (status.lastFailure != null) {
            row.setLastFailure(status.lastFailure);
        }
        return row.build();
    }

    /**
     * Decodes a payload into a fresh completed row.
     *
     * @param bytes the buffer
     * @param offset where the payload starts
     * @param length the payload length
     * @return the row, phase {@code COMPLETED}
     * @throws IllegalStateException when the bytes are not a retained invocation
     */
    public static InvocationStatus decode(final byte[] bytes, final int offset, final int length) {
        final RetainedInvocation row;
        try {
            row = RetainedInvocation.parser().parseFrom(bytes, offset, length);
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("retained invocation payload is corrupt: " + e.getMessage(), e);
        }
        final InvocationStatus status = new InvocationStatus(InvocationKey.fromBytes(row.getInvocationId()),
                row.getTarget(), row.getOptions(), row.getIdempotencyKey(), row.getInvokedBy(), row.getCreatedAtMs());
        status.phase = Phase.COMPLETED;
        status.completedAtMs = row.getCompletedAtMs();
        status.modifiedAtMs = row.getCompletedAtMs();
        status.result = row.hasFailure() ? new CompletionResult(null, row.getFailure())
                : CompletionResult.success(row.getValue());
        status.journal.addAll(row.getJournalList());
        status.attempt = row.getAttempt();
        status.lastFailure = row.hasLastFailure() ? row.getLastFailure() : null;
        status.pinnedDeployment = row.getPinnedDeployment();
        return status;
    }

    /**
     * The expiry a payload records.
     *
     * @param bytes the payload
     * @return its expiry, ms
     * @throws IllegalStateException when the bytes are not a retained invocation
     */
    public static long expiresAtMs(final byte[] bytes) {
        try {
            return RetainedInvocation.parser().parseFrom(bytes).getExpiresAtMs();
        } catch (final InvalidProtocolBufferException e) {
            throw new IllegalStateException("retained invocation payload is corrupt: " + e.getMessage(), e);
        }
    }
}
