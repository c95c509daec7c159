package io.jrestate.worker.internal.ingress;

import com.google.protobuf.ByteString;
import io.jrestate.common.ids.AwakeableId;
import io.jrestate.common.ids.IdFormatException;
import io.jrestate.http.HttpResponse;
import io.jrestate.worker.internal.fsm.InvocationKey;
import io.jrestate.worker.internal.processor.Partitions;
import io.jrestate.worker.internal.wal.Command;
import io.jrestate.worker.internal.wal.Envelope;
import io.jrestate.worker.internal.wal.Failure;
import io.jrestate.worker.internal.wal.IngressSource;
import io.jrestate.worker.internal.wal.NotifySignal;
import io.jrestate.worker.internal.wal.Source;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * {@code POST /restate/awakeables/{id}/resolve|reject} (alias {@code /restate/a/...}, spec section 4.5): the
 * awakeable's {@code sign_1…} id names the owning invocation and the signal index, so completing it appends a
 * {@code NotifySignal} to that invocation's partition. Resolve carries the body bytes as the value, reject the
 * body text as the message of a failure with code 500. The answer is 202 with an empty body once the record is
 * durable, also when the awakeable was already completed (as 1.7.12 answers); a malformed id is a 400.
 */
final class AwakeableRequests {
    private final Partitions partitions;
    private final LongSupplier clockMs;
    private final String nodeName;

    AwakeableRequests(final Partitions partitions, final LongSupplier clockMs, final String nodeName) {
        this.partitions = partitions;
        this.clockMs = clockMs;
        this.nodeName = nodeName;
    }

    CompletableFuture<HttpResponse> complete(final String idText, final boolean resolve, final byte[] body) {
        final AwakeableId awakeable;
        try {
            awakeable = AwakeableId.parse(idText);
        } catch (final IdFormatException e) {
            return IngressService.done(IngressErrors.ingress(400, e.getMessage()));
        }
        if (awakeable.kind() != AwakeableId.Kind.SIGNAL) {
            return IngressService.done(IngressErrors.ingress(400, "bad awakeable id '" + idText
                    + "': legacy entry awakeables (prom_1…) are not supported, the SDK must use signal ids "
                    + "(sign_1…)"));
        }
        final InvocationKey target = InvocationKey.of(awakeable.invocationId());
        final NotifySignal.Builder signal = NotifySignal.newBuilder().setInvocationId(target.toByteString())
                .setIndex(awakeable.index());
        if (resolve) {
            signal.setValue(ByteString.copyFrom(body));
        } else {
            signal.setFailure(Failure.newBuilder().setCode(500).setMessage(new String(body, StandardCharsets.UTF_8)));
        }
        final Envelope record = Envelope.newBuilder()
                .setSource(Source.newBuilder().setIngress(IngressSource.newBuilder().setNodeName(nodeName)))
                .setPartitionKey(target.partitionKey()).setTimestampMs(clockMs.getAsLong())
                .setCommand(Command.newBuilder().setNotifySignal(signal)).build();
        return partitions.forInvocation(target).deliver(record).handle((lsn, error) -> error == null
                ? HttpResponse.empty(202)
                : IngressErrors.ingress(503, "internal routing error: " + error.getMessage()));
    }
}
