package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.Entry;
import java.io.IOException;
import java.util.List;

/**
 * Where a Raft node keeps its log entries. Writes become durable only at {@link #sync()}; after a crash, what
 * was written since the last sync may be lost, but only as a suffix (the log never gets holes).
 *
 * <p>The production implementation sits on {@code log-segments}; {@link MemoryRaftLogStorage} serves tests and
 * the simulator.
 */
public interface RaftLogStorage {
    /** @return the first stored index, or {@code lastIndex() + 1} when empty */
    long firstIndex();

    /** @return the last stored index, or the reset/trim point when empty (0 for a new log) */
    long lastIndex();

    /**
     * Reads entries.
     *
     * @param from first index, at least {@link #firstIndex()}
     * @param toInclusive last index, at most {@link #lastIndex()}
     * @return the entries in order
     * @throws IOException when the storage fails
     */
    List<Entry> read(long from, long toInclusive) throws IOException;

    /**
     * Drops every entry after {@code index}.
     *
     * @param index the last index to keep
     * @throws IOException when the storage fails
     */
    void truncateAfter(long index) throws IOException;

    /**
     * Appends entries that follow {@link #lastIndex()} contiguously.
     *
     * @param entries the entries
     * @throws IOException when the storage fails
     */
    void append(List<Entry> entries) throws IOException;

    /**
     * Makes every earlier write durable.
     *
     * @throws IOException when the storage fails; the node must stop, as nothing since the last sync is durable
     */
    void sync() throws IOException;

    /**
     * Drops entries up to and including {@code index} (they are covered by a durable snapshot).
     *
     * @param index the last index to drop
     * @throws IOException when the storage fails
     */
    void trimPrefix(long index) throws IOException;

    /**
     * Drops every entry; the next append starts at {@code index + 1} (after installing a snapshot).
     *
     * @param index the snapshot's index
     * @throws IOException when the storage fails
     */
    void reset(long index) throws IOException;
}
