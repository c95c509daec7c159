package io.jrestate.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code restate-server restore --from DIR [--replace]}: puts a backup back as a node directory, with the server
 * stopped. Nothing is written before every check passed:
 *
 * <pre>
 *   check                                                  refusal (exit code)
 *   DIR has manifest.json, and it is intact                3 (incomplete or damaged backup)
 *   manifest version, data format within this server's     4 (backup from a newer server: run a newer one)
 *   cluster-name and node-name equal the configured ones   4 (restore under the backup's names)
 *   target node directory not locked by a running server   5 (stop that server)
 *   target node directory empty, unless --replace          5 (--replace, or another --base-dir)
 *   every file: present, right size, CRC32C matches        3 (damaged backup)
 *   then write (RestoreTarget); an I/O failure there       1 (rerun with --replace)
 * </pre>
 * Exit codes: 0 restored; 1 writing failed; 2 bad command line or configuration (the launcher's); 3 the backup is
 * incomplete or damaged; 4 the backup does not fit this server or configuration; 5 the target is in use or not
 * empty.
 */
public final class RestoreCommand {
    /** Exit code: restored. */
    public static final int EXIT_OK = 0;
    /** Exit code: writing the node directory failed. */
    public static final int EXIT_IO = 1;
    /** Exit code: the backup is incomplete or damaged. */
    public static final int EXIT_BAD_BACKUP = 3;
    /** Exit code: the backup does not fit this server or configuration. */
    public static final int EXIT_INCOMPATIBLE = 4;
    /** Exit code: the target directory is in use or not empty. */
    public static final int EXIT_TARGET = 5;

    private static final int POSITIONS_SHOWN_MAX = 4;

    private final Options options;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * What to restore where, and what this server accepts.
     *
     * @param from the backup directory
     * @param nodeDir the target node directory, {@code <base-dir>/<node-name>}
     * @param clusterName the configured cluster-name
     * @param nodeName the configured node-name
     * @param minDataFormat the oldest node directory format this server reads
     * @param maxDataFormat the newest node directory format this server reads
     * @param replace whether a non-empty target may be replaced
     */
    public record Options(Path from, Path nodeDir, String clusterName, String nodeName, int minDataFormat,
            int maxDataFormat, boolean replace) {
    }

    /** A refusal: the message says what is wrong and what to do. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;
        private final int exitCode;

        Refusal(final int exitCode, final String message) {
            super(message);
            this.exitCode = exitCode;
        }

        int exitCode() {
            return exitCode;
        }
    }

    /**
     * Creates the command.
     *
     * @param options what to restore
     * @param out progress and the summary
     * @param err refusals and errors
     */
    public RestoreCommand(final Options options, final PrintStream out, final PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the restore.
     *
     * @return the exit code
     */
    public int run() {
        final long startNs = System.nanoTime();
        try {
            final BackupManifest manifest = readManifest(options.from());
            checkCompatible(manifest);
            try (RestoreTarget target = RestoreTarget.open(options.nodeDir(), options.replace())) {
                new BackupVerifier(options.from(), manifest, out).verifyAll();
                target.write(options.from(), manifest, out);
            }
            out.println(summary(manifest, startNs));
            return EXIT_OK;
        } catch (final Refusal e) {
            err.println("restate-server restore: " + e.getMessage());
            return e.exitCode();
        } catch (final IOException e) {
            err.println("restate-server restore: writing " + options.nodeDir() + " failed: " + e + "; the directory "
                    + "is marked incomplete and the server will not start on it: fix the cause and run the restore "
                    + "again with --replace");
            return EXIT_IO;
        }
    }

    private String summary(final BackupManifest manifest, final long startNs) {
        return "restore completed: " + manifest.files().size() + " files, "
                + Sizes.bytes(manifest.totalDataBytes()) + " into " + options.nodeDir() + " in "
                + Sizes.millis((System.nanoTime() - startNs) / 1_000_000) + "; backup of node '"
                + manifest.nodeName() + "' (cluster '" + manifest.clusterName() + "') taken " + manifest.createdAt()
                + " at " + positions(manifest.positions()) + "; its configuration is in "
                + options.from().resolve(BackupManifest.CONFIG_FILE);
    }

    /** The cut positions in one line; a participant with many (one per partition) is summarised. */
    static String positions(final Map<String, Map<String, Long>> positions) {
        final StringBuilder text = new StringBuilder();
        positions.forEach((name, values) -> text.append(text.isEmpty() ? "" : ", ").append(name).append(
                values.size() <= POSITIONS_SHOWN_MAX ? values.toString() : "{" + values.size() + " positions, up to "
                + values.values().stream().mapToLong(Long::longValue).max().orElse(0) + "; see manifest.json}"));
        return text.toString();
    }

    static BackupManifest readManifest(final Path from) throws Refusal {
        final Path file = from.resolve(BackupManifest.MANIFEST_FILE);
        final Path incomplete = from.resolveSibling(from.getFileName() + BackupManifest.INCOMPLETE_SUFFIX);
        try {
            return BackupManifest.fromJson(Files.readAllBytes(file));
        } catch (final NoSuchFileException e) {
            final String hint = from.getFileName().toString().endsWith(BackupManifest.INCOMPLETE_SUFFIX)
                    || Files.isDirectory(incomplete) ? " (a backup that did not finish is left as DIR"
                    + BackupManifest.INCOMPLETE_SUFFIX + "; it cannot be restored: take a new backup)" : "";
            throw new Refusal(EXIT_BAD_BACKUP, "no " + file + ": " + from + " is not a complete backup" + hint);
        } catch (final IOException e) {
            throw new Refusal(EXIT_BAD_BACKUP, "cannot use " + file + ": " + e.getMessage()
                    + "; use another copy of the backup");
        }
    }

    private void checkCompatible(final BackupManifest manifest) throws Refusal {
        if (manifest.manifestVersion() > BackupManifest.MANIFEST_VERSION
                || manifest.dataFormatVersion() > options.maxDataFormat()) {
            throw new Refusal(EXIT_INCOMPATIBLE, "the backup was written by a newer server (restate "
                    + manifest.serverVersion() + ", on-disk format " + manifest.dataFormatVersion() + ", manifest "
                    + manifest.manifestVersion() + "); this server reads on-disk formats " + options.minDataFormat()
                    + " to " + options.maxDataFormat() + ": restore it with a server at least as new as the one "
                    + "that wrote it");
        }
        if (manifest.dataFormatVersion() < options.minDataFormat()) {
            throw new Refusal(EXIT_INCOMPATIBLE, "the backup has on-disk format " + manifest.dataFormatVersion()
                    + ", older than this server reads (" + options.minDataFormat() + "); restore it with the server "
                    + "version that wrote it (restate " + manifest.serverVersion() + ")");
        }
        if (!manifest.clusterName().equals(options.clusterName())) {
            throw new Refusal(EXIT_INCOMPATIBLE, "the backup belongs to cluster '" + manifest.clusterName()
                    + "', but the configuration has cluster-name '" + options.clusterName() + "'; restore and run "
                    + "the node with cluster-name '" + manifest.clusterName() + "' (see " + options.from()
                    .resolve(BackupManifest.CONFIG_FILE) + ")");
        }
        if (!manifest.nodeName().equals(options.nodeName())) {
            throw new Refusal(EXIT_INCOMPATIBLE, "the backup belongs to node '" + manifest.nodeName()
                    + "', but the configuration has node-name '" + options.nodeName() + "'; restore and run the "
                    + "node with --node-name " + manifest.nodeName() + " (a node's data must keep its name)");
        }
    }
}
