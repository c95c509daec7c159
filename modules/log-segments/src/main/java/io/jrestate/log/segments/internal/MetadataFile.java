package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The per-log metadata, kept as two identical files written one after the other, each fsynced: a crash while
 * writing one leaves the other whole, and media damage to one copy is survived. The valid copy with the higher
 * sequence wins. Written only by the store's writer thread.
 */
public final class MetadataFile {
    private final StorageIo io;
    private final Path[] copies;
    private long sequence;

    /** File name of the first copy. */
    public static final String COPY_A = "logs.meta.a";
    /** File name of the second copy. */
    public static final String COPY_B = "logs.meta.b";

    private MetadataFile(final StorageIo io, final Path dir, final long sequence) {
        this.io = io;
        this.copies = new Path[] {dir.resolve(COPY_A), dir.resolve(COPY_B)};
        this.sequence = sequence;
    }

    /**
     * Loads the newest valid copy.
     *
     * @param io the storage
     * @param dir the store directory
     * @param storeId the store id both copies must carry
     * @return the file and its contents (empty when neither copy exists yet)
     * @throws IOException on read failure
     * @throws LogStoreException when copies exist but none is valid, or they belong to another store
     */
    public static Loaded load(final StorageIo io, final Path dir, final long storeId) throws IOException {
        final MetadataFile file = new MetadataFile(io, dir, 0);
        MetadataCodec.Contents best = null;
        final StringBuilder problems = new StringBuilder();
        int present = 0;
        for (Path copy : file.copies) {
            if (!io.exists(copy)) {
                continue;
            }
            present++;
            try {
                final MetadataCodec.Contents contents = MetadataCodec.decode(readAll(io, copy));
                if (contents.storeId() != storeId) {
                    throw new LogStoreException(copy + ": belongs to store " + contents.storeId() + ", not " + storeId);
                }
                if (best == null || contents.sequence() > best.sequence()) {
                    best = contents;
                }
            } catch (FormatException e) {
                problems.append(copy).append(": ").append(e.getMessage()).append("; ");
            }
        }
        if (best == null && present > 0 && problems.length() > 0) {
            throw new LogStoreException("log metadata unreadable, refusing to open: " + problems);
        }
        file.sequence = best == null ? 0 : best.sequence();
        return new Loaded(file, best == null ? List.of() : best.logs());
    }

    private static ByteBuffer readAll(final StorageIo io, final Path path) throws IOException {
        try (StorageFile f = io.open(path, StorageIo.OpenMode.READ)) {
            final long size = f.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(path + ": " + size + " bytes is too large for a metadata file");
            }
            final ByteBuffer b = ByteBuffer.allocate((int) size);
            f.readFully(b, 0);
            return b.flip();
        }
    }

    /**
     * Writes both copies durably. A failure leaves at least one copy holding either the old or the new state.
     *
     * @param storeId the store id
     * @param logs every log's metadata
     * @throws IOException when a write or fsync fails (the caller fences on fsync failure)
     */
    public void write(final long storeId, final List<LogMeta> logs) throws IOException {
        sequence++;
        final ByteBuffer bytes = MetadataCodec.encode(new MetadataCodec.Contents(sequence, storeId, logs));
        boolean created = false;
        for (Path copy : copies) {
            final boolean exists = io.exists(copy);
            final StorageIo.OpenMode mode = exists ? StorageIo.OpenMode.READ_WRITE : StorageIo.OpenMode.CREATE_NEW;
            try (StorageFile f = io.open(copy, mode)) {
                f.writeFully(bytes.duplicate(), 0);
                f.truncate(bytes.limit());
                f.force(true);
            }
            created |= !exists;
        }
        if (created) {
            io.fsyncDirectory(copies[0].getParent());
        }
    }

    /**
     * The sequence of the copies last written or loaded (writer thread).
     *
     * @return the sequence, 0 before the first write
     */
    public long sequence() {
        return sequence;
    }

    /**
     * A loaded metadata file.
     *
     * @param file the file, for later writes
     * @param logs the per-log metadata read
     */
    public record Loaded(MetadataFile file, List<LogMeta> logs) {
    }
}
