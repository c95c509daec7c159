package io.jrestate.worker.internal.fsm;

import com.google.protobuf.ByteString;
import io.jrestate.common.Verify;
import io.jrestate.common.ids.InvocationId;
import io.jrestate.common.ids.InvocationUuid;
import java.nio.ByteBuffer;

/**
 * The binary invocation id as the state machine keys its tables by: partition key and a 128-bit uuid.
 *
 * <pre>
 *  0               8                               24
 *  +---------------+-------------------------------+
 *  | partition key |  invocation uuid (u128, BE)    |
 *  |  (u64, BE)    |                               |
 *  +---------------+-------------------------------+
 * </pre>
 *
 * <p>Ordering is by partition key, then uuid, as unsigned numbers, so iteration over a table keyed by it is
 * deterministic on every replica.
 *
 * @param partitionKey the partition key the id was routed by
 * @param uuidHigh the high 64 bits of the uuid
 * @param uuidLow the low 64 bits of the uuid
 */
public record InvocationKey(long partitionKey, long uuidHigh, long uuidLow) implements Comparable<InvocationKey> {
    /** Length of the binary form in bytes. */
    public static final int BYTES = 24;

    /**
     * Decodes the 24-byte binary form.
     *
     * @param bytes the binary id
     * @return the key
     * @throws IllegalArgumentException when the length is not 24
     */
    public static InvocationKey fromBytes(final ByteString bytes) {
        Verify.argument(bytes.size() == BYTES, "invocation id must be 24 bytes, got " + bytes.size());
        final ByteBuffer buffer = bytes.asReadOnlyByteBuffer();
        return new InvocationKey(buffer.getLong(), buffer.getLong(), buffer.getLong());
    }

    /**
     * Encodes the 24-byte binary form.
     *
     * @return the binary id
     */
    public ByteString toByteString() {
        return ByteString.copyFrom(toBytes());
    }

    /**
     * Encodes the 24-byte binary form into a new array.
     *
     * @return the binary id
     */
    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putLong(partitionKey).putLong(uuidHigh).putLong(uuidLow).array();
    }

    /**
     * Converts from the shared id type.
     *
     * @param id the id
     * @return the key
     */
    public static InvocationKey of(final InvocationId id) {
        return new InvocationKey(id.partitionKey(), id.uuid().high(), id.uuid().low());
    }

    /**
     * Converts to the shared id type (for the {@code inv_...} string form).
     *
     * @return the id
     */
    public InvocationId toInvocationId() {
        return new InvocationId(partitionKey, new InvocationUuid(uuidHigh, uuidLow));
    }

    @Override
    public int compareTo(final InvocationKey other) {
        int c = Long.compareUnsigned(partitionKey, other.partitionKey);
        if (c == 0) {
            c = Long.compareUnsigned(uuidHigh, other.uuidHigh);
        }
        return c != 0 ? c : Long.compareUnsigned(uuidLow, other.uuidLow);
    }

    @Override
    public String toString() {
        return String.format("%016x%016x%016x", partitionKey, uuidHigh, uuidLow);
    }
}
