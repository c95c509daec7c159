package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;

/**
 * A state machine image that replaces the log up to and including {@code index} (Raft §7).
 *
 * @param index the last log index the image covers
 * @param term the term of the entry at {@code index}
 * @param conf the configuration in effect at {@code index}
 * @param data the state machine's serialized state (opaque to the core)
 */
public record Snapshot(long index, long term, ConfState conf, byte[] data) {
    /** Checks the fields. */
    public Snapshot {
        Verify.argument(index >= 0 && term >= 0, "snapshot index and term must be >= 0: " + index + "@" + term);
        Verify.argument(conf != null && data != null, "snapshot conf and data must not be null");
    }

    @Override
    public String toString() {
        return "Snapshot[" + index + "@" + term + " voters=" + conf.voters() + " learners=" + conf.learners()
            + " " + data.length + "B]";
    }
}
