package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.common.Verify;
import io.jrestate.worker.internal.wal.Failure;

/**
 * The outcome of an invocation: a value, or a terminal failure.
 *
 * @param value the output bytes when successful, null on failure
 * @param failure the failure, null on success
 */
public record CompletionResult(ByteString value, Failure failure) {
    /** Checks that exactly one of value and failure is set. */
    public CompletionResult {
        Verify.argument((value == null) != (failure == null), "exactly one of value and failure must be set");
    }

    /**
     * A successful result.
     *
     * @param value the output bytes
     * @return the result
     */
    public static CompletionResult success(final ByteString value) {
        return new CompletionResult(value, null);
    }

    /**
     * A failed result.
     *
     * @param code the HTTP-like failure code
     * @param message the failure message
     * @return the result
     */
    public static CompletionResult failure(final int code, final String message) {
        return new CompletionResult(null, Failure.newBuilder().setCode(code).setMessage(message).build());
    }

    /**
     * Whether this is a success.
     *
     * @return true for a value
     */
    public boolean isSuccess() {
        return value != null;
    }
}
