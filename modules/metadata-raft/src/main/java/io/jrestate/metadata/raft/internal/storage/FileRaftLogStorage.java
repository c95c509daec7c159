package io.jrestate.metadata.raft.internal.storage;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * A small durable Raft log in one append-only file, used until the {@code log-segments} adapter replaces it. The
 * metadata log stays short (the node compacts every {@code log-trim-threshold} entries), so prefix trims simply
 * rewrite the file atomically. All entries are also kept in memory. Layout (big-endian):
 *
 * <pre>
 *   header:  +--------+----------+-----------------+--------------+
 *            | "JRLG" | format 1 | baseIndex int64 | crc32c int32 |   (crc over the 16 bytes before it)
 *            +--------+----------+-----------------+--------------+
 *   record:  +-----------+--------------+-------------+------------+-----------+--------------+
 *            | len int32 | crc32c int32 | index int64 | term int64 | type int8 | data (len-17)|
 *            +-----------+--------------+-------------+------------+-----------+--------------+
 *            len counts the bytes after the crc; crc covers those bytes. Entries follow baseIndex without gaps.
 * </pre>
 *
 * <p>Recovery decision table (per record, scanning from the header):
 * <pre>
 *   record state                                   | what follows              || action
 *   whole, crc ok, index = previous + 1            | -                         || keep
 *   short (len or body past end of file)           | nothing (end of file)     || torn tail: cut here
 *   crc mismatch, bad len, or index out of order   | nothing parseable         || torn tail: cut here
 *   crc mismatch, bad len, or index out of order   | a valid record            || refuse: IOException (corruption
 *                                                  |                           ||  inside synced data, not a tail)
 * </pre>
 * Only the tail can be torn, because every sync covers all earlier writes; a bad record followed by a good one
 * means synced data changed, which recovery must not hide by truncating acknowledged entries.
 */
public final class FileRaftLogStorage implements RaftLogStorage, AutoCloseable {
    /** The file name inside the node's raft directory. */
    public static final String FILE_NAME = "raft-log";
    private static final int MAGIC = 0x4A524C47;
    private static final int FORMAT = 1;
    private static final int HEADER_LENGTH_BYTES = 20;
    private static final int RECORD_PREFIX_BYTES = 8;
    private static final int RECORD_FIXED_BYTES = 17;
    private static final int RECORD_DATA_MAX_BYTES = 64 * 1024 * 1024;

    private final Path file;
    private FileChannel channel;
    private long baseIndex;
    private final List<Entry> entries = new ArrayList<>();
    /** End offset in the file of each entry in {@link #entries}. */
    private final List<Long> endOffsets = new ArrayList<>();

    private FileRaftLogStorage(final Path file) {
        this.file = file;
    }

    /**
     * Opens (or creates) the log in a directory, recovering as the class javadoc describes.
     *
     * @param dir the raft directory (must exist)
     * @return the log
     * @throws IOException when the file is unreadable or corrupt beyond a torn tail
     */
    public static FileRaftLogStorage open(final Path dir) throws IOException {
        final FileRaftLogStorage log = new FileRaftLogStorage(dir.resolve(FILE_NAME));
        if (!Files.exists(log.file)) {
            log.rewrite(0, List.of());
        } else {
            log.channel = FileChannel.open(log.file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            log.recover();
        }
        return log;
    }

    private void recover() throws IOException {
        final long size = channel.size();
        final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH_BYTES);
        readFully(header, 0);
        header.flip();
        if (header.remaining() < HEADER_LENGTH_BYTES || header.getInt() != MAGIC || header.getInt() != FORMAT
            || crc(header.array(), 0, 16) != header.getInt(16)) {
            throw new IOException(file + ": missing or corrupt header (not a raft log of format " + FORMAT + ")");
        }
        baseIndex = header.getLong(8);
        long offset = HEADER_LENGTH_BYTES;
        while (offset < size) {
            final Entry entry = readRecord(offset, size, baseIndex + entries.size() + 1);
            if (entry == null) {
                if (findValidRecordAfter(offset, size)) {
                    throw new IOException(file + ": corrupt record at offset " + offset + " (index "
                        + (baseIndex + entries.size() + 1) + ") followed by valid records; refusing to truncate "
                        + "synced entries");
                }
                channel.truncate(offset);
                channel.force(true);
                break;
            }
            entries.add(entry);
            offset += RECORD_PREFIX_BYTES + RECORD_FIXED_BYTES + entry.data().length;
            endOffsets.add(offset);
        }
    }

    /** Reads the record at {@code offset}; null when it is short, fails its checksum or has the wrong index. */
    private Entry readRecord(final long offset, final long size, final long expectedIndex) throws IOException {
        if (size - offset < RECORD_PREFIX_BYTES + RECORD_FIXED_BYTES) {
            return null;
        }
        final ByteBuffer prefix = ByteBuffer.allocate(RECORD_PREFIX_BYTES);
        readFully(prefix, offset);
        final int length = prefix.getInt(0);
        if (length < RECORD_FIXED_BYTES || length > RECORD_FIXED_BYTES + RECORD_DATA_MAX_BYTES
            || offset + RECORD_PREFIX_BYTES + length > size) {
            return null;
        }
        final ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body, offset + RECORD_PREFIX_BYTES);
        if (crc(body.array(), 0, length) != prefix.getInt(4)) {
            return null;
        }
        final long index = body.getLong(0);
        final long term = body.getLong(8);
        final int type = body.get(16);
        if (index != expectedIndex || term < 1 || type < 0 || type >= EntryType.values().length) {
            return null;
        }
        final byte[] data = new byte[length - RECORD_FIXED_BYTES];
        body.get(RECORD_FIXED_BYTES, data);
        return new Entry(index, term, EntryType.values()[type], data);
    }

    private boolean findValidRecordAfter(final long badOffset, final long size) throws IOException {
        final ByteBuffer prefix = ByteBuffer.allocate(RECORD_PREFIX_BYTES);
        readFully(prefix, badOffset);
        final int length = prefix.getInt(0);
        final long next = badOffset + RECORD_PREFIX_BYTES + length;
        if (length < RECORD_FIXED_BYTES || next >= size) {
            return false;
        }
        final long expectedIndex = baseIndex + entries.size() + 2;
        return readRecord(next, size, expectedIndex) != null;
    }

    private void readFully(final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            final int read = channel.read(buffer, at);
            if (read < 0) {
                break;
            }
            at += read;
        }
    }

    private static int crc(final byte[] bytes, final int from, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    @Override
    public long firstIndex() {
        return baseIndex + 1;
    }

    @Override
    public long lastIndex() {
        return baseIndex + entries.size();
    }

    @Override
    public List<Entry> read(final long from, final long toInclusive) {
        Verify.argument(from >= firstIndex() && toInclusive <= lastIndex(), "read [" + from + ", " + toInclusive
            + "] outside stored [" + firstIndex() + ", " + lastIndex() + "] of " + file);
        if (toInclusive < from) {
            return List.of();
        }
        return List.copyOf(entries.subList((int) (from - firstIndex()), (int) (toInclusive - firstIndex() + 1)));
    }

    @Override
    public void truncateAfter(final long index) throws IOException {
        if (index >= lastIndex()) {
            return;
        }
        Verify.argument(index >= baseIndex, "cannot truncate after " + index + ", below the log start " + baseIndex);
        final int keep = (int) (index - baseIndex);
        final long end = keep == 0 ? HEADER_LENGTH_BYTES : endOffsets.get(keep - 1);
        entries.subList(keep, entries.size()).clear();
        endOffsets.subList(keep, endOffsets.size()).clear();
        channel.truncate(end);
    }

    @Override
    public void append(final List<Entry> newEntries) throws IOException {
        long offset = endOffsets.isEmpty() ? HEADER_LENGTH_BYTES : endOffsets.getLast();
        for (final Entry entry : newEntries) {
            Verify.argument(entry.index() == lastIndex() + 1,
                "append of index " + entry.index() + " after last index " + lastIndex() + " of " + file);
            final ByteBuffer record = encode(entry);
            while (record.hasRemaining()) {
                offset += channel.write(record, offset);
            }
            entries.add(entry);
            endOffsets.add(offset);
        }
    }

    private static ByteBuffer encode(final Entry entry) {
        final int length = RECORD_FIXED_BYTES + entry.data().length;
        final ByteBuffer record = ByteBuffer.allocate(RECORD_PREFIX_BYTES + length);
        record.putInt(length).putInt(0).putLong(entry.index()).putLong(entry.term())
            .put((byte) entry.type().ordinal()).put(entry.data());
        record.putInt(4, crc(record.array(), RECORD_PREFIX_BYTES, length));
        return record.flip();
    }

    @Override
    public void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public void trimPrefix(final long index) throws IOException {
        if (index <= baseIndex) {
            return;
        }
        if (index >= lastIndex()) {
            rewrite(index, List.of());
            return;
        }
        rewrite(index, List.copyOf(entries.subList((int) (index - baseIndex), entries.size())));
    }

    @Override
    public void reset(final long index) throws IOException {
        rewrite(index, List.of());
    }

    /** Replaces the file atomically by one starting after {@code newBase} holding {@code kept}. */
    private void rewrite(final long newBase, final List<Entry> kept) throws IOException {
        final Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH_BYTES).putInt(MAGIC).putInt(FORMAT)
                .putLong(newBase);
            header.putInt(crc(header.array(), 0, 16)).flip();
            out.write(header);
            for (final Entry entry : kept) {
                final ByteBuffer record = encode(entry);
                while (record.hasRemaining()) {
                    out.write(record);
                }
            }
            out.force(true);
        }
        if (channel != null) {
            channel.close();
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        baseIndex = newBase;
        entries.clear();
        endOffsets.clear();
        long offset = HEADER_LENGTH_BYTES;
        for (final Entry entry : kept) {
            offset += RECORD_PREFIX_BYTES + RECORD_FIXED_BYTES + entry.data().length;
            entries.add(entry);
            endOffsets.add(offset);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
