package io.jrestate.node.api;

import java.util.Objects;

/**
 * A file of a {@link BackupCut}.
 *
 * @param path the path relative to the node directory, {@code /}-separated, without {@code .} or {@code ..}
 *     segments, e.g. {@code worker-log/journal/00000000000000000001.seg}
 * @param sizeBytes the file's length
 * @param dataBytes the bytes to copy; every byte from here up to {@code sizeBytes} is zero (a preallocated tail)
 */
public record BackupFile(String path, long sizeBytes, long dataBytes) {
    /** Checks the path and the sizes. */
    public BackupFile {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.endsWith("/")) {
            throw new IllegalArgumentException("backup file path must be relative and /-separated: '" + path + "'");
        }
        for (final String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("backup file path has an empty, . or .. segment: '" + path + "'");
            }
        }
        if (sizeBytes < 0 || dataBytes < 0 || dataBytes > sizeBytes) {
            throw new IllegalArgumentException("backup file " + path + ": need 0 <= dataBytes (" + dataBytes
                + ") <= sizeBytes (" + sizeBytes + ")");
        }
    }

    /**
     * A file with this prefix added to its path.
     *
     * @param directory the directory to put in front, e.g. {@code worker-log}
     * @return the moved file
     */
    public BackupFile under(final String directory) {
        return new BackupFile(directory + "/" + path, sizeBytes, dataBytes);
    }
}
