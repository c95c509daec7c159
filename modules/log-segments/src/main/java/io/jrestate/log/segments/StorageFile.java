package io.jrestate.log.segments;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * An open file of a {@link StorageIo}. Positional reads and writes only (no file pointer), so one handle may be
 * shared by a writer thread and reader threads.
 */
public interface StorageFile extends Closeable {
    /**
     * The file's path.
     *
     * @return the path it was opened with
     */
    Path path();

    /**
     * Reads into {@code dst} from {@code position}.
     *
     * @param dst the buffer to fill from its position to its limit
     * @param position the file position
     * @return bytes read, or -1 at end of file
     * @throws IOException on failure
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /**
     * Writes the remaining bytes of {@code src} at {@code position}; may write fewer (a short write).
     *
     * @param src the bytes; its position advances by the count written
     * @param position the file position
     * @return bytes written
     * @throws IOException on failure, for example "No space left on device" when the file must grow
     */
    int write(ByteBuffer src, long position) throws IOException;

    /**
     * Makes written data durable: {@code fdatasync} ({@code metadata=false}) or {@code fsync}.
     * After a failure the written data is in an unknown state: callers must not retry and acknowledge.
     *
     * @param metadata true to also sync metadata such as the file length
     * @throws IOException when the sync fails
     */
    void force(boolean metadata) throws IOException;

    /**
     * The current file length.
     *
     * @return length in bytes
     * @throws IOException on failure
     */
    long size() throws IOException;

    /**
     * Cuts the file to a length (no effect when already shorter).
     *
     * @param lengthBytes the new length
     * @throws IOException on failure
     */
    void truncate(long lengthBytes) throws IOException;

    /**
     * Maps a region read-only. The buffer sees later writes through this or another handle (a shared page
     * cache) and stays valid until this handle is closed; reading it afterwards is an error.
     *
     * @param position start of the region
     * @param lengthBytes length, at most {@link Integer#MAX_VALUE}; the region must lie inside the file
     * @return a read-only buffer over the region, position 0, limit {@code lengthBytes}
     * @throws IOException on failure
     */
    ByteBuffer mapReadOnly(long position, long lengthBytes) throws IOException;

    /**
     * Writes all remaining bytes of {@code src}, looping over short writes.
     *
     * @param src the bytes
     * @param position the file position
     * @throws IOException on failure, or when the device keeps accepting nothing
     */
    default void writeFully(final ByteBuffer src, final long position) throws IOException {
        long at = position;
        int zeroWrites = 0;
        while (src.hasRemaining()) {
            final int written = write(src, at);
            if (written <= 0) {
                if (++zeroWrites > 16) {
                    throw new IOException(path() + ": write made no progress at position " + at);
                }
                continue;
            }
            at += written;
        }
    }

    /**
     * Reads until {@code dst} is full or the file ends.
     *
     * @param dst the buffer
     * @param position the file position
     * @return bytes read (fewer than asked only at end of file)
     * @throws IOException on failure
     */
    default int readFully(final ByteBuffer dst, final long position) throws IOException {
        int total = 0;
        while (dst.hasRemaining()) {
            final int read = read(dst, position + total);
            if (read < 0) {
                break;
            }
            total += read;
        }
        return total;
    }
}
