package io.jrestate.metadata.raft.core;

import java.util.List;

/**
 * What the core asks its host to do, in this order (the contract of {@link RaftCore#ready()}):
 *
 * <ol>
 *   <li>make {@code hardState} (if not null), {@code snapshot} (if not null) and {@code entries} durable: the
 *       entries replace any stored entries from {@code entries.get(0).index()} on;</li>
 *   <li>only then send {@code messages} (a vote or an acknowledgement must never leave before what it promises
 *       is on disk);</li>
 *   <li>restore the state machine from {@code snapshot} (if not null), then apply {@code committedEntries} in
 *       order, then serve the reads in {@code readStates} once their index is applied;</li>
 *   <li>call {@link RaftCore#advance(Ready)} with this object.</li>
 * </ol>
 *
 * @param hardState the term and vote to persist, or null when unchanged
 * @param snapshot a snapshot received from the leader to persist and restore, or null
 * @param entries log entries to persist (they may overwrite a stored suffix)
 * @param messages messages to send after persisting
 * @param committedEntries entries to apply to the state machine
 * @param readStates ReadIndex answers
 */
public record Ready(HardState hardState, Snapshot snapshot, List<Entry> entries, List<Message> messages,
                    List<Entry> committedEntries, List<ReadState> readStates) {
    /** Copies the lists. */
    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committedEntries = List.copyOf(committedEntries);
        readStates = List.copyOf(readStates);
    }

    /**
     * Whether the host must persist anything before sending.
     *
     * @return true when there is a hard state, snapshot or entries to persist
     */
    public boolean mustSync() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }
}
