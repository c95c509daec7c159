package io.jrestate.worker.internal.snapshot;

import io.jrestate.worker.internal.fsm.InvocationKey;
import java.io.IOException;

/** Reads invocation ids in snapshot rows. */
final class Ids {
    private Ids() {
    }

    static InvocationKey read(final RowInput in, final String what) throws IOException {
        try {
            return InvocationKey.fromBytes(in.bytes());
        } catch (final IllegalArgumentException e) {
            throw in.error(what + ": " + e.getMessage());
        }
    }
}
