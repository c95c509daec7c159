package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.metadata.raft.core.HardState;
import io.jrestate.metadata.raft.core.Snapshot;

/**
 * The files a member's directory needs to start from a backup: its state as a snapshot at the applied index
 * ({@link FileSnapshotStore#FILE_NAME}) and its term and vote ({@link FileHardStateStore#FILE_NAME}), in exactly
 * the formats those stores read. No log file is needed: recovery starts the log after the snapshot
 * ({@link RaftStorage#load()}, row "S | none").
 */
public final class RaftBackupFiles {
    private RaftBackupFiles() {
    }

    /**
     * The bytes of a {@code raft-snapshot} file.
     *
     * @param snapshot the snapshot
     * @return the file's bytes, checksum included
     */
    public static byte[] snapshotFile(final Snapshot snapshot) {
        return DurableFiles.frame(FileSnapshotStore.encode(snapshot));
    }

    /**
     * The bytes of a {@code raft-hardstate} file.
     *
     * @param state the term and vote
     * @return the file's bytes, checksum included
     */
    public static byte[] hardStateFile(final HardState state) {
        return DurableFiles.frame(FileHardStateStore.encode(state));
    }
}
