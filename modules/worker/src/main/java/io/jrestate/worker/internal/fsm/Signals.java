package io.jrestate.worker.internal.fsm;

import io.jrestate.common.ids.AwakeableId;
import io.jrestate.common.ids.IdFormatException;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.service.protocol.pb.CompleteAwakeableCommandMessage;
import io.jrestate.service.protocol.pb.SendSignalCommandMessage;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Failure;
import io.jrestate.worker.internal.wal.NotifySignal;

/**
 * Signals between invocations: {@code SendSignal} (named or indexed, including cancel = index 1) and
 * {@code CompleteAwakeable} ({@code sign_1…} ids). Both become a {@code NotifySignal} routed to the target's
 * partition. Ids that do not parse were refused by the proposer; if one still arrives it is ignored.
 */
final class Signals {
    private Signals() {
    }

    static void sendSignal(final Lifecycle lifecycle, final SendSignalCommandMessage send) {
        final InvocationId target;
        try {
            target = InvocationId.parse(send.getTargetInvocationId());
        } catch (final IdFormatException e) {
            return;
        }
        final NotifySignal.Builder signal = NotifySignal.newBuilder()
                .setInvocationId(InvocationKey.of(target).toByteString());
        if (send.hasName()) {
            signal.setName(send.getName());
        } else {
            signal.setIndex(send.getIdx());
        }
        if (send.hasValue()) {
            signal.setValue(send.getValue().getContent());
        } else if (send.hasFailure()) {
            signal.setFailure(Failure.newBuilder().setCode(send.getFailure().getCode())
                    .setMessage(send.getFailure().getMessage()));
        } else {
            signal.setVoid(true);
        }
        lifecycle.route(target.partitionKey(), Command.newBuilder().setNotifySignal(signal).build());
    }

    static void completeAwakeable(final Lifecycle lifecycle, final CompleteAwakeableCommandMessage complete) {
        final AwakeableId awakeable;
        try {
            awakeable = AwakeableId.parse(complete.getAwakeableId());
        } catch (final IdFormatException e) {
            return;
        }
        if (awakeable.kind() != AwakeableId.Kind.SIGNAL) {
            return;
        }
        final NotifySignal.Builder signal = NotifySignal.newBuilder()
                .setInvocationId(InvocationKey.of(awakeable.invocationId()).toByteString())
                .setIndex(awakeable.index());
        if (complete.hasFailure()) {
            signal.setFailure(Failure.newBuilder().setCode(complete.getFailure().getCode())
                    .setMessage(complete.getFailure().getMessage()));
        } else {
            signal.setValue(complete.getValue().getContent());
        }
        lifecycle.route(awakeable.invocationId().partitionKey(), Command.newBuilder().setNotifySignal(signal)
                .build());
    }
}
