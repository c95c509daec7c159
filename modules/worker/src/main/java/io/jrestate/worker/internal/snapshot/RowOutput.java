package io.jrestate.worker.internal.snapshot;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes the fields of snapshot rows, big-endian.
 *
 * <pre>
 *  u32, u64      fixed width
 *  str           [length u32][UTF-8 bytes]
 *  bytes         [length u32][bytes]
 *  message       [length u32][protobuf bytes]
 * </pre>
 */
public final class RowOutput {
    private final DataOutputStream out;

    RowOutput(final OutputStream out) {
        this.out = new DataOutputStream(out);
    }

    /**
     * Writes a 32-bit number.
     *
     * @param value the value
     * @throws IOException on failure
     */
    public void u32(final int value) throws IOException {
        out.writeInt(value);
    }

    /**
     * Writes a 64-bit number.
     *
     * @param value the value
     * @throws IOException on failure
     */
    public void u64(final long value) throws IOException {
        out.writeLong(value);
    }

    /**
     * Writes a length-prefixed UTF-8 string.
     *
     * @param value the string
     * @throws IOException on failure
     */
    public void str(final String value) throws IOException {
        final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * Writes length-prefixed bytes.
     *
     * @param value the bytes
     * @throws IOException on failure
     */
    public void bytes(final ByteString value) throws IOException {
        out.writeInt(value.size());
        value.writeTo(out);
    }

    /**
     * Writes a length-prefixed protobuf message.
     *
     * @param message the message
     * @throws IOException on failure
     */
    public void message(final MessageLite message) throws IOException {
        out.writeInt(message.getSerializedSize());
        message.writeTo(out);
    }

    void flush() throws IOException {
        out.flush();
    }
}
