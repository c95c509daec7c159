package io.jrestate.metadata.raft.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The leader's pending ReadIndex rounds (Raft thesis §6.4). Each request records the commit index at arrival and
 * gets a sequence number that rides on heartbeats; once a majority of voters answered a heartbeat carrying that
 * number (or a later one), the leader knows it was still leader when the request arrived, and the request and
 * every earlier one are answered in order.
 */
final class ReadIndexQueue {
    /** Pending rounds a leader keeps at most; further requests are refused and the caller retries. */
    static final int PENDING_MAX = 1024;

    /** One pending request. */
    record Pending(long seq, long requestCtx, long from, long index, Set<Long> acks) {
    }

    private final LinkedHashMap<Long, Pending> pending = new LinkedHashMap<>();
    private long nextSeq = 1;

    /** Adds a request and returns its sequence number, or 0 when the queue is full. */
    long add(final long requestCtx, final long from, final long index, final long self) {
        if (pending.size() >= PENDING_MAX) {
            return 0;
        }
        final long seq = nextSeq++;
        final Set<Long> acks = new TreeSet<>();
        acks.add(self);
        pending.put(seq, new Pending(seq, requestCtx, from, index, acks));
        return seq;
    }

    /** The sequence number of the newest pending request, or 0. */
    long lastSeq() {
        return pending.isEmpty() ? 0 : pending.lastEntry().getKey();
    }

    /** Records that {@code from} acknowledged every request up to {@code seq}; returns the requests now done. */
    List<Pending> ack(final long from, final long seq, final ProgressTracker tracker) {
        for (final Pending request : pending.values()) {
            if (request.seq() > seq) {
                break;
            }
            request.acks().add(from);
        }
        final List<Pending> done = new ArrayList<>();
        long doneUpTo = 0;
        for (final Pending request : pending.values()) {
            if (tracker.isQuorum(request.acks())) {
                doneUpTo = request.seq();
            }
        }
        final Iterator<Pending> it = pending.values().iterator();
        while (it.hasNext()) {
            final Pending request = it.next();
            if (request.seq() > doneUpTo) {
                break;
            }
            done.add(request);
            it.remove();
        }
        return done;
    }

    /** Drops every pending request (leadership lost; callers time out and retry). */
    void clear() {
        pending.clear();
    }
}
