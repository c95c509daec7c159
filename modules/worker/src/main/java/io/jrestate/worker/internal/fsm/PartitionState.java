package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import java.util.NavigableMap;
import java.util.NavigableSet;

/**
 * The tables of one partition: what the state machine reads and writes while applying records.
 *
 * <p>Kept behind this interface so that a later store can snapshot it or move cold rows to disk. Every
 * iteration it offers is in a deterministic order (sorted keys), so replicas that apply the same records emit
 * the same actions.
 *
 * <pre>
 *  table          key                          value
 *  -------------  ---------------------------  -----------------------------------------------
 *  fsm            -                            applied LSN, leader epoch, next outbox index
 *  invocations    InvocationKey                InvocationStatus (phase, journal, sinks, retry)
 *  state          ObjectKey, state key bytes   state value bytes
 *  locks          ObjectKey                    InvocationKey holding the exclusive lock
 *  inbox          ObjectKey                    FIFO of InvocationKey waiting for the lock
 *  outbox         u64 index                    OutboxMessage for another partition
 *  dedup          producer name                last applied sequence number
 *  timers         Timer (fire time first)      -
 *  retained       InvocationKey                completed row, until its retention bucket expires (RetainedTable)
 *  promises       ObjectKey, promise name      DurablePromise (result or waiters)   workflows only
 * </pre>
 *
 * <p>{@link #invocation}, {@link #removeInvocation} and {@link #invocationCount} see both the live rows and the
 * retained completed ones; {@link #invocations} iterates the live rows only (retained rows may be on disk).
 */
public interface PartitionState {
    /**
     * The LSN of the last applied record.
     *
     * @return the LSN, 0 when nothing was applied
     */
    long appliedLsn();

    /**
     * Records the LSN of the record just applied.
     *
     * @param lsn the LSN
     */
    void appliedLsn(long lsn);

    /**
     * The highest leader epoch announced in the log.
     *
     * @return the epoch, 0 before any announcement
     */
    long leaderEpoch();

    /**
     * Records a newly announced leader epoch.
     *
     * @param epoch the epoch
     */
    void leaderEpoch(long epoch);

    /**
     * Looks up an invocation.
     *
     * @param id the id
     * @return the status row, or null
     */
    InvocationStatus invocation(InvocationKey id);

    /**
     * Inserts or replaces an invocation row.
     *
     * @param status the row
     */
    void putInvocation(InvocationStatus status);

    /**
     * Removes an invocation row.
     *
     * @param id the id
     */
    void removeInvocation(InvocationKey id);

    /**
     * Moves a just-completed row from the live table to the retained table until its retention ends.
     *
     * @param completed the row, phase {@code COMPLETED}
     * @param expiresAtMs when its retention ends
     */
    void retainCompleted(InvocationStatus completed, long expiresAtMs);

    /**
     * The retained completed invocations.
     *
     * @return the table
     */
    RetainedTable retained();

    /**
     * All live (not retained) invocation rows in id order.
     *
     * @return the rows
     */
    Iterable<InvocationStatus> invocations();

    /**
     * Number of invocation rows, live and retained.
     *
     * @return the count
     */
    int invocationCount();

    /**
     * The state of one object, sorted by key bytes.
     *
     * @param object the object
     * @return the live map (empty when no state); callers must not modify it
     */
    NavigableMap<ByteString, ByteString> stateOf(ObjectKey object);

    /**
     * Sets one state entry.
     *
     * @param object the object
     * @param key the state key
     * @param value the value
     */
    void putState(ObjectKey object, ByteString key, ByteString value);

    /**
     * Removes one state entry.
     *
     * @param object the object
     * @param key the state key
     */
    void clearState(ObjectKey object, ByteString key);

    /**
     * Removes all state of an object.
     *
     * @param object the object
     */
    void clearAllState(ObjectKey object);

    /**
     * The invocation holding an object's exclusive lock.
     *
     * @param object the object
     * @return the holder, or null when unlocked
     */
    InvocationKey lockHolder(ObjectKey object);

    /**
     * Takes or releases an object's lock.
     *
     * @param object the object
     * @param holder the new holder, or null to release
     */
    void lock(ObjectKey object, InvocationKey holder);

    /**
     * Appends an invocation to an object's inbox.
     *
     * @param object the object
     * @param id the waiting invocation
     */
    void enqueueInbox(ObjectKey object, InvocationKey id);

    /**
     * Removes and returns the head of an object's inbox.
     *
     * @param object the object
     * @return the next invocation, or null when the inbox is empty
     */
    InvocationKey pollInbox(ObjectKey object);

    /**
     * Appends an outbox message.
     *
     * @param message the message
     * @return its index
     */
    long appendOutbox(OutboxMessage message);

    /**
     * The outbox in index order.
     *
     * @return the live map; callers must not modify it
     */
    NavigableMap<Long, OutboxMessage> outbox();

    /**
     * Drops delivered outbox messages.
     *
     * @param upToIndexInclusive the highest delivered index
     */
    void truncateOutbox(long upToIndexInclusive);

    /**
     * The last sequence number applied from a producer.
     *
     * @param producer the producer name
     * @return the sequence number, or -1 when none
     */
    long dedupSeq(String producer);

    /**
     * Records the last sequence number applied from a producer.
     *
     * @param producer the producer name
     * @param seq the sequence number
     */
    void dedupSeq(String producer, long seq);

    /**
     * Adds a timer.
     *
     * @param timer the timer
     */
    void addTimer(Timer timer);

    /**
     * Removes a timer.
     *
     * @param timer the timer
     * @return true when it was present
     */
    boolean removeTimer(Timer timer);

    /**
     * All timers in fire order.
     *
     * @return the live set; callers must not modify it
     */
    NavigableSet<Timer> timers();

    /**
     * Looks up a workflow's durable promise.
     *
     * @param workflow the workflow name and key
     * @param name the promise name
     * @return the promise, or null when it was never awaited nor completed
     */
    DurablePromise promise(ObjectKey workflow, String name);

    /**
     * Inserts or replaces a durable promise.
     *
     * @param workflow the workflow name and key
     * @param name the promise name
     * @param promise the promise
     */
    void putPromise(ObjectKey workflow, String name, DurablePromise promise);

    /**
     * Removes every promise of a workflow (cleanup after the completion retention, purge).
     *
     * @param workflow the workflow name and key
     */
    void clearPromises(ObjectKey workflow);

    /**
     * The whole promise table, sorted by workflow then promise name (for snapshots).
     *
     * @return the live map; callers must not modify it
     */
    NavigableMap<ObjectKey, NavigableMap<String, DurablePromise>> promises();
}
