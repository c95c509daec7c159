package io.jrestate.metadata.raft.internal.net;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.MessageType;
import io.jrestate.metadata.raft.core.Snapshot;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Raft messages on the wire between metadata server members (big-endian, as {@link DataOutputStream} writes).
 *
 * <pre>
 *   u8  version (1)       u8  type (MessageType ordinal)
 *   i64 from  i64 to  i64 term  i64 index  i64 logTerm  i64 commit
 *   u8  reject            i64 rejectHint    i64 ctx
 *   i32 entry count, then per entry: i64 index, i64 term, u8 type (EntryType ordinal), i32 length, bytes
 *   u8  has snapshot, then: i64 index, i64 term, i32 voters, i64 voter..., i32 learners, i64 learner...,
 *                           i32 length, bytes
 * </pre>
 */
public final class RaftMessageCodec {
    private static final byte VERSION = 1;
    private static final int ENTRIES_MAX = 1 << 20;
    private static final int MEMBERS_MAX = 1024;

    private RaftMessageCodec() {
    }

    /**
     * Encodes a message.
     *
     * @param message the message
     * @return its bytes
     */
    public static byte[] encode(final Message message) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeByte(message.type().ordinal());
            for (final long field : new long[] {message.from(), message.to(), message.term(), message.index(),
                message.logTerm(), message.commit()}) {
                out.writeLong(field);
            }
            out.writeBoolean(message.reject());
            out.writeLong(message.rejectHint());
            out.writeLong(message.ctx());
            out.writeInt(message.entries().size());
            for (final Entry entry : message.entries()) {
                out.writeLong(entry.index());
                out.writeLong(entry.term());
                out.writeByte(entry.type().ordinal());
                out.writeInt(entry.data().length);
                out.write(entry.data());
            }
            out.writeBoolean(message.snapshot() != null);
            if (message.snapshot() != null) {
                writeSnapshot(out, message.snapshot());
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeSnapshot(final DataOutputStream out, final Snapshot snapshot) throws IOException {
        out.writeLong(snapshot.index());
        out.writeLong(snapshot.term());
        for (final SortedSet<Long> set : List.of(snapshot.conf().voters(), snapshot.conf().learners())) {
            out.writeInt(set.size());
            for (final long id : set) {
                out.writeLong(id);
            }
        }
        out.writeInt(snapshot.data().length);
        out.write(snapshot.data());
    }

    /**
     * Decodes a message.
     *
     * @param bytes the bytes
     * @return the message
     * @throws IllegalArgumentException naming the bad field
     */
    public static Message decode(final byte[] bytes) {
        final WireReader in = new WireReader(bytes, "raft message");
        if (in.u8("version") != VERSION) {
            throw new IllegalArgumentException("raft message: unsupported version");
        }
        final MessageType type = enumAt(MessageType.values(), in.u8("type"), "type");
        final long from = in.i64("from");
        final long to = in.i64("to");
        final long term = in.i64("term");
        final long index = in.i64("index");
        final long logTerm = in.i64("logTerm");
        final long commit = in.i64("commit");
        final boolean reject = in.u8("reject") != 0;
        final long rejectHint = in.i64("rejectHint");
        final long ctx = in.i64("ctx");
        final int count = in.count("entry count", ENTRIES_MAX);
        final List<Entry> entries = new ArrayList<>(Math.min(count, 1024));
        for (int i = 0; i < count; i++) {
            final long entryIndex = in.i64("entry index");
            final long entryTerm = in.i64("entry term");
            final EntryType entryType = enumAt(EntryType.values(), in.u8("entry type"), "entry type");
            entries.add(new Entry(entryIndex, entryTerm, entryType, in.bytes("entry data")));
        }
        final Snapshot snapshot = in.u8("has snapshot") != 0 ? readSnapshot(in) : null;
        in.end();
        return new Message(type, from, to, term, index, logTerm, entries, commit, reject, rejectHint, ctx, snapshot);
    }

    private static Snapshot readSnapshot(final WireReader in) {
        final long index = in.i64("snapshot index");
        final long term = in.i64("snapshot term");
        final TreeSet<Long> voters = new TreeSet<>();
        for (int i = in.count("voter count", MEMBERS_MAX); i > 0; i--) {
            voters.add(in.i64("voter"));
        }
        final TreeSet<Long> learners = new TreeSet<>();
        for (int i = in.count("learner count", MEMBERS_MAX); i > 0; i--) {
            learners.add(in.i64("learner"));
        }
        return new Snapshot(index, term, new ConfState(voters, learners), in.bytes("snapshot data"));
    }

    static <E extends Enum<E>> E enumAt(final E[] values, final byte ordinal, final String field) {
        final int i = ordinal & 0xFF;
        if (i >= values.length) {
            throw new IllegalArgumentException("raft wire: " + field + " " + i + " is unknown");
        }
        return values[i];
    }
}
