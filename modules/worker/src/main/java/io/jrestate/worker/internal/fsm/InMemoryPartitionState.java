package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.common.Verify;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partition tables as heap maps, rebuilt on start by replaying the log (or restored from a snapshot);
 * retained completed invocations go to a {@link RetainedTable} (on disk in the server).
 *
 * <p>Snapshot capture ({@link #capture()}) must be cheap because it runs on the partition thread, while the
 * encoding runs on another thread. The tables that grow with the partition's data (invocations, state, locks,
 * inboxes, dedup) are {@link CowHashMap}s: capture freezes them in O(segments), and afterwards the first write
 * into a segment copies that segment. Values mutated in place are copy-on-write too, by generation stamp:
 *
 * <pre>
 *  table        live structure                          capture                  write after capture
 *  -----------  --------------------------------------  -----------------------  ----------------------------
 *  fsm          three longs                             copied                   -
 *  invocations  CowHashMap id -&gt; InvocationStatus      freeze (1024 refs)       invocation(id) hands out a
 *                                                                                copy of a shared row
 *  state        CowHashMap object -&gt; StateEntries      freeze                   copy the object's entries
 *  locks        CowHashMap object -&gt; holder            freeze                   (values immutable)
 *  inbox        CowHashMap object -&gt; Inbox             freeze                   copy the object's inbox
 *  dedup        CowHashMap producer -&gt; seq             freeze                   (values immutable)
 *  outbox       TreeMap index -&gt; message               copied (small: shuffled  -
 *                                                       and truncated at once)
 *  timers       TreeSet                                 copied (immutable rows)  -
 *  promises     TreeMap object -&gt; name -&gt; promise    copied two levels        -
 * </pre>
 *
 * <p>The invocation rule relies on the state machine reaching rows only through {@link #invocation} and
 * {@link #invocations()} within one apply (no row reference is kept across applies), which holds: rows are only
 * mutated by the state machine while applying a record, and captures happen between applies. Sorted iteration
 * ({@link #invocations()}) sorts on demand: it only runs when a leader is announced and in snapshots.
 */
public final class InMemoryPartitionState implements SnapshotTables {
    private static final NavigableMap<ByteString, ByteString> NO_STATE = Collections.unmodifiableNavigableMap(
            new TreeMap<>(ByteString.unsignedLexicographicalComparator()));
    private long appliedLsn;
    private long leaderEpoch;
    private long nextOutboxIndex = 1;
    private final CowHashMap<InvocationKey, InvocationStatus> invocations = new CowHashMap<>();
    private final CowHashMap<ObjectKey, StateEntries> state = new CowHashMap<>();
    private final CowHashMap<ObjectKey, InvocationKey> locks = new CowHashMap<>();
    private final CowHashMap<ObjectKey, Inbox> inboxes = new CowHashMap<>();
    private final TreeMap<Long, OutboxMessage> outbox = new TreeMap<>();
    private final CowHashMap<String, Long> dedup = new CowHashMap<>();
    private final TreeSet<Timer> timers = new TreeSet<>();
    private final TreeMap<ObjectKey, NavigableMap<String, DurablePromise>> promises = new TreeMap<>();
    private final RetainedStorage retainedStorage;
    private RetainedTable retained;

    /** Creates empty tables with retained invocations in the heap ({@link HeapRetainedTable}). */
    public InMemoryPartitionState() {
        this(RetainedStorage.heap());
    }

    /**
     * Creates empty tables.
     *
     * @param retained where retained completed invocations go (empty); a snapshot restores into it only when it
     *     is a {@link HeapRetainedTable}
     */
    public InMemoryPartitionState(final RetainedTable retained) {
        this(retained instanceof HeapRetainedTable heap ? RetainedStorage.heap(heap) : new RetainedStorage() {
            @Override
            public RetainedTable openEmpty() {
                return retained;
            }

            @Override
            public RetainedTable restore(final List<byte[]> snapshotRows) throws IOException {
                throw new IOException("this retained table cannot be restored from a snapshot");
            }
        });
    }

    /**
     * Creates empty tables whose retained table is opened on first use, or restored by a snapshot.
     *
     * @param retainedStorage opens or restores the retained table
     */
    public InMemoryPartitionState(final RetainedStorage retainedStorage) {
        this.retainedStorage = retainedStorage;
    }

    @Override
    public long appliedLsn() {
        return appliedLsn;
    }

    @Override
    public void appliedLsn(final long lsn) {
        appliedLsn = lsn;
    }

    @Override
    public long leaderEpoch() {
        return leaderEpoch;
    }

    @Override
    public void leaderEpoch(final long epoch) {
        leaderEpoch = epoch;
    }

    @Override
    public InvocationStatus invocation(final InvocationKey id) {
        final InvocationStatus row = invocations.get(id);
        if (row == null) {
            return retained().get(id);
        }
        if (!invocations.isShared(row.cowGeneration)) {
            return row;
        }
        final InvocationStatus copy = InvocationRows.copyOf(row);
        copy.cowGeneration = invocations.generation();
        invocations.put(id, copy);
        return copy;
    }

    @Override
    public void putInvocation(final InvocationStatus status) {
        InvocationStatus row = status;
        if (row.cowGeneration != 0 && invocations.isShared(row.cowGeneration)) {
            // A row from before the last capture: the capture may read it, so the table keeps a copy instead.
            row = InvocationRows.copyOf(status);
        }
        row.cowGeneration = invocations.generation();
        invocations.put(row.id, row);
    }

    @Override
    public void removeInvocation(final InvocationKey id) {
        if (invocations.remove(id) == null) {
            retained().remove(id);
        }
    }

    @Override
    public void retainCompleted(final InvocationStatus completed, final long expiresAtMs) {
        invocations.remove(completed.id);
        retained().retain(completed, expiresAtMs);
    }

    @Override
    public RetainedTable retained() {
        if (retained == null) {
            retained = retainedStorage.openEmpty();
        }
        return retained;
    }

    @Override
    public Iterable<InvocationStatus> invocations() {
        final List<InvocationKey> ids = new ArrayList<>(invocations.view().keySet());
        Collections.sort(ids);
        final List<InvocationStatus> rows = new ArrayList<>(ids.size());
        for (final InvocationKey id : ids) {
            rows.add(invocation(id));
        }
        return Collections.unmodifiableList(rows);
    }

    @Override
    public int invocationCount() {
        return Math.toIntExact(invocations.size() + retained().size());
    }

    @Override
    public NavigableMap<ByteString, ByteString> stateOf(final ObjectKey object) {
        final StateEntries map = state.get(object);
        return map == null ? NO_STATE : Collections.unmodifiableNavigableMap(map);
    }

    private StateEntries writableState(final ObjectKey object) {
        final StateEntries map = state.get(object);
        if (map != null && !state.isShared(map.cowGeneration)) {
            return map;
        }
        final StateEntries writable = map == null ? new StateEntries(state.generation())
                : map.copy(state.generation());
        state.put(object, writable);
        return writable;
    }

    @Override
    public void putState(final ObjectKey object, final ByteString key, final ByteString value) {
        writableState(object).put(key, value);
    }

    @Override
    public void clearState(final ObjectKey object, final ByteString key) {
        final StateEntries map = state.get(object);
        if (map == null || !map.containsKey(key)) {
            return;
        }
        if (map.size() == 1) {
            state.remove(object);
        } else {
            writableState(object).remove(key);
        }
    }

    @Override
    public void clearAllState(final ObjectKey object) {
        state.remove(object);
    }

    @Override
    public InvocationKey lockHolder(final ObjectKey object) {
        return locks.get(object);
    }

    @Override
    public void lock(final ObjectKey object, final InvocationKey holder) {
        if (holder == null) {
            locks.remove(object);
        } else {
            locks.put(object, holder);
        }
    }

    @Override
    public void enqueueInbox(final ObjectKey object, final InvocationKey id) {
        final Inbox inbox = inboxes.get(object);
        final Inbox writable = inbox == null ? new Inbox(inboxes.generation())
                : inboxes.isShared(inbox.cowGeneration) ? inbox.copy(inboxes.generation()) : inbox;
        writable.addLast(id);
        if (writable != inbox) {
            inboxes.put(object, writable);
        }
    }

    @Override
    public InvocationKey pollInbox(final ObjectKey object) {
        final Inbox inbox = inboxes.get(object);
        if (inbox == null) {
            return null;
        }
        if (inbox.size() == 1) {
            inboxes.remove(object);
            return inbox.peekFirst();
        }
        final Inbox writable = inboxes.isShared(inbox.cowGeneration) ? inbox.copy(inboxes.generation()) : inbox;
        if (writable != inbox) {
            inboxes.put(object, writable);
        }
        return writable.pollFirst();
    }

    @Override
    public long appendOutbox(final OutboxMessage message) {
        final long index = nextOutboxIndex++;
        outbox.put(index, message);
        return index;
    }

    @Override
    public NavigableMap<Long, OutboxMessage> outbox() {
        return Collections.unmodifiableNavigableMap(outbox);
    }

    @Override
    public void truncateOutbox(final long upToIndexInclusive) {
        outbox.headMap(upToIndexInclusive, true).clear();
    }

    @Override
    public long dedupSeq(final String producer) {
        final Long seq = dedup.get(producer);
        return seq == null ? -1 : seq;
    }

    @Override
    public void dedupSeq(final String producer, final long seq) {
        dedup.put(producer, seq);
    }

    @Override
    public void addTimer(final Timer timer) {
        timers.add(timer);
    }

    @Override
    public boolean removeTimer(final Timer timer) {
        return timers.remove(timer);
    }

    @Override
    public NavigableSet<Timer> timers() {
        return Collections.unmodifiableNavigableSet(timers);
    }

    @Override
    public DurablePromise promise(final ObjectKey workflow, final String name) {
        final NavigableMap<String, DurablePromise> ofWorkflow = promises.get(workflow);
        return ofWorkflow == null ? null : ofWorkflow.get(name);
    }

    @Override
    public void putPromise(final ObjectKey workflow, final String name, final DurablePromise promise) {
        promises.computeIfAbsent(workflow, k -> new TreeMap<>()).put(name, promise);
    }

    @Override
    public void clearPromises(final ObjectKey workflow) {
        promises.remove(workflow);
    }

    @Override
    public NavigableMap<ObjectKey, NavigableMap<String, DurablePromise>> promises() {
        return promises;
    }

    @Override
    public long nextOutboxIndex() {
        return nextOutboxIndex;
    }

    @Override
    public void nextOutboxIndex(final long index) {
        nextOutboxIndex = index;
    }

    @Override
    public void restoreOutbox(final long index, final OutboxMessage message) {
        outbox.put(index, message);
    }

    @Override
    public Map<ObjectKey, ? extends NavigableMap<ByteString, ByteString>> allState() {
        return state.view();
    }

    @Override
    public Map<ObjectKey, InvocationKey> locks() {
        return locks.view();
    }

    @Override
    public Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes() {
        return inboxes.view();
    }

    @Override
    public Map<String, Long> dedupTable() {
        return dedup.view();
    }

    @Override
    public SnapshotTables capture() {
        final TreeMap<ObjectKey, NavigableMap<String, DurablePromise>> promisesCopy = new TreeMap<>();
        promises.forEach((workflow, named) -> promisesCopy.put(workflow, new TreeMap<>(named)));
        return new CapturedTables(new CapturedTables.Fsm(appliedLsn, leaderEpoch, nextOutboxIndex),
                invocations.freeze(), state.freeze(), locks.freeze(), inboxes.freeze(), new TreeMap<>(outbox),
                dedup.freeze(), new TreeSet<>(timers), promisesCopy);
    }

    @Override
    public void release(final SnapshotTables captured) {
        invocations.release();
        state.release();
        locks.release();
        inboxes.release();
        dedup.release();
    }

    @Override
    public List<byte[]> retainedSnapshotRows() {
        return retained().snapshotRows(appliedLsn);
    }

    @Override
    public void restoreRetained(final List<byte[]> snapshotRows) throws IOException {
        Verify.that(retained == null, "the retained table is restored before any use");
        retained = retainedStorage.restore(snapshotRows);
    }
}
