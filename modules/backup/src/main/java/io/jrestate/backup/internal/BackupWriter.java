package io.jrestate.backup.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jrestate.backup.BackupManifest;
import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.node.api.BackupParticipant;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one online backup of a node into a new directory while the node keeps serving.
 *
 * <pre>
 *   1. refuse unless DIR and DIR.incomplete are both absent; create DIR.incomplete/data
 *   2. read the node's .cluster-marker (identity, on-disk format)
 *   3. CutCapture: capture every participant at one cut, release them (writes held only for this step)
 *   4. copy every file of every cut into DIR.incomplete/data/&lt;path&gt; (CRC32C, fsync), plus .cluster-marker
 *      and restate.toml; close the cuts
 *   5. manifest.json (fsync), fsync every directory written
 *   6. rename DIR.incomplete -&gt; DIR, fsync the parent: only a complete backup ever has DIR's name
 * </pre>
 * A failure at any step removes {@code DIR.incomplete} again; a crash of the node leaves it, without the name of
 * a backup and usually without a manifest: it is never mistaken for a backup and restore refuses it.
 */
public final class BackupWriter {
    /** The node directory's identity file (written by the launcher), copied into every backup. */
    public static final String MARKER_FILE = ".cluster-marker";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeIdentity node;
    private final List<BackupParticipant> participants;

    /**
     * The node being backed up.
     *
     * @param serverVersion the Restate version the server reports
     * @param clusterName the configured cluster-name
     * @param nodeName the configured node-name
     * @param nodeDir the node directory
     * @param configToml the effective configuration
     */
    public record NodeIdentity(String serverVersion, String clusterName, String nodeName, Path nodeDir,
            String configToml) {
    }

    /**
     * Creates a writer.
     *
     * @param node the node
     * @param participants the node's backup participants
     */
    public BackupWriter(final NodeIdentity node, final List<BackupParticipant> participants) {
        this.node = node;
        this.participants = List.copyOf(participants);
    }

    /**
     * Runs the backup, recording progress and the outcome on the job; never throws.
     *
     * @param job the job (its target is the backup directory, absolute)
     * @param maxHold the longest writes may be held for the cut
     * @param maxBytesPerSecond the copy rate limit, 0 for none
     */
    public void run(final BackupJob job, final Duration maxHold, final long maxBytesPerSecond) {
        try {
            write(job, maxHold, maxBytesPerSecond);
            job.complete();
        } catch (final BackupFailure e) {
            job.fail(e.getMessage());
        } catch (final IOException | RuntimeException e) {
            job.fail("writing the backup to " + incompleteDir(job.target()) + " failed: " + e);
        }
    }

    /**
     * The directory a backup is written into before its final rename.
     *
     * @param target the backup directory
     * @return {@code target + ".incomplete"}
     */
    public static Path incompleteDir(final Path target) {
        return target.resolveSibling(target.getFileName() + BackupManifest.INCOMPLETE_SUFFIX);
    }

    private void write(final BackupJob job, final Duration maxHold, final long maxBytesPerSecond)
            throws IOException, BackupFailure {
        final Path target = job.target();
        final Path temp = incompleteDir(target);
        if (Files.exists(target) || Files.exists(temp)) {
            throw new BackupFailure("backup directory " + (Files.exists(target) ? target : temp) + " already "
                    + "exists; choose a new directory (or delete the old one)");
        }
        Files.createDirectories(target.getParent());
        Files.createDirectories(temp.resolve(BackupManifest.DATA_DIR));
        try {
            writeInto(job, temp, maxHold, maxBytesPerSecond);
        } catch (final BackupFailure | IOException | RuntimeException e) {
            deleteQuietly(temp);
            throw e;
        }
    }

    private void writeInto(final BackupJob job, final Path temp, final Duration maxHold,
            final long maxBytesPerSecond) throws IOException, BackupFailure {
        final Path target = job.target();
        final byte[] marker = readMarker();
        final int dataFormat = dataFormatVersion(marker);
        final String createdAt = Instant.now().toString();
        final CutCapture.Result cut = CutCapture.captureAll(participants, maxHold);
        final List<BackupManifest.FileEntry> entries = new ArrayList<>();
        final Set<Path> dirs = new LinkedHashSet<>(List.of(temp, temp.resolve(BackupManifest.DATA_DIR)));
        final Map<String, Map<String, Long>> positions = new LinkedHashMap<>();
        try {
            cut.cuts().forEach((name, c) -> positions.put(name, new LinkedHashMap<>(c.positions())));
            job.cut(cut.holdNanos() / 1_000, cut.captureNanos() / 1_000, cut.heldMicros(), positions);
            copyCuts(job, cut.cuts(), temp, entries, dirs, maxBytesPerSecond, marker);
        } finally {
            cut.closeAll();
        }
        final BackupManifest manifest = new BackupManifest(BackupManifest.MANIFEST_VERSION, node.serverVersion(),
                dataFormat, node.clusterName(), node.nodeName(), null, createdAt, cut.holdNanos() / 1_000,
                positions, entries);
        Durable.writeNew(temp.resolve(BackupManifest.MANIFEST_FILE), manifest.toJson());
        for (final Path dir : dirs) {
            Durable.syncDirectory(dir);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (final AtomicMoveNotSupportedException e) {
            throw new BackupFailure("cannot rename " + temp + " to " + target + " atomically: " + e.getMessage(), e);
        }
        Durable.syncDirectory(target.getParent());
    }

    /** Removes the partial copy of a failed backup (a crash leaves it; a clean failure does not). */
    private static void deleteQuietly(final Path dir) {
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (final Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException | java.io.UncheckedIOException e) {
            // Left behind as DIR.incomplete: never mistaken for a backup, and the error names the cause.
        }
    }

    private void copyCuts(final BackupJob job, final Map<String, BackupCut> cuts, final Path temp,
            final List<BackupManifest.FileEntry> entries, final Set<Path> dirs, final long maxBytesPerSecond,
            final byte[] marker) throws IOException, BackupFailure {
        final Map<String, BackupCut> owners = new LinkedHashMap<>();
        final Map<String, BackupFile> files = new LinkedHashMap<>();
        for (final Map.Entry<String, BackupCut> entry : cuts.entrySet()) {
            for (final BackupFile file : entry.getValue().files()) {
                if (files.put(file.path(), file) != null || file.path().equals(MARKER_FILE)) {
                    throw new BackupFailure("file " + file.path() + " is claimed twice (participant "
                            + entry.getKey() + "): a bug in the participants' layout");
                }
                owners.put(file.path(), entry.getValue());
            }
        }
        final byte[] config = node.configToml().getBytes(StandardCharsets.UTF_8);
        job.planned(files.size() + 2, files.values().stream().mapToLong(BackupFile::dataBytes).sum()
                + marker.length + config.length);
        final FileCopier copier = new FileCopier(job, maxBytesPerSecond);
        for (final BackupFile file : files.values()) {
            final String relative = BackupManifest.DATA_DIR + "/" + file.path();
            final Path destination = temp.resolve(relative);
            Files.createDirectories(destination.getParent());
            addDirs(temp, destination.getParent(), dirs);
            final String crc = copier.copy(owners.get(file.path()), file.path(), file.dataBytes(), destination);
            entries.add(new BackupManifest.FileEntry(relative, file.sizeBytes(), file.dataBytes(), crc));
            job.fileDone();
        }
        entries.add(small(temp, BackupManifest.DATA_DIR + "/" + MARKER_FILE, marker, job));
        entries.add(small(temp, BackupManifest.CONFIG_FILE, config, job));
    }

    private static BackupManifest.FileEntry small(final Path temp, final String relative, final byte[] bytes,
            final BackupJob job) throws IOException {
        Durable.writeNew(temp.resolve(relative), bytes);
        job.addBytes(bytes.length);
        job.fileDone();
        return new BackupManifest.FileEntry(relative, bytes.length, bytes.length, BackupManifest.crc32cHex(bytes));
    }

    private static void addDirs(final Path root, final Path dir, final Set<Path> dirs) {
        for (Path d = dir; d != null && d.startsWith(root) && dirs.add(d); d = d.getParent()) {
            continue;
        }
    }

    private byte[] readMarker() throws BackupFailure, IOException {
        try {
            return Files.readAllBytes(node.nodeDir().resolve(MARKER_FILE));
        } catch (final NoSuchFileException e) {
            throw new BackupFailure("node directory " + node.nodeDir() + " has no " + MARKER_FILE + ": it was not "
                    + "opened by restate-server, so its identity cannot be recorded", e);
        }
    }

    private int dataFormatVersion(final byte[] marker) throws BackupFailure {
        try {
            final JsonNode version = JSON.readTree(marker).get("format_version");
            if (version == null || !version.canConvertToInt()) {
                throw new BackupFailure(MARKER_FILE + " in " + node.nodeDir() + " has no format_version");
            }
            return version.intValue();
        } catch (final IOException e) {
            throw new BackupFailure(MARKER_FILE + " in " + node.nodeDir() + " is not valid JSON: " + e.getMessage(),
                    e);
        }
    }
}
