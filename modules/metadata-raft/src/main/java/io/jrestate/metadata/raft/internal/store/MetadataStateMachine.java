package io.jrestate.metadata.raft.internal.store;

import io.jrestate.common.Verify;
import io.jrestate.metadata.raft.VersionedValue;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * The replicated state machine: a sorted map from key to {@link VersionedValue}. Every member applies the same
 * committed commands in the same order and decides preconditions the same way, so all reach the same state.
 *
 * <p>Snapshot image (big-endian), the whole map in key order:
 * <pre>
 *   +-------------+----------------------------------------------------------------------+
 *   | count int32 | count x ( keyLen u16 | key | version int64 | ctLen u16 | ct | valLen int32 | value ) |
 *   +-------------+----------------------------------------------------------------------+
 * </pre>
 * An empty image (zero bytes) is the empty map, which is what a freshly bootstrapped group starts from.
 */
public final class MetadataStateMachine {
    private final TreeMap<String, VersionedValue> values = new TreeMap<>();

    /**
     * The outcome of applying one command.
     *
     * @param applied whether the precondition held and the store changed
     * @param version after a successful put the new version; otherwise the key's version (0 when absent)
     */
    public record Result(boolean applied, long version) {
    }

    /**
     * Applies a command.
     *
     * @param command the command
     * @return the outcome
     */
    public Result apply(final MetadataCommand command) {
        final VersionedValue current = values.get(command.key());
        final long currentVersion = current == null ? 0 : current.version();
        if (!command.precondition().holdsFor(currentVersion)) {
            return new Result(false, currentVersion);
        }
        if (command.op() == MetadataCommand.Op.DELETE) {
            values.remove(command.key());
            return new Result(true, 0);
        }
        final long version = currentVersion + 1;
        values.put(command.key(), new VersionedValue(version, command.contentType(), command.value()));
        return new Result(true, version);
    }

    /**
     * Reads a key.
     *
     * @param key the key
     * @return the value, or null when absent
     */
    public VersionedValue get(final String key) {
        return values.get(key);
    }

    /** @return the number of keys */
    public int size() {
        return values.size();
    }

    /** @return the snapshot image drawn in the class javadoc */
    public byte[] snapshot() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(4).putInt(values.size()).array());
        for (final Map.Entry<String, VersionedValue> e : values.entrySet()) {
            final byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
            final byte[] ct = e.getValue().contentType().getBytes(StandardCharsets.UTF_8);
            final byte[] value = e.getValue().value();
            out.writeBytes(ByteBuffer.allocate(2 + key.length + 8 + 2 + ct.length + 4).putShort((short) key.length)
                .put(key).putLong(e.getValue().version()).putShort((short) ct.length).put(ct).putInt(value.length)
                .array());
            out.writeBytes(value);
        }
        return out.toByteArray();
    }

    /**
     * Replaces the whole state by a snapshot image.
     *
     * @param image the image ({@link #snapshot()} output, or empty)
     * @throws IllegalArgumentException when the image is malformed
     */
    public void restore(final byte[] image) {
        values.clear();
        if (image.length == 0) {
            return;
        }
        try {
            final ByteBuffer buffer = ByteBuffer.wrap(image);
            final int count = buffer.getInt();
            Verify.argument(count >= 0, "metadata snapshot has negative key count " + count);
            for (int i = 0; i < count; i++) {
                final String key = MetadataCommand.readString(buffer, Short.toUnsignedInt(buffer.getShort()));
                final long version = buffer.getLong();
                final String ct = MetadataCommand.readString(buffer, Short.toUnsignedInt(buffer.getShort()));
                final byte[] value = new byte[buffer.getInt()];
                buffer.get(value);
                values.put(key, new VersionedValue(version, ct, value));
            }
            Verify.argument(!buffer.hasRemaining(), "metadata snapshot has " + buffer.remaining() + " trailing bytes");
        } catch (final BufferUnderflowException | NegativeArraySizeException e) {
            throw new IllegalArgumentException("metadata snapshot image truncated (" + image.length + " bytes)", e);
        }
    }
}
