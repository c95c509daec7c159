package io.jrestate.metadata.raft.core;

/** What a log entry carries: an application command, a membership change, or the empty entry of a new leader. */
public enum EntryType {
    /** Opaque application data, handed to the state machine when committed. */
    NORMAL,
    /** An encoded {@link ConfChange}; the core applies it to its configuration when the entry is applied. */
    CONF_CHANGE,
    /** The empty entry a new leader appends to commit entries of earlier terms (Raft §5.4.2, §8). */
    EMPTY
}
