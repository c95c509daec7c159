package io.jrestate.common.ids;

import java.util.random.RandomGenerator;

/**
 * Identifies one invocation: the partition key that routes it plus a unique part.
 *
 * <p>Binary form (StartMessage.id, 24 bytes, both integers big-endian):
 * <pre>
 *   0               8                                               24
 *   +---------------+-----------------------------------------------+
 *   | partition key | invocation uuid                               |
 *   | u64 BE        | u128 BE                                       |
 *   +---------------+-----------------------------------------------+
 * </pre>
 * Text form (38 characters), each integer byte-swapped and base62-encoded as {@link Base62} describes:
 * <pre>
 *   inv_ 1 l3Hc716hrBy 6Oxezz9xAAzrCwsrVR1MOa
 *   |    | |           +-- uuid, 22 chars
 *   |    | +-- partition key, 11 chars (equal for every invocation on one object key)
 *   |    +-- id scheme version
 *   +-- resource type
 * </pre>
 * Parsing reports the reference's reasons, e.g. {@code bad invocation id 'inv_1bogus': bad length}; the order of
 * checks is that of {@code ResourceIds}, then partition key, then uuid, then "nothing may follow".
 *
 * @param partitionKey the partition key (unsigned)
 * @param uuid the unique part
 */
public record InvocationId(long partitionKey, InvocationUuid uuid) {
    /** Length of the binary form. */
    public static final int BYTES = 24;
    /** Length of the text form. */
    public static final int CHARS = 5 + Base62.U64_CHARS + Base62.U128_CHARS;
    /** Resource type of the text form. */
    public static final String TYPE = "inv";

    private static final String KIND = "invocation id";

    /**
     * Requires a uuid.
     *
     * @param partitionKey the partition key (unsigned)
     * @param uuid the unique part
     */
    public InvocationId {
        java.util.Objects.requireNonNull(uuid, "uuid");
    }

    /**
     * Returns the id of the run of a workflow, unique per (workflow, key).
     *
     * @param workflow the workflow name
     * @param key the workflow key
     * @return the id: {@code PartitionKeys.forKey(key)} and {@code InvocationUuid.forWorkflowRun}
     */
    public static InvocationId forWorkflowRun(final String workflow, final String key) {
        return new InvocationId(PartitionKeys.forKey(key), InvocationUuid.forWorkflowRun(workflow, key, null));
    }

    /**
     * Returns the id of an idempotent request (no scope).
     *
     * @param service the service name
     * @param key the object or workflow key, or {@code null} for an unkeyed service
     * @param handler the handler name
     * @param idempotencyKey the idempotency key
     * @return the id: partition key of the key, or of the idempotency key's bucket for an unkeyed service
     */
    public static InvocationId forIdempotentRequest(final String service, final String key, final String handler,
        final String idempotencyKey) {
        final long partitionKey = key != null
            ? PartitionKeys.forKey(key)
            : PartitionKeys.forIdempotentUnkeyed(service, idempotencyKey);
        return new InvocationId(partitionKey,
            InvocationUuid.forIdempotentRequest(service, key, handler, idempotencyKey, null));
    }

    /**
     * Returns a fresh id for an ordinary invocation with a random (ULID) uuid.
     *
     * @param partitionKey the target's partition key (see {@link PartitionKeys})
     * @param epochMillis the current time, ms since the Unix epoch
     * @param random the random source
     * @return the id
     */
    public static InvocationId random(final long partitionKey, final long epochMillis, final RandomGenerator random) {
        return new InvocationId(partitionKey, InvocationUuid.random(epochMillis, random));
    }

    /**
     * Returns the 24-byte binary form.
     *
     * @return a new array
     */
    public byte[] toBytes() {
        final byte[] out = new byte[BYTES];
        writeTo(out, 0);
        return out;
    }

    /**
     * Writes the 24-byte binary form.
     *
     * @param out the destination
     * @param offset where the first byte goes
     */
    public void writeTo(final byte[] out, final int offset) {
        java.util.Objects.checkFromIndexSize(offset, BYTES, out.length);
        writeLong(out, offset, partitionKey);
        writeLong(out, offset + 8, uuid.high());
        writeLong(out, offset + 16, uuid.low());
    }

    /**
     * Reads the 24-byte binary form.
     *
     * @param bytes exactly 24 bytes
     * @return the id
     * @throws IdFormatException when the length is not 24
     */
    public static InvocationId fromBytes(final byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new IdFormatException("bad invocation id bytes: expected " + BYTES + " bytes, got " + bytes.length);
        }
        return fromBytes(bytes, 0);
    }

    /**
     * Reads the 24-byte binary form at an offset.
     *
     * @param bytes the source
     * @param offset where the first byte is
     * @return the id
     */
    public static InvocationId fromBytes(final byte[] bytes, final int offset) {
        java.util.Objects.checkFromIndexSize(offset, BYTES, bytes.length);
        return new InvocationId(readLong(bytes, offset),
            new InvocationUuid(readLong(bytes, offset + 8), readLong(bytes, offset + 16)));
    }

    /**
     * Parses the text form.
     *
     * @param text e.g. {@code inv_1l3Hc716hrBy6Oxezz9xAAzrCwsrVR1MOa}
     * @return the id
     * @throws IdFormatException with the reference's message, e.g. {@code bad invocation id 'x': bad format}
     */
    public static InvocationId parse(final CharSequence text) {
        ResourceIds.checkEnvelope(KIND, text, TYPE);
        try {
            final long partitionKey = Base62.decodeU64(text, 5);
            final long[] uuid = Base62.decodeU128(text, 5 + Base62.U64_CHARS);
            if (text.length() != CHARS) {
                throw new IdFormatException(IdFormatException.BAD_LENGTH);
            }
            return new InvocationId(partitionKey, new InvocationUuid(uuid[0], uuid[1]));
        } catch (IdFormatException e) {
            throw IdFormatException.of(KIND, text, e.reason());
        }
    }

    /**
     * Returns the seed of the invocation's deterministic random generator (StartMessage.random_seed): stable
     * across attempts because it depends only on the id.
     *
     * @return XXH3-64 of the 24-byte binary form
     */
    public long randomSeed() {
        return Xxh3.hash64(toBytes());
    }

    /**
     * Returns the 38-character text form.
     *
     * @return e.g. {@code inv_1l3Hc716hrBy6Oxezz9xAAzrCwsrVR1MOa}
     */
    @Override
    public String toString() {
        final StringBuilder out = new StringBuilder(CHARS).append(TYPE).append('_').append(ResourceIds.VERSION);
        Base62.appendU64(out, partitionKey);
        return Base62.appendU128(out, uuid.high(), uuid.low()).toString();
    }

    private static void writeLong(final byte[] out, final int offset, final long value) {
        for (int i = 0; i < 8; i++) {
            out[offset + i] = (byte) (value >>> (56 - 8 * i));
        }
    }

    private static long readLong(final byte[] in, final int offset) {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = value << 8 | (in[offset + i] & 0xFF);
        }
        return value;
    }
}
