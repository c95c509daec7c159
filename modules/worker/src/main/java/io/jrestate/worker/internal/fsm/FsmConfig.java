package io.jrestate.worker.internal.fsm;

import io.jrestate.common.Verify;
import java.util.function.Function;
import java.util.function.LongToIntFunction;

/**
 * What a partition state machine needs to know about its surroundings; all pure functions.
 *
 * @param partitionId the partition this state machine owns
 * @param partitionOf maps a partition key to the partition that owns it
 * @param idFormatter renders an invocation id in its {@code inv_...} string form
 */
public record FsmConfig(int partitionId, LongToIntFunction partitionOf, Function<InvocationKey, String> idFormatter) {
    /** Validates the config. */
    public FsmConfig {
        Verify.argument(partitionId >= 0, "partitionId must be >= 0, got " + partitionId);
        Verify.argument(partitionOf != null && idFormatter != null, "partitionOf and idFormatter must be set");
    }
}
