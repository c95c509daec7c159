package io.jrestate.metadata.raft.core;

import java.util.ArrayDeque;

/**
 * A leader's view of one follower's log, and the flow control of what it sends there.
 *
 * <pre>
 *   PROBE ----(append acked)----> REPLICATE ----(append rejected)----> PROBE
 *     |  one message per heartbeat      optimistic next, bounded inflight
 *     +----(next below the leader's snapshot)----> SNAPSHOT ----(snapshot acked / timed out)----> PROBE
 * </pre>
 */
final class Progress {
    /** Flow-control states. */
    enum State { PROBE, REPLICATE, SNAPSHOT }

    long match;
    long next;
    State state = State.PROBE;
    /** In PROBE: a message is outstanding; wait for its answer or the next heartbeat response. */
    boolean probeSent;
    /** In SNAPSHOT: the index of the snapshot sent. */
    long pendingSnapshot;
    /** In SNAPSHOT: heartbeat responses seen since the snapshot was sent (to resend a lost one). */
    int snapshotWaitHeartbeats;
    /** In REPLICATE: heartbeat answers seen without progress while entries were outstanding (lost appends). */
    int stalledHeartbeats;
    /** Whether the follower answered since the last check-quorum round. */
    boolean recentActive;
    /** Last index of each outstanding append in REPLICATE state, oldest first. */
    final ArrayDeque<Long> inflight = new ArrayDeque<>();

    Progress(final long next) {
        this.next = next;
    }

    void becomeProbe() {
        state = State.PROBE;
        next = match + 1;
        probeSent = false;
        inflight.clear();
    }

    void becomeReplicate() {
        state = State.REPLICATE;
        stalledHeartbeats = 0;
        next = match + 1;
        inflight.clear();
    }

    void becomeSnapshot(final long snapshotIndex) {
        state = State.SNAPSHOT;
        pendingSnapshot = snapshotIndex;
        snapshotWaitHeartbeats = 0;
        inflight.clear();
    }

    /** Whether the leader may send another append now. */
    boolean isPaused(final int inflightMax) {
        return switch (state) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= inflightMax;
            case SNAPSHOT -> true;
        };
    }

    /** Records an append covering entries up to {@code lastIndex} was sent. */
    void sentAppend(final long lastIndex, final boolean carriedEntries) {
        if (state == State.REPLICATE && carriedEntries) {
            next = lastIndex + 1;
            inflight.addLast(lastIndex);
        } else if (state == State.PROBE) {
            probeSent = true;
        }
    }

    /** An acknowledgement up to {@code index}; returns whether match moved. */
    boolean maybeUpdate(final long index) {
        boolean updated = false;
        if (index > match) {
            match = index;
            updated = true;
            probeSent = false;
            stalledHeartbeats = 0;
        }
        next = Math.max(next, index + 1);
        while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
            inflight.removeFirst();
        }
        return updated;
    }

    /**
     * A rejection of the append whose previous index was {@code rejected}; returns false when it is stale.
     * The follower's {@code hint} is the last index that may match.
     */
    boolean maybeDecrease(final long rejected, final long hint) {
        if (state == State.REPLICATE) {
            if (rejected <= match) {
                return false;
            }
            becomeProbe();
            return true;
        }
        if (next - 1 != rejected) {
            return false;
        }
        next = Math.max(Math.min(rejected, hint + 1), match + 1);
        probeSent = false;
        return true;
    }
}
