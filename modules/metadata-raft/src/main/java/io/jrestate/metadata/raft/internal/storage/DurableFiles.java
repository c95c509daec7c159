package io.jrestate.metadata.raft.internal.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Small files replaced atomically and durably, each ending in a CRC32C of everything before it:
 *
 * <pre>
 *   +---------------------------- ... ----+--------------+
 *   | body                                | crc32c int32 |
 *   +---------------------------- ... ----+--------------+
 * </pre>
 *
 * Write path: write {@code name.tmp}, fsync it, rename over {@code name}, fsync the directory. After a crash
 * either the old or the new file is in place, never a mix.
 *
 * <p>Recovery decision table:
 * <pre>
 *   name exists | checksum ok | name.tmp exists || action
 *   no          | -           | any             || no state saved yet (tmp is an unfinished write: deleted)
 *   yes         | yes         | any             || use name (tmp is an unfinished write: deleted)
 *   yes         | no          | any             || refuse to start: IOException naming the file
 * </pre>
 */
final class DurableFiles {
    private static final int CRC_LENGTH_BYTES = 4;

    private DurableFiles() {
    }

    /** The file's bytes: the body followed by its CRC32C. */
    static byte[] frame(final byte[] body) {
        final CRC32C crc = new CRC32C();
        crc.update(body);
        return ByteBuffer.allocate(body.length + CRC_LENGTH_BYTES).put(body).putInt((int) crc.getValue()).array();
    }

    static void write(final Path file, final byte[] body) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        final ByteBuffer content = ByteBuffer.wrap(frame(body));
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            while (content.hasRemaining()) {
                channel.write(content);
            }
            channel.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(file.toAbsolutePath().getParent());
    }

    /** Returns the body, or null when the file does not exist. */
    static byte[] read(final Path file) throws IOException {
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        final byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            return null;
        }
        if (content.length < CRC_LENGTH_BYTES) {
            throw new IOException(file + ": too short (" + content.length + " bytes) to hold a checksum");
        }
        final CRC32C crc = new CRC32C();
        crc.update(content, 0, content.length - CRC_LENGTH_BYTES);
        final int stored = ByteBuffer.wrap(content, content.length - CRC_LENGTH_BYTES, CRC_LENGTH_BYTES).getInt();
        if (stored != (int) crc.getValue()) {
            throw new IOException(file + ": checksum mismatch (stored " + Integer.toHexString(stored)
                + ", computed " + Integer.toHexString((int) crc.getValue()) + "); the file is corrupt");
        }
        final byte[] body = new byte[content.length - CRC_LENGTH_BYTES];
        System.arraycopy(content, 0, body, 0, body.length);
        return body;
    }

    static void fsyncDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
