package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;
import java.util.Arrays;

/**
 * One Raft log entry: its position, the term of the leader that created it, its kind and its payload.
 *
 * <p>Entries are immutable; {@code data} is never modified after construction (callers must not either).
 *
 * @param index the log position, starting at 1
 * @param term the term in which a leader appended the entry, at least 1
 * @param type what the payload means
 * @param data the payload bytes (empty for {@link EntryType#EMPTY})
 */
public record Entry(long index, long term, EntryType type, byte[] data) {
    /** Checks the position, term and payload. */
    public Entry {
        Verify.argument(index >= 1, "entry index must be >= 1, was " + index);
        Verify.argument(term >= 1, "entry term must be >= 1, was " + term);
        Verify.argument(type != null && data != null, "entry type and data must not be null");
    }

    /**
     * Returns a copy of this entry at another position and term (a leader stamping a proposal).
     *
     * @param newIndex the position
     * @param newTerm the leader's term
     * @return the re-stamped entry, sharing the payload
     */
    public Entry withPosition(final long newIndex, final long newTerm) {
        return new Entry(newIndex, newTerm, type, data);
    }

    @Override
    public boolean equals(final Object other) {
        return other instanceof Entry e && e.index == index && e.term == term && e.type == type
            && Arrays.equals(e.data, data);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(index) * 31 + Long.hashCode(term)) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Entry[" + index + "@" + term + " " + type + " " + data.length + "B]";
    }
}
