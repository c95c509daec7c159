package io.jrestate.backup.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Small fsync helpers: a file written and forced, a directory forced. */
public final class Durable {
    private Durable() {
    }

    /**
     * Writes a new file and forces it to disk.
     *
     * @param file the file, which must not exist
     * @param bytes its content
     * @throws IOException when writing fails
     */
    public static void writeNew(final Path file, final byte[] bytes) throws IOException {
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
    }

    /**
     * Forces a directory's entries (created, renamed, deleted files) to disk.
     *
     * @param dir the directory
     * @throws IOException when it cannot be opened or forced
     */
    public static void syncDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
