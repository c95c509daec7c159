package io.jrestate.log.segments;

import io.jrestate.log.segments.internal.FormatException;
import io.jrestate.log.segments.internal.SnapshotFormat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Reads snapshot files written by {@link SnapshotWriter}. {@link #open} verifies the whole file (header,
 * trailer, length, body CRC32C) before anything is handed out; {@link #openLatest} picks the newest snapshot that
 * verifies, skipping corrupt or partial ones (the previous good snapshot is used).
 */
public final class SnapshotReader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(SnapshotReader.class.getName());
    private static final int CHUNK_BYTES = 64 * 1024;
    private static final String PREFIX = "snapshot-";
    private static final String SUFFIX = ".snap";
    private final Path path;
    private final StorageFile file;
    private final long coveredLsn;
    private final long bodyBytes;
    private final int bodyCrc;

    private SnapshotReader(final Path path, final StorageFile file, final long coveredLsn,
                           final SnapshotFormat.Trailer trailer) {
        this.path = path;
        this.file = file;
        this.coveredLsn = coveredLsn;
        this.bodyBytes = trailer.bodyBytes();
        this.bodyCrc = trailer.bodyCrc();
    }

    static String fileName(final long coveredLsn) {
        return String.format("%s%020d%s", PREFIX, coveredLsn, SUFFIX);
    }

    /**
     * Opens and fully verifies one snapshot file.
     *
     * @param io the storage
     * @param path the file
     * @return the reader
     * @throws IOException on read failure
     * @throws LogStoreException when the file is corrupt or partial (the message names file and field)
     */
    public static SnapshotReader open(final StorageIo io, final Path path) throws IOException {
        final StorageFile file = io.open(path, StorageIo.OpenMode.READ);
        try {
            return verify(path, file);
        } catch (FormatException e) {
            file.close();
            throw new LogStoreException(path + ": " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static SnapshotReader verify(final Path path, final StorageFile file) throws IOException, FormatException {
        final long size = file.size();
        if (size < SnapshotFormat.HEADER_BYTES + SnapshotFormat.TRAILER_BYTES) {
            throw new FormatException("snapshot of " + size + " bytes is shorter than header and trailer");
        }
        final ByteBuffer header = ByteBuffer.allocate(SnapshotFormat.HEADER_BYTES);
        file.readFully(header, 0);
        final long covered = SnapshotFormat.decodeHeader(header.flip());
        final ByteBuffer trailerBytes = ByteBuffer.allocate(SnapshotFormat.TRAILER_BYTES);
        file.readFully(trailerBytes, size - SnapshotFormat.TRAILER_BYTES);
        final SnapshotFormat.Trailer trailer = SnapshotFormat.decodeTrailer(trailerBytes.flip());
        if (trailer.coveredLsn() != covered) {
            throw new FormatException("header covers lsn " + covered + ", trailer " + trailer.coveredLsn());
        }
        if (trailer.bodyBytes() != size - SnapshotFormat.HEADER_BYTES - SnapshotFormat.TRAILER_BYTES) {
            throw new FormatException("trailer says body of " + trailer.bodyBytes() + " bytes, file has " + size);
        }
        final SnapshotReader reader = new SnapshotReader(path, file, covered, trailer);
        try (InputStream body = reader.body()) {
            body.transferTo(OutputSink.INSTANCE);
        } catch (IOException e) {
            throw new FormatException(e.getMessage());
        }
        return reader;
    }

    /**
     * Opens the newest snapshot in a directory that verifies; logs and skips the ones that do not.
     *
     * @param io the storage
     * @param dir the directory
     * @return the reader, or empty when no valid snapshot exists
     * @throws IOException on read failure
     */
    public static Optional<SnapshotReader> openLatest(final StorageIo io, final Path dir) throws IOException {
        for (Path p : list(io, dir).reversed()) {
            try {
                return Optional.of(open(io, p));
            } catch (LogStoreException e) {
                LOG.log(System.Logger.Level.WARNING, "skipping invalid snapshot: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * The committed snapshot files of a directory (not verified), oldest covered LSN first.
     *
     * @param io the storage
     * @param dir the directory
     * @return the paths
     * @throws IOException on failure
     */
    public static List<Path> list(final StorageIo io, final Path dir) throws IOException {
        if (!io.exists(dir)) {
            return List.of();
        }
        final List<Path> result = new ArrayList<>();
        for (Path p : io.list(dir)) {
            final String name = p.getFileName().toString();
            if (name.startsWith(PREFIX) && name.endsWith(SUFFIX)) {
                result.add(p);
            }
        }
        result.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return result;
    }

    /**
     * Deletes all but the newest {@code keep} snapshots (and leftover temporary files), then fsyncs the directory.
     *
     * @param io the storage
     * @param dir the directory
     * @param keep how many to keep, at least 1
     * @throws IOException on failure
     */
    public static void prune(final StorageIo io, final Path dir, final int keep) throws IOException {
        final List<Path> all = list(io, dir);
        for (int i = 0; i < all.size() - Math.max(1, keep); i++) {
            io.delete(all.get(i));
        }
        for (Path p : io.list(dir)) {
            if (p.getFileName().toString().endsWith(".tmp")) {
                io.delete(p);
            }
        }
        io.fsyncDirectory(dir);
    }

    /**
     * The snapshot file.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * The LSN the snapshot covers.
     *
     * @return the LSN
     */
    public long coveredLsn() {
        return coveredLsn;
    }

    /**
     * Body length.
     *
     * @return bytes
     */
    public long bodyBytes() {
        return bodyBytes;
    }

    /**
     * Streams the body; checks its CRC32C again at the end and fails if the file changed since {@link #open}.
     *
     * @return a stream over the body (close it)
     */
    public InputStream body() {
        return new BodyStream();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    /** Reads the body in chunks through positional reads, verifying the checksum at the end. */
    private final class BodyStream extends InputStream {
        private final CRC32C crc = new CRC32C();
        private final ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).limit(0);
        private long position;

        @Override
        public int read() throws IOException {
            final byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(final byte[] dst, final int offset, final int length) throws IOException {
            if (!chunk.hasRemaining() && !refill()) {
                return -1;
            }
            final int n = Math.min(length, chunk.remaining());
            chunk.get(dst, offset, n);
            return n;
        }

        private boolean refill() throws IOException {
            if (position >= bodyBytes) {
                if ((int) crc.getValue() != bodyCrc) {
                    throw new IOException(path + ": snapshot body crc32c mismatch");
                }
                return false;
            }
            chunk.clear().limit((int) Math.min(CHUNK_BYTES, bodyBytes - position));
            final int read = file.readFully(chunk, SnapshotFormat.HEADER_BYTES + position);
            if (read != chunk.limit()) {
                throw new IOException(path + ": snapshot body ends early at byte " + (position + read));
            }
            chunk.flip();
            crc.update(chunk.duplicate());
            position += read;
            return true;
        }
    }

    /** Discards bytes (verification pass). */
    private static final class OutputSink extends java.io.OutputStream {
        static final OutputSink INSTANCE = new OutputSink();

        @Override
        public void write(final int b) {
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
        }
    }
}
