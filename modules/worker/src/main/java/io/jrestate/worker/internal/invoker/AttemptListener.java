package io.jrestate.worker.internal.invoker;

import com.google.protobuf.ByteString;
import io.jrestate.worker.internal.wal.AttemptFailed;
import io.jrestate.worker.internal.wal.Suspended;

/**
 * What an invocation attempt reports, in the order the SDK produced it. Exactly one of {@link #onSuspended},
 * {@link #onEnded} and {@link #onFailed} ends an attempt; nothing is reported after it.
 */
public interface AttemptListener {
    /**
     * The attempt runs on a deployment (reported before any entry).
     *
     * @param deploymentId the deployment id
     * @param protocolVersion the negotiated service protocol version
     */
    void onPinned(String deploymentId, int protocolVersion);

    /**
     * The SDK sent a command, or a {@code ProposeRunCompletion} (type 0x0005).
     *
     * @param type the message type
     * @param payload the protobuf payload as received
     */
    void onEntry(int type, ByteString payload);

    /**
     * The SDK suspended (V7 future trees arrive flattened).
     *
     * @param suspended what it waits for
     */
    void onSuspended(Suspended suspended);

    /** The SDK ended the journal. */
    void onEnded();

    /**
     * The attempt failed: an SDK error message, a transport error, a timeout or a protocol violation.
     *
     * @param failure the failure
     */
    void onFailed(AttemptFailed failure);
}
