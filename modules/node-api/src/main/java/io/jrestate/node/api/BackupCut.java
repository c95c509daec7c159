package io.jrestate.node.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One participant's state at a backup cut: its position in the cut, and its files as they were then, readable from
 * any thread while the node keeps serving. See {@link BackupParticipant} for the protocol.
 */
public interface BackupCut extends AutoCloseable {
    /**
     * Where the cut lies for this participant, for the manifest: e.g. {@code partition-3 -> 1234} (the last
     * durable LSN of that partition's log) or {@code applied-index -> 17} (the metadata store's).
     *
     * @return position names to values
     */
    Map<String, Long> positions();

    /**
     * The files of the cut; paths are relative to the node directory.
     *
     * @return the files
     */
    List<BackupFile> files();

    /**
     * Reads bytes of one file as it is in the cut.
     *
     * @param path a path from {@link #files()}
     * @param position the byte position
     * @param dst receives at most {@code dst.remaining()} bytes
     * @return the bytes read, or -1 at or past the end of the file
     * @throws IOException when the state can no longer be read (e.g. the service stopped)
     * @throws IllegalArgumentException when the path is not part of the cut
     */
    int read(String path, long position, ByteBuffer dst) throws IOException;

    /** Lets held writes continue; idempotent. The files stay readable until {@link #close()}. */
    void release();

    /**
     * Whether the participant stopped holding on its own because {@code maxHold} passed before the release: the cut
     * is then not consistent with the other participants' and the backup must fail.
     *
     * @return true when the hold outlasted its limit
     */
    boolean heldPastLimit();

    /** Releases if still held, and frees what the cut pinned; reads fail afterwards. Idempotent. */
    @Override
    void close();
}
