package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.HardState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Term and vote in one checksummed file, replaced atomically (see {@link DurableFiles}). Layout (big-endian):
 *
 * <pre>
 *   0        4          8                16                 24             28
 *   +--------+----------+----------------+------------------+--------------+
 *   | "JRHS" | format 1 | term int64     | votedFor int64   | crc32c int32 |
 *   +--------+----------+----------------+------------------+--------------+
 * </pre>
 */
public final class FileHardStateStore implements HardStateStore {
    /** The file name inside the node's raft directory. */
    public static final String FILE_NAME = "raft-hardstate";
    private static final int MAGIC = 0x4A524853;
    private static final int FORMAT = 1;
    private static final int BODY_LENGTH_BYTES = 24;
    private final Path file;

    /**
     * Opens the store in a directory (which must exist).
     *
     * @param dir the raft directory
     */
    public FileHardStateStore(final Path dir) {
        this.file = dir.resolve(FILE_NAME);
    }

    @Override
    public HardState load() throws IOException {
        final byte[] body = DurableFiles.read(file);
        if (body == null) {
            return HardState.EMPTY;
        }
        if (body.length != BODY_LENGTH_BYTES) {
            throw new IOException(file + ": expected " + BODY_LENGTH_BYTES + " bytes before the checksum, found "
                + body.length);
        }
        final ByteBuffer buffer = ByteBuffer.wrap(body);
        final int magic = buffer.getInt();
        final int format = buffer.getInt();
        if (magic != MAGIC || format != FORMAT) {
            throw new IOException(file + ": not a hard-state file of format " + FORMAT + " (magic "
                + Integer.toHexString(magic) + ", format " + format + ")");
        }
        return new HardState(buffer.getLong(), buffer.getLong());
    }

    @Override
    public void save(final HardState state) throws IOException {
        Verify.argument(state != null, "hard state must not be null");
        DurableFiles.write(file, encode(state));
    }

    /** The file's body (before the checksum) for a hard state. */
    static byte[] encode(final HardState state) {
        return ByteBuffer.allocate(BODY_LENGTH_BYTES).putInt(MAGIC).putInt(FORMAT).putLong(state.term())
            .putLong(state.votedFor()).array();
    }
}
