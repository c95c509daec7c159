package io.jrestate.metadata.raft.core;

import java.util.List;

/**
 * One Raft message. A single flat record serves every {@link MessageType}; fields a type does not use are zero,
 * false, empty or null. Which fields each type uses:
 *
 * <pre>
 *   type            index          logTerm          entries  commit  reject/hint   ctx        snapshot
 *   PRE_VOTE/VOTE   last index     last term        -        -       -             force(1)   -
 *   *_VOTE_RESP     -              -                -        -       reject        -          -
 *   APPEND          prev index     prev term        yes      yes     -             -          -
 *   APPEND_RESP     acked/rejected -                -        -       reject, hint  -          -
 *   HEARTBEAT       -              -                -        yes     -             read seq   -
 *   HEARTBEAT_RESP  -              -                -        -       -             read seq   -
 *   SNAPSHOT        -              -                -        -       -             -          yes
 *   READ_INDEX      -              -                -        -       -             req ctx    -
 *   READ_INDEX_RESP read index     -                -        -       -             req ctx    -
 * </pre>
 *
 * @param type the kind of message
 * @param from the sender's node id
 * @param to the receiver's node id
 * @param term the sender's term (for PRE_VOTE, and granted PRE_VOTE_RESP, the term it would campaign in)
 * @param index see the table
 * @param logTerm see the table
 * @param entries the entries of an APPEND, empty otherwise
 * @param commit the leader's commit index (APPEND, HEARTBEAT)
 * @param reject whether a response refuses the request
 * @param rejectHint for a rejected APPEND_RESP, the follower's best guess of the last matching index
 * @param ctx see the table
 * @param snapshot the snapshot of a SNAPSHOT message, null otherwise
 */
public record Message(MessageType type, long from, long to, long term, long index, long logTerm,
                      List<Entry> entries, long commit, boolean reject, long rejectHint, long ctx,
                      Snapshot snapshot) {
    /** Copies the entry list so a message never changes after it is built. */
    public Message {
        entries = List.copyOf(entries);
    }

    /**
     * Starts a message with only the routing fields set.
     *
     * @param type the kind
     * @param from the sender
     * @param to the receiver
     * @param term the sender's term
     * @return the message
     */
    public static Message of(final MessageType type, final long from, final long to, final long term) {
        return new Message(type, from, to, term, 0, 0, List.of(), 0, false, 0, 0, null);
    }

    /**
     * Returns a copy with other index and log term fields.
     *
     * @param newIndex the index field
     * @param newLogTerm the logTerm field
     * @return the copy
     */
    public Message withIndex(final long newIndex, final long newLogTerm) {
        return new Message(type, from, to, term, newIndex, newLogTerm, entries, commit, reject, rejectHint, ctx,
            snapshot);
    }

    /**
     * Returns a copy with other entries and commit fields.
     *
     * @param newEntries the entries
     * @param newCommit the commit index
     * @return the copy
     */
    public Message withEntries(final List<Entry> newEntries, final long newCommit) {
        return new Message(type, from, to, term, index, logTerm, newEntries, newCommit, reject, rejectHint, ctx,
            snapshot);
    }

    /**
     * Returns a copy with other reject fields.
     *
     * @param newReject whether the response refuses
     * @param newRejectHint the hint index
     * @return the copy
     */
    public Message withReject(final boolean newReject, final long newRejectHint) {
        return new Message(type, from, to, term, index, logTerm, entries, commit, newReject, newRejectHint, ctx,
            snapshot);
    }

    /**
     * Returns a copy with another context field.
     *
     * @param newCtx the context
     * @return the copy
     */
    public Message withCtx(final long newCtx) {
        return new Message(type, from, to, term, index, logTerm, entries, commit, reject, rejectHint, newCtx,
            snapshot);
    }

    /**
     * Returns a copy carrying a snapshot.
     *
     * @param newSnapshot the snapshot
     * @return the copy
     */
    public Message withSnapshot(final Snapshot newSnapshot) {
        return new Message(type, from, to, term, index, logTerm, entries, commit, reject, rejectHint, ctx,
            newSnapshot);
    }

    @Override
    public String toString() {
        return type + " " + from + "->" + to + " t" + term + " i" + index + " lt" + logTerm + " n" + entries.size()
            + " c" + commit + (reject ? " reject h" + rejectHint : "") + (ctx != 0 ? " ctx" + ctx : "")
            + (snapshot != null ? " " + snapshot : "");
    }
}
