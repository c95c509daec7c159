package io.jrestate.log.segments;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A consistent point-in-time image of a {@link LogStore} for an online backup, taken by
 * {@link LogStore#holdForBackup}. The cut is every record that was durable when the writer reached the hold, with
 * every log's metadata (trim point, truncations, seal, sequencer) as it was then. Its files are read while appends
 * continue: journal segments are append-only below the cut, and the cut pins the segments it needs, so a trim
 * during the copy cannot unmap them.
 *
 * <pre>
 *   holdForBackup(maxHold) --&gt; writer commits what was queued before, captures the cut, completes the future,
 *                               then holds every later append until release() (or maxHold, then heldPastLimit())
 *   release()              --&gt; appends continue; files() and read() keep serving the cut
 *   close()                --&gt; unpins the segments
 * </pre>
 *
 * <p>The files, relative to the store directory, form a store directory that {@link LogStore#open} recovers to
 * exactly the cut, with the same store id:
 * <pre>
 *   store.id        the storage marker, as is
 *   logs.meta.a     every log's metadata at the cut (one copy; the store writes the second on its next change)
 *   journal/N.seg   each segment: header as is; marker slot A rewritten to vouch for exactly the cut (complete
 *                   flag on every segment but the newest); slot B zero; records [4096, cut end) as is; zeros to
 *                   the segment length (sizeBytes &gt; dataBytes: write the zeros, or leave a sparse hole)
 * </pre>
 * Preallocated spare segments are not part of a cut; the restored store creates new ones.
 */
public interface StoreCut extends AutoCloseable {
    /**
     * One file of the cut.
     *
     * @param path the path relative to the store directory, with {@code /} separators
     * @param sizeBytes the file's length
     * @param dataBytes the bytes to copy; every byte from here to {@code sizeBytes} is zero
     */
    record File(String path, long sizeBytes, long dataBytes) {
    }

    /**
     * The last durable LSN of every log at the cut (the trim point for a log trimmed to its end).
     *
     * @return log id to LSN, ascending by id
     */
    Map<Long, Long> lastDurableLsns();

    /**
     * The files that make up the cut.
     *
     * @return the files: {@code store.id}, {@code logs.meta.a}, then the segments oldest first
     */
    List<File> files();

    /**
     * Reads bytes of one file of the cut, as they are at the cut, from any thread.
     *
     * @param path a path from {@link #files()}
     * @param position the byte position in the file
     * @param dst receives at most {@code dst.remaining()} bytes
     * @return the number of bytes read, or -1 at or past the end of the file
     * @throws IOException when the store was closed or the cut was closed
     * @throws IllegalArgumentException when the path is not part of the cut
     */
    int read(String path, long position, ByteBuffer dst) throws IOException;

    /** Lets held appends continue; idempotent. Files stay readable until {@link #close()}. */
    void release();

    /**
     * Whether the writer stopped holding on its own because {@code maxHold} passed before {@link #release()}:
     * appends made after that are not in the cut, and a coordinator must not call the backup consistent.
     *
     * @return true when the hold outlasted its limit
     */
    boolean heldPastLimit();

    /** Releases the hold if still held, and unpins the segments; reads fail afterwards. Idempotent. */
    @Override
    void close();
}
