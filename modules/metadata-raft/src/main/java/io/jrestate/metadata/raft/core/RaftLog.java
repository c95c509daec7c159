package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;
import java.util.ArrayList;
import java.util.List;

/**
 * The core's in-memory view of its log: the latest snapshot followed by every later entry.
 *
 * <pre>
 *   snapshot.index        stableIndex                 lastIndex
 *        |                    |                           |
 *   [ snapshot ] [e][e][e][e][e][e][e][e][e][e][e][e][e][e]
 *                 ^ applied ^ committed    ^ unstable: not yet handed to storage
 * </pre>
 *
 * <p>The whole suffix after the snapshot is kept in memory: the metadata store compacts after a bounded number of
 * applied entries, so the suffix stays small. Storage holds the same entries durably; after a restart the host
 * passes them back to the core. Entries from {@code unstableFrom} on have not yet been handed to storage.
 */
final class RaftLog {
    private Snapshot snapshot;
    private final ArrayList<Entry> entries = new ArrayList<>();
    private long committed;
    private long applied;
    private long stableIndex;
    private long unstableFrom;
    private boolean snapshotUnstable;
    private boolean confDirty = true;

    RaftLog(final Snapshot snapshot, final List<Entry> storedEntries) {
        this.snapshot = snapshot;
        long expected = snapshot.index() + 1;
        for (final Entry entry : storedEntries) {
            if (entry.index() < expected) {
                continue;
            }
            Verify.argument(entry.index() == expected,
                "stored raft log has a gap: expected index " + expected + " but found " + entry.index());
            entries.add(entry);
            expected++;
        }
        this.committed = snapshot.index();
        this.applied = snapshot.index();
        this.stableIndex = lastIndex();
        this.unstableFrom = lastIndex() + 1;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long firstIndex() {
        return snapshot.index() + 1;
    }

    long lastIndex() {
        return snapshot.index() + entries.size();
    }

    long lastTerm() {
        return termAt(lastIndex());
    }

    long committed() {
        return committed;
    }

    long applied() {
        return applied;
    }

    long stableIndex() {
        return stableIndex;
    }

    /** Returns the term at {@code index}, or -1 when the index is compacted away or beyond the end. */
    long termAt(final long index) {
        if (index == snapshot.index()) {
            return snapshot.term();
        }
        if (index < snapshot.index() || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - firstIndex())).term();
    }

    boolean matchTerm(final long index, final long term) {
        return termAt(index) == term;
    }

    Entry entryAt(final long index) {
        Verify.that(index >= firstIndex() && index <= lastIndex(), "entry " + index + " is not in the log");
        return entries.get((int) (index - firstIndex()));
    }

    /** Entries in [from, to], at most {@code countMax} of them. */
    List<Entry> slice(final long from, final long to, final int countMax) {
        Verify.that(from >= firstIndex(), "slice from " + from + " reaches below first index " + firstIndex());
        final long end = Math.min(to, Math.min(lastIndex(), from + countMax - 1));
        if (end < from) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (from - firstIndex()), (int) (end - firstIndex() + 1)));
    }

    /** Raft §5.4.1: the candidate's log is at least as up to date as ours. */
    boolean isUpToDate(final long candidateLastIndex, final long candidateLastTerm) {
        return candidateLastTerm > lastTerm() || candidateLastTerm == lastTerm() && candidateLastIndex >= lastIndex();
    }

    /** Appends entries a leader created at the end of its own log. */
    void appendAsLeader(final Entry entry) {
        Verify.that(entry.index() == lastIndex() + 1, "leader append at " + entry.index() + " after " + lastIndex());
        if (entry.type() == EntryType.CONF_CHANGE) {
            confDirty = true;
        }
        entries.add(entry);
    }

    /**
     * Raft §5.3: appends a leader's entries that follow (prevIndex, prevTerm), deleting a conflicting suffix.
     *
     * @return the index of the last new entry, or -1 when the previous entry does not match
     */
    long maybeAppend(final long prevIndex, final long prevTerm, final List<Entry> newEntries) {
        if (!matchTerm(prevIndex, prevTerm)) {
            return -1;
        }
        final long lastNew = prevIndex + newEntries.size();
        for (final Entry entry : newEntries) {
            if (entry.index() <= snapshot.index()) {
                continue;
            }
            final long existing = termAt(entry.index());
            if (existing == entry.term()) {
                continue;
            }
            if (existing != -1) {
                Verify.that(entry.index() > committed,
                    "leader entry " + entry + " conflicts with committed index " + committed);
                truncateFrom(entry.index());
            }
            if (entry.type() == EntryType.CONF_CHANGE) {
                confDirty = true;
            }
            entries.add(entry);
        }
        return lastNew;
    }

    private void truncateFrom(final long index) {
        while (lastIndex() >= index) {
            if (entries.removeLast().type() == EntryType.CONF_CHANGE) {
                confDirty = true;
            }
        }
        unstableFrom = Math.min(unstableFrom, index);
        stableIndex = Math.min(stableIndex, index - 1);
    }

    /** Largest index at or below {@code index} whose term is at most {@code term} (fast back-off hint). */
    long findConflictByTerm(final long index, final long term) {
        long candidate = Math.min(index, lastIndex());
        while (candidate > snapshot.index() && termAt(candidate) > term) {
            candidate--;
        }
        return candidate;
    }

    void commitTo(final long index) {
        if (index > committed) {
            Verify.that(index <= lastIndex(), "commit " + index + " beyond last index " + lastIndex());
            committed = index;
        }
    }

    /** Replaces the whole log by a snapshot received from the leader (Raft §7). */
    void restore(final Snapshot newSnapshot) {
        entries.clear();
        snapshot = newSnapshot;
        committed = newSnapshot.index();
        stableIndex = newSnapshot.index();
        unstableFrom = newSnapshot.index() + 1;
        snapshotUnstable = true;
        confDirty = true;
    }

    /** Replaces the log prefix up to {@code newSnapshot.index()} (already applied) by the snapshot. */
    void compact(final Snapshot newSnapshot) {
        Verify.that(newSnapshot.index() <= applied && newSnapshot.index() > snapshot.index(),
            "compaction index " + newSnapshot.index() + " must be in (" + snapshot.index() + ", " + applied + "]");
        final int drop = (int) (newSnapshot.index() - snapshot.index());
        entries.subList(0, drop).clear();
        snapshot = newSnapshot;
    }

    boolean hasUnstable() {
        return snapshotUnstable || unstableFrom <= lastIndex();
    }

    Snapshot unstableSnapshot() {
        return snapshotUnstable ? snapshot : null;
    }

    List<Entry> unstableEntries() {
        if (unstableFrom > lastIndex()) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (unstableFrom - firstIndex()), entries.size()));
    }

    void markStable(final Snapshot persistedSnapshot, final List<Entry> persisted) {
        if (persistedSnapshot != null && persistedSnapshot == snapshot) {
            snapshotUnstable = false;
        }
        if (!persisted.isEmpty()) {
            final long last = persisted.getLast().index();
            if (termAt(last) == persisted.getLast().term()) {
                stableIndex = Math.max(stableIndex, last);
                unstableFrom = Math.max(unstableFrom, last + 1);
            }
        }
    }

    boolean hasCommittedToApply() {
        return committed > Math.max(applied, snapshot.index());
    }

    List<Entry> committedToApply(final int countMax) {
        final long from = Math.max(applied, snapshot.index()) + 1;
        return slice(from, committed, countMax);
    }

    void appliedTo(final long index) {
        Verify.that(index <= committed, "applied " + index + " beyond commit " + committed);
        applied = Math.max(applied, index);
    }

    /** Whether a conf-change entry was appended or removed, or a snapshot installed, since the last call. */
    boolean takeConfDirty() {
        final boolean dirty = confDirty;
        confDirty = false;
        return dirty;
    }

    /** The configuration in effect after the entry at {@code index}: the snapshot's, then each change in order. */
    ConfState confAt(final long index) {
        ConfState conf = snapshot.conf();
        final long end = Math.min(index, lastIndex());
        for (long i = firstIndex(); i <= end; i++) {
            final Entry entry = entries.get((int) (i - firstIndex()));
            if (entry.type() == EntryType.CONF_CHANGE) {
                conf = conf.apply(ConfChange.decode(entry.data()));
            }
        }
        return conf;
    }

    /** The index of the latest conf-change entry in the log, or the snapshot index when there is none. */
    long latestConfIndex() {
        for (long i = lastIndex(); i >= firstIndex(); i--) {
            if (entries.get((int) (i - firstIndex())).type() == EntryType.CONF_CHANGE) {
                return i;
            }
        }
        return snapshot.index();
    }
}
