package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.common.Verify;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The partition tables as heap maps, rebuilt on start by replaying the log; retained completed invocations go to
 * a {@link RetainedTable} (on disk in the server).
 *
 * <p>Tables that are iterated (invocations, outbox, timers, per-object state) are sorted maps so that iteration
 * is deterministic; tables only looked up by key (locks, inboxes, dedup) are hash maps.
 */
public final class InMemoryPartitionState implements SnapshotTables {
    private static final NavigableMap<ByteString, ByteString> NO_STATE = Collections.unmodifiableNavigableMap(
            new TreeMap<>(ByteString.unsignedLexicographicalComparator()));
    private long appliedLsn;
    private long leaderEpoch;
    private long nextOutboxIndex = 1;
    private final TreeMap<InvocationKey, InvocationStatus> invocations = new TreeMap<>();
    private final Map<ObjectKey, TreeMap<ByteString, ByteString>> state = new HashMap<>();
    private final Map<ObjectKey, InvocationKey> locks = new HashMap<>();
    private final Map<ObjectKey, ArrayDeque<InvocationKey>> inboxes = new HashMap<>();
    private final TreeMap<Long, OutboxMessage> outbox = new TreeMap<>();
    private final Map<String, Long> dedup = new HashMap<>();
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
        final InvocationStatus live = invocations.get(id);
        return live != null ? live : retained().get(id);
    }

    @Override
    public void putInvocation(final InvocationStatus status) {
        invocations.put(status.id, status);
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
        return Collections.unmodifiableCollection(invocations.values());
    }

    @Override
    public int invocationCount() {
        return Math.toIntExact(invocations.size() + retained().size());
    }

    @Override
    public NavigableMap<ByteString, ByteString> stateOf(final ObjectKey object) {
        final TreeMap<ByteString, ByteString> map = state.get(object);
        return map == null ? NO_STATE : Collections.unmodifiableNavigableMap(map);
    }

    @Override
    public void putState(final ObjectKey object, final ByteString key, final ByteString value) {
        state.computeIfAbsent(object, k -> new TreeMap<>(ByteString.unsignedLexicographicalComparator()))
                .put(key, value);
    }

    @Override
    public void clearState(final ObjectKey object, final ByteString key) {
        final TreeMap<ByteString, ByteString> map = state.get(object);
        if (map != null) {
            map.remove(key);
            if (map.isEmpty()) {
                state.remove(object);
            }
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
        inboxes.computeIfAbsent(object, k -> new ArrayDeque<>()).addLast(id);
    }

    @Override
    public InvocationKey pollInbox(final ObjectKey object) {
        final ArrayDeque<InvocationKey> inbox = inboxes.get(object);
        if (inbox == null) {
            return null;
        }
        final InvocationKey head = inbox.pollFirst();
        if (inbox.isEmpty()) {
            inboxes.remove(object);
        }
        return head;
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
        return Collections.unmodifiableMap(state);
    }

    @Override
    public Map<ObjectKey, InvocationKey> locks() {
        return Collections.unmodifiableMap(locks);
    }

    @Override
    public Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes() {
        return Collections.unmodifiableMap(inboxes);
    }

    @Override
    public Map<String, Long> dedupTable() {
        return Collections.unmodifiableMap(dedup);
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
