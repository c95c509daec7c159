package io.jrestate.log.segments;

import io.jrestate.common.Verify;
import io.jrestate.log.segments.internal.SnapshotFormat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Writes one checksummed snapshot file: header, body (streamed), trailer with the body's CRC32C and the LSN the
 * snapshot covers. The bytes go to {@code snapshot-<lsn>.snap.tmp}; {@link #commit()} fsyncs it, renames it to
 * {@code snapshot-<lsn>.snap} and fsyncs the directory, so a crash leaves either the previous snapshots only or
 * the complete new one. Format in {@link SnapshotFormat}. Not thread-safe.
 */
public final class SnapshotWriter implements AutoCloseable {
    private final StorageIo io;
    private final Path dir;
    private final Path tmp;
    private final long coveredLsn;
    private final StorageFile file;
    private final CRC32C crc = new CRC32C();
    private long bodyBytes;
    private boolean finished;

    private SnapshotWriter(final StorageIo io, final Path dir, final long coveredLsn, final StorageFile file,
                           final Path tmp) {
        this.io = io;
        this.dir = dir;
        this.coveredLsn = coveredLsn;
        this.file = file;
        this.tmp = tmp;
    }

    /**
     * Starts a snapshot.
     *
     * @param io the storage
     * @param dir the snapshot directory (created when missing)
     * @param coveredLsn the LSN whose effects the snapshot includes
     * @return the writer; {@link #commit()} or {@link #close()} it
     * @throws IOException on failure
     */
    public static SnapshotWriter create(final StorageIo io, final Path dir, final long coveredLsn)
        throws IOException {
        Verify.argument(coveredLsn >= 0, "coveredLsn must not be negative, got " + coveredLsn);
        io.createDirectories(dir);
        final Path tmp = dir.resolve(SnapshotReader.fileName(coveredLsn) + ".tmp");
        io.delete(tmp);
        final StorageFile file = io.open(tmp, StorageIo.OpenMode.CREATE_NEW);
        try {
            file.writeFully(SnapshotFormat.header(coveredLsn), 0);
        } catch (IOException e) {
            file.close();
            io.delete(tmp);
            throw e;
        }
        return new SnapshotWriter(io, dir, coveredLsn, file, tmp);
    }

    /**
     * Appends body bytes.
     *
     * @param bytes the bytes (consumed)
     * @throws IOException on failure (ENOSPC included); the snapshot is then abandoned by {@link #close()}
     */
    public void write(final ByteBuffer bytes) throws IOException {
        Verify.that(!finished, "snapshot " + tmp + " already committed or closed");
        crc.update(bytes.duplicate());
        final int length = bytes.remaining();
        file.writeFully(bytes, SnapshotFormat.HEADER_BYTES + bodyBytes);
        bodyBytes += length;
    }

    /**
     * Writes the trailer and makes the snapshot durable under its final name.
     *
     * @return the final path
     * @throws IOException on failure; the previous snapshots stay valid
     */
    public Path commit() throws IOException {
        Verify.that(!finished, "snapshot " + tmp + " already committed or closed");
        finished = true;
        final Path target = dir.resolve(SnapshotReader.fileName(coveredLsn));
        try {
            file.writeFully(SnapshotFormat.trailer(bodyBytes, coveredLsn, (int) crc.getValue()),
                SnapshotFormat.HEADER_BYTES + bodyBytes);
            file.force(true);
            file.close();
            io.rename(tmp, target);
            io.fsyncDirectory(dir);
            return target;
        } catch (IOException e) {
            abandon(e);
            throw e;
        }
    }

    private void abandon(final IOException e) {
        try {
            file.close();
            io.delete(tmp);
        } catch (IOException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /**
     * Abandons an uncommitted snapshot (deletes the temporary file); no effect after {@link #commit()}.
     *
     * @throws IOException when the temporary file cannot be removed
     */
    @Override
    public void close() throws IOException {
        if (!finished) {
            finished = true;
            file.close();
            io.delete(tmp);
        }
    }
}
