package io.jrestate.backup.internal;

import io.jrestate.backup.BackupManifest;
import io.jrestate.node.api.BackupCut;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Copies one file of a cut into the backup, computing its CRC32C on the way, fsyncs it, and optionally paces the
 * copy to a byte rate so that a backup does not starve the serving node of disk bandwidth.
 */
final class FileCopier {
    private static final int CHUNK_BYTES = 1 << 20;
    private static final int MIN_PACED_CHUNK_BYTES = 4096;
    private static final long MAX_PACING_SLEEP_MS = 1_000;

    private final BackupJob job;
    private final long maxBytesPerSecond;
    private final long startNs = System.nanoTime();
    private final ByteBuffer buffer;
    private long pacedBytes;

    FileCopier(final BackupJob job, final long maxBytesPerSecond) {
        this.job = job;
        this.maxBytesPerSecond = maxBytesPerSecond;
        // A paced copy reads about a tenth of a second's worth at a time, so that it sleeps in small steps.
        this.buffer = ByteBuffer.allocateDirect(maxBytesPerSecond <= 0 ? CHUNK_BYTES
                : Math.clamp(maxBytesPerSecond / 10, MIN_PACED_CHUNK_BYTES, CHUNK_BYTES));
    }

    /**
     * Copies {@code dataBytes} of {@code path} from the cut into {@code destination}.
     *
     * @return the CRC32C of the bytes copied, as hex
     */
    String copy(final BackupCut cut, final String path, final long dataBytes, final Path destination)
            throws IOException, BackupFailure {
        final CRC32C crc = new CRC32C();
        try (FileChannel out = FileChannel.open(destination, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            long position = 0;
            while (position < dataBytes) {
                if (job.cancelled()) {
                    throw new BackupFailure("the node is stopping; the backup was abandoned");
                }
                buffer.clear().limit((int) Math.min(buffer.capacity(), dataBytes - position));
                final int read = cut.read(path, position, buffer);
                if (read < 0) {
                    throw new BackupFailure("file " + path + " of the cut ended at byte " + position + " of "
                            + dataBytes);
                }
                buffer.flip();
                crc.update(buffer.duplicate());
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                position += read;
                job.addBytes(read);
                pace(read);
            }
            out.force(true);
        }
        return BackupManifest.hex(crc.getValue());
    }

    /** Sleeps while the bytes copied so far are ahead of the allowed rate. */
    private void pace(final long bytes) throws BackupFailure {
        if (maxBytesPerSecond <= 0) {
            return;
        }
        pacedBytes += bytes;
        final long dueNs = startNs + pacedBytes * 1_000_000_000L / maxBytesPerSecond;
        final long aheadMs = (dueNs - System.nanoTime()) / 1_000_000;
        if (aheadMs > 0) {
            try {
                Thread.sleep(Math.min(aheadMs, MAX_PACING_SLEEP_MS));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BackupFailure("the backup was interrupted");
            }
        }
    }
}
