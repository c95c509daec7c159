package io.jrestate.launcher.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.backup.RestoreMarker;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A node's data directory, {@code <base-dir>/<node-name>/}, held exclusively for the life of the process.
 *
 * <pre>
 *   &lt;base-dir&gt;/&lt;node-name&gt;/
 *     LOCK              exclusive OS file lock for the process lifetime; holds the owner's PID in text
 *     .cluster-marker   JSON {@link ClusterMarker}; replaced atomically (temp file, fsync, rename, fsync dir)
 *     ...               each module's own subdirectory
 * </pre>
 *
 * <p>Decision table when opening:
 * <pre>
 *   LOCK held by another process           -&gt; refuse, naming the holder's PID
 *   .restore-incomplete present            -&gt; refuse: a restore did not finish (rerun it with --replace)
 *   no marker                              -&gt; new directory: write marker (format {@value #FORMAT_VERSION})
 *   marker unreadable / no format_version  -&gt; refuse (not a jrestate directory, or damaged)
 *   marker format &gt; {@value #FORMAT_VERSION}                   -&gt; refuse: written by a newer jrestate
 *   marker format &lt; {@value #MIN_FORMAT_VERSION}                   -&gt; refuse: too old to read
 *   marker cluster_name != cluster-name    -&gt; refuse
 *   marker node_name != node-name          -&gt; refuse (e.g. a backup restored under another node's name)
 *   otherwise                              -&gt; open; rewrite marker with this version as last writer
 * </pre>
 */
public final class NodeDirectory implements AutoCloseable {
    /** The on-disk layout version this server writes. */
    public static final int FORMAT_VERSION = 1;
    /** The oldest layout version this server can read. */
    public static final int MIN_FORMAT_VERSION = 1;
    /** The lock file's name. */
    public static final String LOCK_FILE = "LOCK";
    /** The marker file's name. */
    public static final String MARKER_FILE = ".cluster-marker";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path path;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ClusterMarker marker;

    private NodeDirectory(final Path path, final FileChannel lockChannel, final FileLock lock,
            final ClusterMarker marker) {
        this.path = path;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.marker = marker;
    }

    /**
     * Opens (creating if needed) and locks a node directory, checking its marker.
     *
     * @param nodeDir {@code <base-dir>/<node-name>}
     * @param clusterName the configured cluster name
     * @param nodeName the configured node name
     * @param serverVersion this server's version, recorded in the marker
     * @return the open directory; close it to release the lock
     * @throws DataDirectoryException when the directory is in use or belongs elsewhere
     */
    public static NodeDirectory open(final Path nodeDir, final String clusterName, final String nodeName,
            final String serverVersion) throws DataDirectoryException {
        final Path dir = nodeDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new DataDirectoryException("cannot create data directory " + dir + ": " + e, e);
        }
        final FileChannel channel = openLockFile(dir);
        final FileLock lock = acquire(dir, channel);
        try {
            if (Files.exists(dir.resolve(RestoreMarker.FILE_NAME))) {
                throw new DataDirectoryException("data directory " + dir + " holds a restore that did not finish ("
                        + RestoreMarker.FILE_NAME + "); run `restate-server restore --from <backup> --replace` "
                        + "again before starting the server");
            }
            final ClusterMarker marker = checkMarker(dir, clusterName, nodeName, serverVersion);
            return new NodeDirectory(dir, channel, lock, marker);
        } catch (final DataDirectoryException e) {
            closeQuietly(channel);
            throw e;
        } catch (final IOException | RuntimeException e) {
            closeQuietly(channel);
            throw new DataDirectoryException("cannot open data directory " + dir + ": " + e, e);
        }
    }

    private static FileChannel openLockFile(final Path dir) throws DataDirectoryException {
        try {
            return FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (final IOException e) {
            throw new DataDirectoryException("cannot open lock file " + dir.resolve(LOCK_FILE) + ": " + e, e);
        }
    }

    private static FileLock acquire(final Path dir, final FileChannel channel) throws DataDirectoryException {
        final Path lockFile = dir.resolve(LOCK_FILE);
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (final OverlappingFileLockException e) {
                lock = null; // Held by this very process, e.g. a second open in a test: also in use.
            }
            if (lock == null) {
                final String holder = Files.readString(lockFile, StandardCharsets.UTF_8).strip();
                throw new DataDirectoryException("data directory " + dir + " is in use by another restate-server "
                        + "process (pid " + (holder.isEmpty() ? "unknown" : holder) + "); stop it first, or give "
                        + "this node another --node-name or --base-dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)),
                    0);
            channel.force(true);
            return lock;
        } catch (final DataDirectoryException e) {
            closeQuietly(channel);
            throw e;
        } catch (final IOException e) {
            closeQuietly(channel);
            throw new DataDirectoryException("cannot lock data directory " + dir + " (" + lockFile + "): " + e, e);
        }
    }

    private static ClusterMarker checkMarker(final Path dir, final String clusterName, final String nodeName,
            final String serverVersion) throws IOException, DataDirectoryException {
        final Path markerFile = dir.resolve(MARKER_FILE);
        if (!Files.exists(markerFile)) {
            final ClusterMarker fresh = new ClusterMarker(clusterName, nodeName, FORMAT_VERSION, serverVersion,
                    serverVersion);
            writeMarker(dir, fresh);
            return fresh;
        }
        final ClusterMarker found = readMarker(markerFile);
        if (found.formatVersion() == null || found.clusterName() == null || found.nodeName() == null) {
            throw new DataDirectoryException("marker " + markerFile + " has no format_version, cluster_name or "
                    + "node_name: this is not a jrestate data directory (a Restate server's data cannot be opened), "
                    + "or the marker is damaged");
        }
        if (found.formatVersion() > FORMAT_VERSION) {
            throw new DataDirectoryException("data directory " + dir + " was written by a newer jrestate (on-disk "
                    + "format " + found.formatVersion() + ", last written by " + found.lastWrittenByVersion()
                    + "); this server reads formats " + MIN_FORMAT_VERSION + " to " + FORMAT_VERSION
                    + ": run a newer server");
        }
        if (found.formatVersion() < MIN_FORMAT_VERSION) {
            throw new DataDirectoryException("data directory " + dir + " has on-disk format "
                    + found.formatVersion() + ", older than this server reads (" + MIN_FORMAT_VERSION + ")");
        }
        if (!found.clusterName().equals(clusterName)) {
            throw new DataDirectoryException("data directory " + dir + " belongs to cluster '" + found.clusterName()
                    + "', but this node is configured with cluster-name '" + clusterName + "'; refusing to start");
        }
        if (!found.nodeName().equals(nodeName)) {
            throw new DataDirectoryException("data directory " + dir + " belongs to node '" + found.nodeName()
                    + "', but this node is configured with node-name '" + nodeName + "'; refusing to start");
        }
        final ClusterMarker updated = new ClusterMarker(clusterName, nodeName, FORMAT_VERSION,
                found.createdByVersion(), serverVersion);
        if (!updated.equals(found)) {
            writeMarker(dir, updated);
        }
        return updated;
    }

    private static ClusterMarker readMarker(final Path markerFile) throws IOException, DataDirectoryException {
        try {
            return JSON.readValue(Files.readString(markerFile, StandardCharsets.UTF_8), ClusterMarker.class);
        } catch (final JsonProcessingException e) {
            throw new DataDirectoryException("marker " + markerFile + " is not valid JSON (" + e.getOriginalMessage()
                    + "); the data directory is damaged or not a jrestate directory", e);
        }
    }

    /**
     * Replaces the marker atomically: write a temporary file, fsync it, rename it over the marker, fsync the
     * directory. A crash leaves either the old or the new marker, never a torn one.
     *
     * @param dir the node directory
     * @param marker the new marker
     * @throws IOException when writing fails
     */
    static void writeMarker(final Path dir, final ClusterMarker marker) throws IOException {
        final Path temp = dir.resolve(MARKER_FILE + ".tmp");
        final byte[] bytes = JSON.writeValueAsBytes(marker);
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(temp, dir.resolve(MARKER_FILE), StandardCopyOption.ATOMIC_MOVE);
        } catch (final AtomicMoveNotSupportedException e) {
            Files.move(temp, dir.resolve(MARKER_FILE), StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /**
     * The directory's absolute path.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * The marker as checked (and updated) at open.
     *
     * @return the marker
     */
    public ClusterMarker marker() {
        return marker;
    }

    /** Releases the lock; the PID stays in the file, but the lock is what counts. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (final IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(final FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (final IOException e) {
                // Nothing left to release.
            }
        }
    }
}
