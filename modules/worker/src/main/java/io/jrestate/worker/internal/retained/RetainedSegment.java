package io.jrestate.worker.internal.retained;

import io.jrestate.worker.internal.fsm.InvocationKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One append-only segment file of the retained store: the rows of one expiry bucket, framed as drawn in
 * {@code package-info}. Appends go through a small write buffer; reads see buffered bytes too.
 */
final class RetainedSegment implements AutoCloseable {
    /** {@code len u32, crc32c u32}. */
    static final int HEADER_BYTES = 8;
    /** Invocation id and kind byte, before the payload. */
    static final int KEY_BYTES = InvocationKey.BYTES + 1;
    static final byte KIND_RETAINED = 1;
    private static final int WRITE_BUFFER_BYTES = 64 * 1024;
    private static final int FIRST_READ_BYTES = 1024;
    final int id;
    final long bucketEndMs;
    final Path path;
    private final FileChannel channel;
    private final ByteBuffer pending = ByteBuffer.allocate(WRITE_BUFFER_BYTES);
    private long flushedLength;

    private RetainedSegment(final int id, final long bucketEndMs, final Path path, final FileChannel channel,
            final long length) {
        this.id = id;
        this.bucketEndMs = bucketEndMs;
        this.path = path;
        this.channel = channel;
        this.flushedLength = length;
    }

    static String fileName(final int id, final long bucketEndMs) {
        return "bucket-" + bucketEndMs + "-" + id + ".seg";
    }

    /** Creates a new empty segment file. */
    static RetainedSegment create(final Path dir, final int id, final long bucketEndMs) throws IOException {
        final Path path = dir.resolve(fileName(id, bucketEndMs));
        return new RetainedSegment(id, bucketEndMs, path, FileChannel.open(path, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), 0);
    }

    /** Opens an existing segment cut back to {@code lengthBytes} (its length at a checkpoint). */
    static RetainedSegment openAt(final Path dir, final int id, final long bucketEndMs, final long lengthBytes)
            throws IOException {
        final Path path = dir.resolve(fileName(id, bucketEndMs));
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < lengthBytes) {
            channel.close();
            throw new IOException("retained segment " + path + " is " + Files.size(path)
                    + " bytes, shorter than its checkpointed length " + lengthBytes);
        }
        channel.truncate(lengthBytes);
        return new RetainedSegment(id, bucketEndMs, path, channel, lengthBytes);
    }

    long lengthBytes() {
        return flushedLength + pending.position();
    }

    /**
     * Appends one row.
     *
     * @return the row's offset in the file
     */
    long append(final InvocationKey key, final byte[] payload) {
        final int bodyBytes = KEY_BYTES + payload.length;
        final ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + bodyBytes);
        record.putInt(bodyBytes).putInt(0).putLong(key.partitionKey()).putLong(key.uuidHigh())
                .putLong(key.uuidLow()).put(KIND_RETAINED).put(payload);
        final CRC32C crc = new CRC32C();
        crc.update(record.array(), HEADER_BYTES, bodyBytes);
        record.putInt(4, (int) crc.getValue()).flip();
        final long offset = lengthBytes();
        try {
            if (record.remaining() > pending.remaining()) {
                flush();
            }
            if (record.remaining() > pending.capacity()) {
                writeFully(record, flushedLength);
                flushedLength += record.capacity();
            } else {
                pending.put(record);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("retained segment " + path + ": append failed", e);
        }
        return offset;
    }

    /**
     * Reads the body (id, kind, payload) of the row at {@code offset}, checking its crc.
     *
     * @return the body
     */
    byte[] readBody(final long offset) {
        try {
            final ByteBuffer first = ByteBuffer.allocate(FIRST_READ_BYTES);
            readAt(first, offset);
            first.flip();
            final int bodyBytes = first.getInt();
            final int crcValue = first.getInt();
            final byte[] body = new byte[bodyBytes];
            final int inFirst = Math.min(bodyBytes, first.remaining());
            first.get(body, 0, inFirst);
            if (inFirst < bodyBytes) {
                final ByteBuffer rest = ByteBuffer.wrap(body, inFirst, bodyBytes - inFirst);
                readAt(rest, offset + HEADER_BYTES + inFirst);
                if (rest.hasRemaining()) {
                    throw new IOException("row at offset " + offset + " is cut short");
                }
            }
            checkCrc(body, crcValue, offset);
            return body;
        } catch (final IOException e) {
            throw new UncheckedIOException("retained segment " + path + ": read failed", e);
        }
    }

    private void checkCrc(final byte[] body, final int expected, final long offset) throws IOException {
        final CRC32C crc = new CRC32C();
        crc.update(body);
        if ((int) crc.getValue() != expected) {
            throw new IOException("row at offset " + offset + " fails its crc check (corrupt file)");
        }
    }

    /** Reads into {@code buffer} from {@code position}, seeing unflushed bytes; stops at the end of data. */
    private void readAt(final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining() && at < flushedLength) {
            final int limit = buffer.limit();
            buffer.limit((int) Math.min(limit, buffer.position() + (flushedLength - at)));
            final int n = channel.read(buffer, at);
            buffer.limit(limit);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
        if (buffer.hasRemaining() && at >= flushedLength) {
            final int from = (int) (at - flushedLength);
            final int n = Math.min(buffer.remaining(), pending.position() - from);
            if (n > 0) {
                buffer.put(pending.array(), from, n);
            }
        }
    }

    /** Visits every row: {@code visitor(offset, body)}. The file must hold only whole, fsynced rows. */
    void scan(final RowVisitor visitor) throws IOException {
        flush();
        long offset = 0;
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (offset < flushedLength) {
            header.clear();
            readAt(header, offset);
            header.flip();
            if (header.remaining() < HEADER_BYTES) {
                throw new IOException("retained segment " + path + ": torn row header at offset " + offset);
            }
            final byte[] body = readBody(offset);
            visitor.row(offset, body);
            offset += HEADER_BYTES + body.length;
        }
    }

    /** Receives rows from {@link #scan}. */
    interface RowVisitor {
        /**
         * One row.
         *
         * @param offset the row's offset
         * @param body id (24 bytes), kind, payload
         */
        void row(long offset, byte[] body);
    }

    void flush() throws IOException {
        if (pending.position() > 0) {
            pending.flip();
            writeFully(pending, flushedLength);
            flushedLength += pending.limit();
            pending.clear();
        }
    }

    /** Flushes and fsyncs. */
    void force() throws IOException {
        flush();
        channel.force(true);
    }

    private void writeFully(final ByteBuffer buffer, final long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            at += channel.write(buffer, at);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
