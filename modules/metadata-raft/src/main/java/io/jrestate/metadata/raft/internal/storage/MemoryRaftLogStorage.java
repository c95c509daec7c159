package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.Entry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A Raft log in memory that models a disk: writes since the last {@link #sync()} are pending, and
 * {@link #crash(RandomGenerator)} keeps only a random prefix of them, as a power loss may persist some of the
 * queued writes in order and lose the rest. Used by tests and the simulator.
 *
 * <p>Each state is a list of entries starting after {@code baseIndex}. The durable state and the visible state
 * are kept separately; pending operations replay on the durable state in order.
 */
public final class MemoryRaftLogStorage implements RaftLogStorage {
    /** A log image: entries following {@code baseIndex}. */
    private static final class State {
        private long baseIndex;
        private final List<Entry> entries;

        State(final long baseIndex, final List<Entry> entries) {
            this.baseIndex = baseIndex;
            this.entries = entries;
        }

        State copy() {
            return new State(baseIndex, new ArrayList<>(entries));
        }

        long lastIndex() {
            return baseIndex + entries.size();
        }
    }

    /** An operation not yet synced. */
    private sealed interface Op permits Append, Truncate, Trim, Reset {
    }

    private record Append(Entry entry) implements Op {
    }

    private record Truncate(long index) implements Op {
    }

    private record Trim(long index) implements Op {
    }

    private record Reset(long index) implements Op {
    }

    private State durable = new State(0, new ArrayList<>());
    private State visible = durable.copy();
    private final List<Op> pending = new ArrayList<>();
    private IoFaults faults = IoFaults.NONE;

    /**
     * Installs a fault hook called before every sync.
     *
     * @param newFaults the hook
     */
    public void setFaults(final IoFaults newFaults) {
        this.faults = newFaults;
    }

    @Override
    public long firstIndex() {
        return visible.baseIndex + 1;
    }

    @Override
    public long lastIndex() {
        return visible.lastIndex();
    }

    @Override
    public List<Entry> read(final long from, final long toInclusive) {
        Verify.argument(from >= firstIndex() && toInclusive <= lastIndex(),
            "read [" + from + ", " + toInclusive + "] outside stored [" + firstIndex() + ", " + lastIndex() + "]");
        if (toInclusive < from) {
            return List.of();
        }
        final int fromPosition = (int) (from - firstIndex());
        return List.copyOf(visible.entries.subList(fromPosition, fromPosition + (int) (toInclusive - from + 1)));
    }

    @Override
    public void truncateAfter(final long index) {
        applyOp(visible, new Truncate(index));
        pending.add(new Truncate(index));
    }

    @Override
    public void append(final List<Entry> entries) {
        for (final Entry entry : entries) {
            Verify.argument(entry.index() == visible.lastIndex() + 1,
                "append of index " + entry.index() + " after last index " + visible.lastIndex());
            applyOp(visible, new Append(entry));
            pending.add(new Append(entry));
        }
    }

    @Override
    public void sync() throws IOException {
        faults.beforeDurableOp("log.sync");
        durable = visible.copy();
        pending.clear();
    }

    @Override
    public void trimPrefix(final long index) {
        applyOp(visible, new Trim(index));
        pending.add(new Trim(index));
    }

    @Override
    public void reset(final long index) {
        applyOp(visible, new Reset(index));
        pending.add(new Reset(index));
    }

    /**
     * Simulates a power loss: a random prefix of the pending operations reaches the disk, the rest is lost.
     *
     * @param random decides how many pending operations survive
     * @return how many pending operations were lost
     */
    public int crash(final RandomGenerator random) {
        final int kept = pending.isEmpty() ? 0 : random.nextInt(pending.size() + 1);
        for (int i = 0; i < kept; i++) {
            applyOp(durable, pending.get(i));
        }
        final int lost = pending.size() - kept;
        pending.clear();
        visible = durable.copy();
        return lost;
    }

    /** @return the last index that is durable (survives any crash) */
    public long durableLastIndex() {
        return durable.lastIndex();
    }

    /** @return the durable entries' index range start (first durable index) */
    public long durableFirstIndex() {
        return durable.baseIndex + 1;
    }

    /**
     * The term of a durable entry.
     *
     * @param index the index
     * @return the term, or -1 when not durable
     */
    public long durableTermAt(final long index) {
        if (index <= durable.baseIndex || index > durable.lastIndex()) {
            return -1;
        }
        return durable.entries.get((int) (index - durable.baseIndex - 1)).term();
    }

    private static void applyOp(final State state, final Op op) {
        switch (op) {
            case Append a -> state.entries.add(a.entry());
            case Truncate t -> {
                while (state.lastIndex() > t.index() && !state.entries.isEmpty()) {
                    state.entries.removeLast();
                }
            }
            case Trim t -> {
                final int drop = (int) Math.min(Math.max(0, t.index() - state.baseIndex), state.entries.size());
                state.entries.subList(0, drop).clear();
                replaceBase(state, Math.max(state.baseIndex, t.index()));
            }
            case Reset r -> {
                state.entries.clear();
                replaceBase(state, r.index());
            }
        }
    }

    private static void replaceBase(final State state, final long base) {
        state.baseIndex = base;
    }
}
