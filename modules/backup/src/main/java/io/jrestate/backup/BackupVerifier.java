package io.jrestate.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Checks every file of a backup against its manifest before anything is restored: a safe relative path, present,
 * exactly {@code dataBytes} long, and its CRC32C. A single flipped bit anywhere is found here.
 */
final class BackupVerifier {
    private static final int CHUNK_BYTES = 1 << 20;

    private final Path from;
    private final BackupManifest manifest;
    private final PrintStream out;

    BackupVerifier(final Path from, final BackupManifest manifest, final PrintStream out) {
        this.from = from;
        this.manifest = manifest;
        this.out = out;
    }

    void verifyAll() throws RestoreCommand.Refusal {
        final long totalBytes = manifest.totalDataBytes();
        final Sizes.Throttle throttle = new Sizes.Throttle();
        final Set<String> seen = new HashSet<>();
        long bytesDone = 0;
        int filesDone = 0;
        for (final BackupManifest.FileEntry entry : manifest.files()) {
            checkPath(entry.path(), seen);
            final String actual = crc(entry);
            if (!actual.equals(entry.crc32c())) {
                throw damaged(entry.path() + " is damaged: its CRC32C is " + actual + ", the manifest says "
                        + entry.crc32c());
            }
            bytesDone += entry.dataBytes();
            filesDone++;
            if (throttle.due(filesDone == manifest.files().size())) {
                out.println("verifying: " + filesDone + "/" + manifest.files().size() + " files, "
                        + Sizes.bytes(bytesDone) + "/" + Sizes.bytes(totalBytes));
            }
        }
    }

    private static RestoreCommand.Refusal damaged(final String what) {
        return new RestoreCommand.Refusal(RestoreCommand.EXIT_BAD_BACKUP, "backup file " + what
                + "; nothing was restored: use another copy of the backup");
    }

    private void checkPath(final String path, final Set<String> seen) throws RestoreCommand.Refusal {
        boolean safe = path != null && !path.isEmpty() && !path.startsWith("/") && !path.contains("\\")
                && seen.add(path);
        if (safe) {
            for (final String segment : path.split("/", -1)) {
                safe &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
            }
        }
        if (!safe) {
            throw damaged("path '" + path + "' in the manifest is not a unique relative path inside the backup");
        }
    }

    private String crc(final BackupManifest.FileEntry entry) throws RestoreCommand.Refusal {
        final Path file = from.resolve(entry.path());
        final CRC32C crc = new CRC32C();
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            if (in.size() != entry.dataBytes()) {
                throw damaged(entry.path() + " has " + in.size() + " bytes, the manifest says " + entry.dataBytes());
            }
            final ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
            while (in.read(buffer.clear()) > 0) {
                crc.update(buffer.flip());
            }
        } catch (final NoSuchFileException e) {
            throw damaged(entry.path() + " is missing");
        } catch (final IOException e) {
            throw damaged(entry.path() + " cannot be read (" + e + ")");
        }
        return BackupManifest.hex(crc.getValue());
    }
}
