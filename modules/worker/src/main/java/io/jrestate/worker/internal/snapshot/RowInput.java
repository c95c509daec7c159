package io.jrestate.worker.internal.snapshot;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields written by {@link RowOutput} from one table section, never past its end. Every failure is a
 * {@link SnapshotFormatException} naming the table.
 */
public final class RowInput {
    private final String table;
    private final Bounded in;
    private final DataInputStream data;

    RowInput(final String table, final InputStream body, final long sectionBytes) {
        this.table = table;
        this.in = new Bounded(body, sectionBytes);
        this.data = new DataInputStream(in);
    }

    /**
     * Reads a 32-bit number.
     *
     * @return the value
     * @throws IOException on failure or when the section ends
     */
    public int u32() throws IOException {
        try {
            return data.readInt();
        } catch (final EOFException e) {
            throw ended("u32");
        }
    }

    /**
     * Reads a 64-bit number.
     *
     * @return the value
     * @throws IOException on failure or when the section ends
     */
    public long u64() throws IOException {
        try {
            return data.readLong();
        } catch (final EOFException e) {
            throw ended("u64");
        }
    }

    /**
     * Reads a string.
     *
     * @return the string
     * @throws IOException on failure, a bad length, or when the section ends
     */
    public String str() throws IOException {
        return new String(raw("string"), StandardCharsets.UTF_8);
    }

    /**
     * Reads bytes.
     *
     * @return the bytes
     * @throws IOException on failure, a bad length, or when the section ends
     */
    public ByteString bytes() throws IOException {
        return ByteString.copyFrom(raw("bytes"));
    }

    /**
     * Reads a protobuf message.
     *
     * @param parser the message's parser
     * @param <T> the message type
     * @return the message
     * @throws IOException on failure, a bad length, an invalid message, or when the section ends
     */
    public <T> T message(final Parser<T> parser) throws IOException {
        final byte[] bytes = raw("message");
        try {
            return parser.parseFrom(bytes);
        } catch (final InvalidProtocolBufferException e) {
            throw new SnapshotFormatException("table '" + table + "': invalid message: " + e.getMessage());
        }
    }

    /**
     * Builds a format error naming this table.
     *
     * @param problem what is wrong
     * @return the error
     */
    public SnapshotFormatException error(final String problem) {
        return new SnapshotFormatException("table '" + table + "': " + problem);
    }

    private byte[] raw(final String what) throws IOException {
        final int length = u32();
        if (length < 0 || length > in.remaining) {
            throw error(what + " of " + Integer.toUnsignedString(length) + " bytes exceeds the " + in.remaining
                    + " bytes left in the section");
        }
        final byte[] bytes = new byte[length];
        try {
            data.readFully(bytes);
        } catch (final EOFException e) {
            throw ended(what);
        }
        return bytes;
    }

    private SnapshotFormatException ended(final String what) {
        return error("section ends inside a " + what);
    }

    long remainingBytes() {
        return in.remaining;
    }

    /** Reads at most {@code remaining} bytes of the underlying stream. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long remaining;

        Bounded(final InputStream in, final long remaining) {
            this.in = in;
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            final int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(final byte[] dst, final int offset, final int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            final int n = in.read(dst, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
