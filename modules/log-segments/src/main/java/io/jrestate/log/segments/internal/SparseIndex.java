package io.jrestate.log.segments.internal;

import java.util.Arrays;

/**
 * A sparse LSN index of one log: an entry (LSN, segment, position) every few records, at the first record of a
 * log in each segment, and at the first record after a truncation. A read starts at the greatest entry at or
 * below the wanted LSN and scans forward. Not thread-safe: guarded by the log's lock.
 */
public final class SparseIndex {
    private long[] lsns = new long[16];
    private long[] locations = new long[16];
    private int head;
    private int tail;

    /**
     * Adds an entry; LSNs must increase.
     *
     * @param lsn the record's LSN
     * @param segmentSeq its segment
     * @param position its byte position
     */
    public void add(final long lsn, final long segmentSeq, final int position) {
        if (tail == lsns.length) {
            final int live = tail - head;
            final int capacity = live * 2 < lsns.length ? lsns.length : lsns.length * 2;
            final long[] l = new long[capacity];
            final long[] p = new long[capacity];
            System.arraycopy(lsns, head, l, 0, live);
            System.arraycopy(locations, head, p, 0, live);
            lsns = l;
            locations = p;
            head = 0;
            tail = live;
        }
        lsns[tail] = lsn;
        locations[tail++] = (segmentSeq << 32) | (position & 0xFFFFFFFFL);
    }

    /**
     * The location to start a scan for {@code lsn}.
     *
     * @param lsn the wanted LSN
     * @return {@code segmentSeq << 32 | position}, or -1 when no entry is at or below it
     */
    public long floor(final long lsn) {
        int i = Arrays.binarySearch(lsns, head, tail, lsn);
        if (i < 0) {
            i = -i - 2;
        }
        return i < head ? -1 : locations[i];
    }

    /**
     * Drops entries above an LSN (suffix truncation).
     *
     * @param lsn the last LSN kept
     */
    public void removeAbove(final long lsn) {
        while (tail > head && lsns[tail - 1] > lsn) {
            tail--;
        }
    }

    /**
     * Drops entries no scan for an LSN above {@code trimPoint} needs (keeps the floor of {@code trimPoint + 1}).
     *
     * @param trimPoint the trim point
     */
    public void trimTo(final long trimPoint) {
        while (tail - head > 1 && lsns[head + 1] <= trimPoint + 1) {
            head++;
        }
    }

    /**
     * Number of entries.
     *
     * @return count
     */
    public int size() {
        return tail - head;
    }
}
