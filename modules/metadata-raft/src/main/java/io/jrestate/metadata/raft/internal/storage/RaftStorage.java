package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Ready;
import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;
import java.util.List;

/**
 * A node's durable state: hard state, latest snapshot and log. It carries out the persistence part of a
 * {@link Ready} in the order that keeps recovery safe: hard state, then snapshot (and log reset), then entries,
 * then one sync of the log. Every method returns only once its writes are durable.
 *
 * <p>Recovery decision table ({@link #load()}):
 * <pre>
 *   snapshot | log entries                    || result
 *   none     | none                           || a new node: empty, waits to be added (or bootstrapped)
 *   S        | none or all at/below S.index   || log reset to start after S
 *   S        | first index &lt;= S.index + 1 || entries after S.index are used; older ones ignored
 *   S        | first index &gt; S.index + 1  || refuse: a gap between snapshot and log (IOException)
 * </pre>
 */
public final class RaftStorage {
    private final HardStateStore hardStates;
    private final SnapshotStore snapshots;
    private final RaftLogStorage log;

    /**
     * What recovery found.
     *
     * @param hardState the term and vote
     * @param snapshot the snapshot, or null
     * @param entries the entries after the snapshot
     */
    public record Recovered(HardState hardState, Snapshot snapshot, List<Entry> entries) {
    }

    /**
     * Combines the three stores.
     *
     * @param hardStates term and vote
     * @param snapshots the snapshot
     * @param log the entries
     */
    public RaftStorage(final HardStateStore hardStates, final SnapshotStore snapshots, final RaftLogStorage log) {
        this.hardStates = hardStates;
        this.snapshots = snapshots;
        this.log = log;
    }

    /**
     * Makes a brand-new store the first member(s) of a group: a snapshot at index 1, term 1, holding the initial
     * configuration and an empty state machine. Does nothing if the store already holds state.
     *
     * @param initialConf the founding voters
     * @param emptyStateImage the state machine image of the empty state
     * @return true when it bootstrapped, false when state existed
     * @throws IOException when it cannot be made durable
     */
    public boolean bootstrapIfEmpty(final ConfState initialConf, final byte[] emptyStateImage) throws IOException {
        Verify.argument(!initialConf.voters().isEmpty(), "a group must be bootstrapped with at least one voter");
        if (snapshots.load() != null || log.lastIndex() > 0 || hardStates.load().term() > 0) {
            return false;
        }
        snapshots.save(new Snapshot(1, 1, initialConf, emptyStateImage));
        log.reset(1);
        log.sync();
        hardStates.save(new HardState(1, 0));
        return true;
    }

    /**
     * Reads everything back after a start.
     *
     * @return the recovered state
     * @throws IOException when a file is unreadable or the snapshot and log do not join up
     */
    public Recovered load() throws IOException {
        final HardState hardState = hardStates.load();
        final Snapshot snapshot = snapshots.load();
        final long snapshotIndex = snapshot == null ? 0 : snapshot.index();
        if (log.lastIndex() < snapshotIndex) {
            // The snapshot is durable but the log reset after it was not: the log must continue after it.
            log.reset(snapshotIndex);
            log.sync();
        }
        final long from = Math.max(log.firstIndex(), snapshotIndex + 1);
        if (log.lastIndex() >= from && log.firstIndex() > snapshotIndex + 1) {
            throw new IOException("raft log starts at " + log.firstIndex() + " but the snapshot ends at "
                + snapshotIndex + ": entries in between are missing");
        }
        final List<Entry> entries = log.lastIndex() >= from ? log.read(from, log.lastIndex()) : List.of();
        return new Recovered(hardState, snapshot, entries);
    }

    /**
     * Persists the durable part of a Ready.
     *
     * @param ready the Ready
     * @throws IOException when anything fails to become durable (the node must stop)
     */
    public void persist(final Ready ready) throws IOException {
        if (ready.hardState() != null) {
            hardStates.save(ready.hardState());
        }
        if (ready.snapshot() != null) {
            snapshots.save(ready.snapshot());
            log.reset(ready.snapshot().index());
        }
        if (!ready.entries().isEmpty()) {
            final long first = ready.entries().getFirst().index();
            if (log.lastIndex() >= first) {
                log.truncateAfter(first - 1);
            }
            if (log.lastIndex() < first - 1) {
                // Only after a snapshot restore, whose log reset moved the start: entries always follow on.
                throw new IOException("raft log ends at " + log.lastIndex() + " but the next entry is " + first);
            }
            log.append(ready.entries());
            log.sync();
        } else if (ready.snapshot() != null) {
            log.sync();
        }
    }

    /**
     * Saves a snapshot the node took of its own state, then drops the log prefix it covers.
     *
     * @param snapshot the snapshot
     * @throws IOException when it cannot be made durable
     */
    public void compact(final Snapshot snapshot) throws IOException {
        snapshots.save(snapshot);
        log.trimPrefix(snapshot.index());
        log.sync();
    }
}
