package io.jrestate.log.segments.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The open journal segments, oldest first, as a copy-on-write array. Readers hold the read lock while they touch
 * a mapping; a removed segment is unmapped only under the write lock, taken without waiting, and not while a
 * backup cut pins the segments (its file may be deleted meanwhile; the mapping stays valid until unmapped).
 */
public final class Segments {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final List<Segment> retired = new ArrayList<>();
    private int pins;
    private volatile Segment[] all = new Segment[0];

    /**
     * The lock readers hold around mapping access.
     *
     * @return the lock
     */
    public ReentrantReadWriteLock lock() {
        return lock;
    }

    /**
     * A snapshot of the segments, oldest first.
     *
     * @return the array (do not modify)
     */
    public Segment[] snapshot() {
        return all;
    }

    /**
     * The newest segment.
     *
     * @return it, or null when there is none
     */
    public Segment active() {
        final Segment[] s = all;
        return s.length == 0 ? null : s[s.length - 1];
    }

    /**
     * Index of the segment with a sequence in a snapshot.
     *
     * @param snapshot from {@link #snapshot()}
     * @param segmentSeq the sequence
     * @return its index, or -1 when it is not there (deleted)
     */
    public static int indexOf(final Segment[] snapshot, final long segmentSeq) {
        if (snapshot.length == 0) {
            return -1;
        }
        final long first = snapshot[0].seq();
        final long i = segmentSeq - first;
        return i >= 0 && i < snapshot.length ? (int) i : -1;
    }

    /**
     * Appends a new newest segment (writer thread).
     *
     * @param segment the segment
     */
    public synchronized void add(final Segment segment) {
        final Segment[] next = Arrays.copyOf(all, all.length + 1);
        next[all.length] = segment;
        all = next;
    }

    /**
     * Removes the oldest segment from the list; it is closed (unmapped) later by {@link #closeUnused(boolean)}, once no
     * reader can still be using it.
     *
     * @return the removed segment
     */
    public synchronized Segment removeOldest() {
        final Segment oldest = all[0];
        all = Arrays.copyOfRange(all, 1, all.length);
        retired.add(oldest);
        return oldest;
    }

    /** Keeps removed segments mapped until {@link #unpin()}: a backup cut is reading them. */
    public synchronized void pin() {
        pins++;
    }

    /** Ends a {@link #pin()}; the writer closes removed segments on its next cycle (or at close). */
    public synchronized void unpin() {
        pins--;
    }

    /**
     * Closes removed segments when no reader holds the read lock (never waits for a slow reader) and no backup cut
     * pins them; {@code force} closes them regardless.
     *
     * @param force wait for readers and ignore pins (at close)
     * @return the errors met while closing
     */
    public List<IOException> closeUnused(final boolean force) {
        final List<Segment> toClose;
        synchronized (this) {
            if (retired.isEmpty() || pins > 0 && !force) {
                return List.of();
            }
            toClose = new ArrayList<>(retired);
        }
        if (force) {
            lock.writeLock().lock();
        } else if (!lock.writeLock().tryLock()) {
            return List.of();
        }
        final List<IOException> errors = new ArrayList<>();
        try {
            for (Segment s : toClose) {
                try {
                    s.close();
                } catch (IOException e) {
                    errors.add(e);
                }
            }
        } finally {
            lock.writeLock().unlock();
        }
        synchronized (this) {
            retired.removeAll(toClose);
        }
        return errors;
    }
}
