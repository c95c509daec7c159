package io.jrestate.worker.internal.processor;

import io.jrestate.common.ids.PartitionKeys;
import io.jrestate.worker.ObjectStateControl;
import io.jrestate.worker.internal.fsm.StateModification;
import io.jrestate.worker.internal.wal.Command;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Serves {@link ObjectStateControl} for the partitions of a node: proposes a {@code ModifyState} record to the
 * partition that owns the object's key (the same partition its invocations run on) and completes once the record
 * is durable and applied; the state machine applies it in log order with the object's invocations.
 */
public final class StateRequests implements ObjectStateControl {
    private final Partitions partitions;

    /**
     * Creates the control over a node's partitions.
     *
     * @param partitions the partition processors
     */
    public StateRequests(final Partitions partitions) {
        this.partitions = partitions;
    }

    @Override
    public CompletableFuture<Void> replaceState(final String service, final String objectKey,
            final Map<String, byte[]> newState, final String expectedVersion) {
        final PartitionProcessor processor = partitions.forKey(PartitionKeys.forKey(objectKey));
        final Command command = Command.newBuilder().setModifyState(
                StateModification.command(service, objectKey, newState, expectedVersion)).build();
        return processor.withState(state -> processor.proposeApplied(command)).thenApply(lsn -> null);
    }
}
