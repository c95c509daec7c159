package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.LogStoreException;
import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * The storage marker {@code store.id}: written once when the store is created (temporary file, fsync, rename,
 * directory fsync). Its random id lets a log server tell a wiped or replaced disk from its own.
 *
 * <pre>
 *  0                      8            12           16               24
 *  +----------------------+------------+------------+----------------+------------+
 *  | magic "jrstore1" u64 | version u32| reserved 0 | store id u64   | crc32c u32 |  crc over bytes [0, 24)
 *  +----------------------+------------+------------+----------------+------------+
 * </pre>
 */
public final class StoreMarker {
    /** Magic: "jrstore1" as a little-endian long. */
    public static final long MAGIC = 0x3165726f7473726aL;
    /** The marker's file name in the store directory. */
    public static final String FILE_NAME = "store.id";
    private static final int BYTES = 28;

    private StoreMarker() {
    }

    /**
     * Encodes the marker of a store.
     *
     * @param storeId the store id
     * @return the {@value #BYTES} bytes of {@code store.id}
     */
    public static byte[] encode(final long storeId) {
        final ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, MAGIC).putInt(8, 1).putLong(16, storeId).putInt(24, Checksums.crc32c(b, 0, 24));
        return b.array();
    }

    /**
     * Reads the marker, or creates it when the store is new.
     *
     * @param io the storage
     * @param dir the store directory
     * @param newId the id to use when creating
     * @param mayCreate false when segments exist (a missing marker then means a damaged or foreign directory)
     * @return the store id
     * @throws IOException on I/O failure
     * @throws LogStoreException when the marker is missing or damaged
     */
    public static long readOrCreate(final StorageIo io, final Path dir, final long newId, final boolean mayCreate)
        throws IOException {
        final Path path = dir.resolve(FILE_NAME);
        if (io.exists(path)) {
            try (StorageFile f = io.open(path, StorageIo.OpenMode.READ)) {
                final ByteBuffer b = ByteBuffer.allocate(BYTES).order(ByteOrder.LITTLE_ENDIAN);
                final int read = f.readFully(b, 0);
                if (read != BYTES || f.size() != BYTES || b.getLong(0) != MAGIC
                    || b.getInt(24) != Checksums.crc32c(b, 0, 24)) {
                    throw new LogStoreException(path + ": storage marker damaged or not a jrestate log store");
                }
                return b.getLong(16);
            }
        }
        if (!mayCreate) {
            throw new LogStoreException(path + ": storage marker missing although journal segments exist"
                + " (wiped or foreign directory); refusing to open");
        }
        final ByteBuffer b = ByteBuffer.wrap(encode(newId));
        final Path tmp = dir.resolve(FILE_NAME + ".tmp");
        io.delete(tmp);
        try (StorageFile f = io.open(tmp, StorageIo.OpenMode.CREATE_NEW)) {
            f.writeFully(b, 0);
            f.force(true);
        }
        io.rename(tmp, path);
        io.fsyncDirectory(dir);
        return newId;
    }
}
