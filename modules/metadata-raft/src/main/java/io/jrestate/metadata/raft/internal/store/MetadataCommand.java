package io.jrestate.metadata.raft.internal.store;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.Precondition;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A write command replicated through the Raft log. Layout of the entry payload (big-endian):
 *
 * <pre>
 *   0      1        2                  10       12           n     n+2         m      m+4
 *   +------+--------+------------------+--------+------ ... -+-----+--- ... ---+------+--- ... ---+
 *   | op   | pc kind| pc version int64 | keyLen | key UTF-8  |ctLen| ct UTF-8  |valLen| value     |
 *   +------+--------+------------------+--------+------ ... -+-----+--- ... ---+------+--- ... ---+
 *   op: 1 = put, 2 = delete (delete has ctLen = 0 and valLen = 0); pc kind: Precondition.Kind ordinal
 * </pre>
 *
 * @param op put or delete
 * @param key the key
 * @param precondition the condition checked at apply time
 * @param contentType the value's content type ("" for delete)
 * @param value the value (empty for delete)
 */
public record MetadataCommand(Op op, String key, Precondition precondition, String contentType, byte[] value) {
    /** Keys longer than this many UTF-8 bytes are refused. */
    public static final int KEY_LENGTH_MAX_BYTES = 1024;
    /** Values longer than this are refused by the client (a Raft log record must hold the whole command). */
    public static final int VALUE_LENGTH_MAX_BYTES = 4 << 20;

    /** The operations. */
    public enum Op {
        /** Put a value. */
        PUT,
        /** Delete a key. */
        DELETE
    }

    /** Checks the fields. */
    public MetadataCommand {
        Verify.argument(op != null && key != null && precondition != null && contentType != null && value != null,
            "metadata command fields must not be null");
        Verify.argument(!key.isEmpty() && key.getBytes(StandardCharsets.UTF_8).length <= KEY_LENGTH_MAX_BYTES,
            "metadata key must be 1.." + KEY_LENGTH_MAX_BYTES + " UTF-8 bytes: '" + key + "'");
    }

    /** @return the encoding drawn in the class javadoc */
    public byte[] encode() {
        final byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        final byte[] ctBytes = contentType.getBytes(StandardCharsets.UTF_8);
        final ByteBuffer buffer = ByteBuffer.allocate(1 + 1 + 8 + 2 + keyBytes.length + 2 + ctBytes.length + 4
            + value.length);
        buffer.put((byte) (op.ordinal() + 1)).put((byte) precondition.kind().ordinal())
            .putLong(precondition.version());
        buffer.putShort((short) keyBytes.length).put(keyBytes).putShort((short) ctBytes.length).put(ctBytes);
        buffer.putInt(value.length).put(value);
        return buffer.array();
    }

    /**
     * Decodes a command.
     *
     * @param data the entry payload
     * @return the command
     * @throws IllegalArgumentException when the payload is malformed (names what is wrong)
     */
    public static MetadataCommand decode(final byte[] data) {
        try {
            final ByteBuffer buffer = ByteBuffer.wrap(data);
            final int opCode = buffer.get();
            Verify.argument(opCode == 1 || opCode == 2, "unknown metadata command op " + opCode);
            final int kindCode = buffer.get();
            Verify.argument(kindCode >= 0 && kindCode < Precondition.Kind.values().length,
                "unknown precondition kind " + kindCode);
            final Precondition precondition = new Precondition(Precondition.Kind.values()[kindCode], buffer.getLong());
            final String key = readString(buffer, Short.toUnsignedInt(buffer.getShort()));
            final String contentType = readString(buffer, Short.toUnsignedInt(buffer.getShort()));
            final int valueLength = buffer.getInt();
            Verify.argument(valueLength >= 0 && valueLength == buffer.remaining(),
                "metadata command value length " + valueLength + " does not match the " + buffer.remaining()
                    + " remaining bytes");
            final byte[] value = new byte[valueLength];
            buffer.get(value);
            return new MetadataCommand(Op.values()[opCode - 1], key, precondition, contentType, value);
        } catch (final BufferUnderflowException e) {
            throw new IllegalArgumentException("metadata command truncated (" + data.length + " bytes)", e);
        }
    }

    static String readString(final ByteBuffer buffer, final int length) {
        final byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
