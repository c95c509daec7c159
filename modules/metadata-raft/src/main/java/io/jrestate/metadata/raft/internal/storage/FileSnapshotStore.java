package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Snapshot;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The latest snapshot in one checksummed file, replaced atomically (see {@link DurableFiles}). Layout:
 *
 * <pre>
 *   +--------+----------+-------------+------------+--------+-------------+----------+----------+------+--------+
 *   | "JRSN" | format 1 | index int64 | term int64 | nVoter | nVoter x i64| nLearner | nL x i64 | dLen | data   |
 *   +--------+----------+-------------+------------+--------+-------------+----------+----------+------+--------+
 *   followed by crc32c int32; counts and dLen are int32
 * </pre>
 */
public final class FileSnapshotStore implements SnapshotStore {
    /** The file name inside the node's raft directory. */
    public static final String FILE_NAME = "raft-snapshot";
    private static final int MAGIC = 0x4A52534E;
    private static final int FORMAT = 1;
    private final Path file;

    /**
     * Opens the store in a directory (which must exist).
     *
     * @param dir the raft directory
     */
    public FileSnapshotStore(final Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    @Override
    public Snapshot load() throws IOException {
        final byte[] body = DurableFiles.read(file);
        if (body == null) {
            return null;
        }
        try {
            final ByteBuffer buffer = ByteBuffer.wrap(body);
            if (buffer.getInt() != MAGIC || buffer.getInt() != FORMAT) {
                throw new IOException(file + ": not a snapshot file of format " + FORMAT);
            }
            final long index = buffer.getLong();
            final long term = buffer.getLong();
            final SortedSet<Long> voters = readIds(buffer);
            final SortedSet<Long> learners = readIds(buffer);
            final byte[] data = new byte[buffer.getInt()];
            buffer.get(data);
            if (buffer.hasRemaining()) {
                throw new IOException(file + ": " + buffer.remaining() + " trailing bytes after the snapshot data");
            }
            return new Snapshot(index, term, new ConfState(voters, learners), data);
        } catch (final BufferUnderflowException | NegativeArraySizeException | IllegalArgumentException e) {
            throw new IOException(file + ": malformed snapshot (" + e.getMessage() + ")", e);
        }
    }

    private static SortedSet<Long> readIds(final ByteBuffer buffer) {
        final int count = buffer.getInt();
        if (count < 0 || count > buffer.remaining() / Long.BYTES) {
            throw new IllegalArgumentException("member count " + count + " out of range");
        }
        final TreeSet<Long> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(buffer.getLong());
        }
        return ids;
    }

    @Override
    public void save(final Snapshot snapshot) throws IOException {
        DurableFiles.write(file, encode(snapshot));
    }

    /** The file's body (before the checksum) for a snapshot. */
    static byte[] encode(final Snapshot snapshot) {
        final ConfState conf = snapshot.conf();
        final ByteBuffer buffer = ByteBuffer.allocate(4 + 4 + 8 + 8 + 4 + 8 * conf.voters().size() + 4
            + 8 * conf.learners().size() + 4 + snapshot.data().length);
        buffer.putInt(MAGIC).putInt(FORMAT).putLong(snapshot.index()).putLong(snapshot.term());
        buffer.putInt(conf.voters().size());
        conf.voters().forEach(buffer::putLong);
        buffer.putInt(conf.learners().size());
        conf.learners().forEach(buffer::putLong);
        buffer.putInt(snapshot.data().length).put(snapshot.data());
        return buffer.array();
    }
}
