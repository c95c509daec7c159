package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;

/**
 * The partition tables frozen at one applied LSN by {@link SnapshotTables#capture()}: read-only, never changed by
 * later applies, readable from any thread once handed over (the snapshot writer encodes it). Every mutator throws.
 * The frozen hash tables come from {@link CowHashMap#freeze()}; their rows are never written again by the
 * partition thread (it copies shared rows before changing them).
 */
final class CapturedTables implements SnapshotTables {
    private final Fsm fsm;
    private final Map<InvocationKey, InvocationStatus> invocations;
    private final Map<ObjectKey, ? extends NavigableMap<ByteString, ByteString>> state;
    private final Map<ObjectKey, InvocationKey> locks;
    private final Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes;
    private final NavigableMap<Long, OutboxMessage> outbox;
    private final Map<String, Long> dedup;
    private final NavigableSet<Timer> timers;
    private final NavigableMap<ObjectKey, NavigableMap<String, DurablePromise>> promises;

    /** The fsm table. @param appliedLsn applied LSN @param leaderEpoch epoch @param nextOutboxIndex next index */
    record Fsm(long appliedLsn, long leaderEpoch, long nextOutboxIndex) {
    }

    /**
     * Wraps frozen tables (the caller hands over copies it never changes again).
     *
     * @param fsm the fsm table
     * @param invocations invocation rows by id
     * @param state state by object
     * @param locks lock holders
     * @param inboxes inboxes
     * @param outbox the outbox
     * @param dedup the dedup table
     * @param timers the timers
     * @param promises the promises
     */
    CapturedTables(final Fsm fsm, final Map<InvocationKey, InvocationStatus> invocations,
            final Map<ObjectKey, ? extends NavigableMap<ByteString, ByteString>> state,
            final Map<ObjectKey, InvocationKey> locks,
            final Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes,
            final NavigableMap<Long, OutboxMessage> outbox, final Map<String, Long> dedup,
            final NavigableSet<Timer> timers,
            final NavigableMap<ObjectKey, NavigableMap<String, DurablePromise>> promises) {
        this.fsm = fsm;
        this.invocations = invocations;
        this.state = state;
        this.locks = locks;
        this.inboxes = inboxes;
        this.outbox = Collections.unmodifiableNavigableMap(outbox);
        this.dedup = dedup;
        this.timers = Collections.unmodifiableNavigableSet(timers);
        this.promises = Collections.unmodifiableNavigableMap(promises);
    }

    private static UnsupportedOperationException readOnly() {
        return new UnsupportedOperationException("captured snapshot tables are read-only");
    }

    @Override
    public long appliedLsn() {
        return fsm.appliedLsn();
    }

    @Override
    public void appliedLsn(final long lsn) {
        throw readOnly();
    }

    @Override
    public long leaderEpoch() {
        return fsm.leaderEpoch();
    }

    @Override
    public void leaderEpoch(final long epoch) {
        throw readOnly();
    }

    @Override
    public InvocationStatus invocation(final InvocationKey id) {
        return invocations.get(id);
    }

    @Override
    public void putInvocation(final InvocationStatus status) {
        throw readOnly();
    }

    @Override
    public void removeInvocation(final InvocationKey id) {
        throw readOnly();
    }

    /** The rows in id order (sorted now: this runs on the snapshot writer, not the partition thread). */
    @Override
    public Iterable<InvocationStatus> invocations() {
        final List<InvocationKey> ids = new ArrayList<>(invocations.keySet());
        Collections.sort(ids);
        final List<InvocationStatus> rows = new ArrayList<>(ids.size());
        for (final InvocationKey id : ids) {
            rows.add(invocations.get(id));
        }
        return rows;
    }

    @Override
    public int invocationCount() {
        return invocations.size();
    }

    @Override
    public NavigableMap<ByteString, ByteString> stateOf(final ObjectKey object) {
        final NavigableMap<ByteString, ByteString> map = state.get(object);
        return map == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(map);
    }

    @Override
    public void putState(final ObjectKey object, final ByteString key, final ByteString value) {
        throw readOnly();
    }

    @Override
    public void clearState(final ObjectKey object, final ByteString key) {
        throw readOnly();
    }

    @Override
    public void clearAllState(final ObjectKey object) {
        throw readOnly();
    }

    @Override
    public InvocationKey lockHolder(final ObjectKey object) {
        return locks.get(object);
    }

    @Override
    public void lock(final ObjectKey object, final InvocationKey holder) {
        throw readOnly();
    }

    @Override
    public void enqueueInbox(final ObjectKey object, final InvocationKey id) {
        throw readOnly();
    }

    @Override
    public InvocationKey pollInbox(final ObjectKey object) {
        throw readOnly();
    }

    @Override
    public long appendOutbox(final OutboxMessage message) {
        throw readOnly();
    }

    @Override
    public NavigableMap<Long, OutboxMessage> outbox() {
        return outbox;
    }

    @Override
    public void truncateOutbox(final long upToIndexInclusive) {
        throw readOnly();
    }

    @Override
    public long dedupSeq(final String producer) {
        final Long seq = dedup.get(producer);
        return seq == null ? -1 : seq;
    }

    @Override
    public void dedupSeq(final String producer, final long seq) {
        throw readOnly();
    }

    @Override
    public void addTimer(final Timer timer) {
        throw readOnly();
    }

    @Override
    public boolean removeTimer(final Timer timer) {
        throw readOnly();
    }

    @Override
    public NavigableSet<Timer> timers() {
        return timers;
    }

    @Override
    public DurablePromise promise(final ObjectKey workflow, final String name) {
        final NavigableMap<String, DurablePromise> named = promises.get(workflow);
        return named == null ? null : named.get(name);
    }

    @Override
    public void putPromise(final ObjectKey workflow, final String name, final DurablePromise promise) {
        throw readOnly();
    }

    @Override
    public void clearPromises(final ObjectKey workflow) {
        throw readOnly();
    }

    @Override
    public NavigableMap<ObjectKey, NavigableMap<String, DurablePromise>> promises() {
        return promises;
    }

    @Override
    public long nextOutboxIndex() {
        return fsm.nextOutboxIndex();
    }

    @Override
    public void nextOutboxIndex(final long index) {
        throw readOnly();
    }

    @Override
    public void restoreOutbox(final long index, final OutboxMessage message) {
        throw readOnly();
    }

    @Override
    public Map<ObjectKey, ? extends NavigableMap<ByteString, ByteString>> allState() {
        return state;
    }

    @Override
    public Map<ObjectKey, InvocationKey> locks() {
        return locks;
    }

    @Override
    public Map<ObjectKey, ? extends Collection<InvocationKey>> inboxes() {
        return inboxes;
    }

    @Override
    public Map<String, Long> dedupTable() {
        return dedup;
    }

    @Override
    public void retainCompleted(final InvocationStatus completed, final long expiresAtMs) {
        throw readOnly();
    }

    // Not captured: the retained codec does not read a capture, so its rows (the store's checkpoint) are taken
    // from the live tables on the partition thread at capture time.
    @Override
    public RetainedTable retained() {
        throw new UnsupportedOperationException("the retained table is not part of a capture");
    }

    @Override
    public java.util.List<byte[]> retainedSnapshotRows() {
        throw new UnsupportedOperationException("the retained table is not part of a capture");
    }

    @Override
    public void restoreRetained(final java.util.List<byte[]> snapshotRows) {
        throw readOnly();
    }

    @Override
    public SnapshotTables capture() {
        return this;
    }

    @Override
    public void release(final SnapshotTables captured) {
        // Nothing is shared with a frozen view.
    }
}
