package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.service.protocol.pb.Failure;
import io.jrestate.service.protocol.pb.Header;
import io.jrestate.service.protocol.pb.InputCommandMessage;
import io.jrestate.service.protocol.pb.NotificationTemplate;
import io.jrestate.service.protocol.pb.StateKeys;
import io.jrestate.service.protocol.pb.Value;
import io.jrestate.service.protocol.pb.Void;
import io.jrestate.worker.internal.wal.JournalEntry;
import java.util.List;

/**
 * Builds the journal entries the server writes itself: the input command and notifications. Every notification
 * shares the {@code NotificationTemplate} field numbers (spec section 1.6), so one builder serves all types.
 */
public final class Entries {
    private Entries() {
    }

    /**
     * The input command, entry 0 of every journal.
     *
     * @param argument the request body
     * @param headers the forwarded headers
     * @return the entry
     */
    public static JournalEntry input(final ByteString argument,
            final List<io.jrestate.worker.internal.wal.Header> headers) {
        final InputCommandMessage.Builder input = InputCommandMessage.newBuilder()
                .setValue(Value.newBuilder().setContent(argument));
        for (final io.jrestate.worker.internal.wal.Header header : headers) {
            input.addHeaders(Header.newBuilder().setKey(header.getKey()).setValue(header.getValue()));
        }
        return entry(EntryTypes.INPUT, input.build().toByteString());
    }

    /**
     * A notification carrying a result: a value, a failure, or void when both are null.
     *
     * @param type the notification type
     * @param completionId the completion id the SDK allocated
     * @param result the result, or null for void
     * @return the entry
     */
    public static JournalEntry completion(final int type, final int completionId, final CompletionResult result) {
        final NotificationTemplate.Builder n = NotificationTemplate.newBuilder().setCompletionId(completionId);
        if (result == null) {
            n.setVoid(Void.getDefaultInstance());
        } else if (result.isSuccess()) {
            n.setValue(Value.newBuilder().setContent(result.value()));
        } else {
            n.setFailure(Failure.newBuilder().setCode(result.failure().getCode())
                    .setMessage(result.failure().getMessage()));
        }
        return entry(type, n.build().toByteString());
    }

    /**
     * A notification of a lazily read state value (void when absent).
     *
     * @param completionId the completion id
     * @param value the value, or null when the key has no state
     * @return the entry
     */
    public static JournalEntry lazyState(final int completionId, final ByteString value) {
        return completion(EntryTypes.GET_LAZY_STATE_COMPLETION, completionId,
                value == null ? null : CompletionResult.success(value));
    }

    /**
     * A notification of the state keys of an object.
     *
     * @param completionId the completion id
     * @param keys the keys in order
     * @return the entry
     */
    public static JournalEntry stateKeys(final int completionId, final Iterable<ByteString> keys) {
        final NotificationTemplate n = NotificationTemplate.newBuilder().setCompletionId(completionId)
                .setStateKeys(StateKeys.newBuilder().addAllKeys(keys)).build();
        return entry(EntryTypes.GET_LAZY_STATE_KEYS_COMPLETION, n.toByteString());
    }

    /**
     * A notification of the id of an invocation this one called.
     *
     * @param completionId the {@code invocation_id_notification_idx}
     * @param invocationId the callee id in string form
     * @return the entry
     */
    public static JournalEntry invocationId(final int completionId, final String invocationId) {
        final NotificationTemplate n = NotificationTemplate.newBuilder().setCompletionId(completionId)
                .setInvocationId(invocationId).build();
        return entry(EntryTypes.CALL_INVOCATION_ID_COMPLETION, n.toByteString());
    }

    /**
     * A signal notification (cancel, awakeable, named signal).
     *
     * @param signal the signal as delivered
     * @return the entry
     */
    public static JournalEntry signal(final io.jrestate.worker.internal.wal.NotifySignal signal) {
        final NotificationTemplate.Builder n = NotificationTemplate.newBuilder();
        if (signal.hasName()) {
            n.setSignalName(signal.getName());
        } else {
            n.setSignalId(signal.getIndex());
        }
        if (signal.hasValue()) {
            n.setValue(Value.newBuilder().setContent(signal.getValue()));
        } else if (signal.hasFailure()) {
            n.setFailure(Failure.newBuilder().setCode(signal.getFailure().getCode())
                    .setMessage(signal.getFailure().getMessage()));
        } else {
            n.setVoid(Void.getDefaultInstance());
        }
        return entry(EntryTypes.SIGNAL, n.build().toByteString());
    }

    /**
     * Wraps a type and payload.
     *
     * @param type the message type
     * @param payload the protobuf payload
     * @return the entry
     */
    public static JournalEntry entry(final int type, final ByteString payload) {
        return JournalEntry.newBuilder().setType(type).setPayload(payload).build();
    }
}
