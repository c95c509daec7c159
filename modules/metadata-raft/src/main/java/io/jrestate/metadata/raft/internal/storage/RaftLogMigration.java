package io.jrestate.metadata.raft.internal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Moves a member's log from the single-file format of earlier versions ({@link FileRaftLogStorage},
 * {@code raft-log}) into the log-segments store ({@link SegmentRaftLogStorage}), once, at open.
 *
 * <pre>
 *   raft-log present?  segments hold           || action
 *   no                 anything                || nothing
 *   yes                a prefix of the file    || append the rest (reset to the file's start first when the
 *                      (empty after a crash)   ||  segments end before it), sync, then rename raft-log to
 *                                              ||  raft-log.migrated and fsync the directory
 *   yes                all of the file         || (a crash before the rename) rename only
 * </pre>
 * Every step is idempotent, so a crash anywhere repeats the migration at the next start; the old file is kept
 * (renamed), never deleted.
 */
public final class RaftLogMigration {
    /** The name the old file gets once its entries are durable in the segments. */
    public static final String MIGRATED_NAME = FileRaftLogStorage.FILE_NAME + ".migrated";
    private static final System.Logger LOG = System.getLogger(RaftLogMigration.class.getName());

    private RaftLogMigration() {
    }

    /**
     * Opens the member's segment log, migrating an old {@code raft-log} file into it first.
     *
     * @param memberDir the member's directory
     * @return the open log
     * @throws IOException when a store is unreadable or damaged (the old file is then left in place)
     */
    public static SegmentRaftLogStorage openMigrating(final Path memberDir) throws IOException {
        final SegmentRaftLogStorage log = SegmentRaftLogStorage.open(memberDir);
        final Path oldFile = memberDir.resolve(FileRaftLogStorage.FILE_NAME);
        if (!Files.exists(oldFile)) {
            return log;
        }
        try {
            migrate(memberDir, oldFile, log);
        } catch (final IOException | RuntimeException e) {
            log.close();
            throw e;
        }
        return log;
    }

    private static void migrate(final Path memberDir, final Path oldFile, final SegmentRaftLogStorage log)
        throws IOException {
        try (FileRaftLogStorage old = FileRaftLogStorage.open(memberDir)) {
            if (log.lastIndex() < old.lastIndex()) {
                if (log.lastIndex() < old.firstIndex() - 1) {
                    log.reset(old.firstIndex() - 1);
                }
                final long from = Math.max(log.lastIndex() + 1, old.firstIndex());
                log.append(old.read(from, old.lastIndex()));
                log.sync();
            }
            LOG.log(System.Logger.Level.INFO, "metadata raft log: moved entries {0}..{1} from {2} into {3}",
                old.firstIndex(), old.lastIndex(), oldFile, SegmentRaftLogStorage.DIRECTORY);
        }
        Files.move(oldFile, memberDir.resolve(MIGRATED_NAME), StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(memberDir);
    }
}
