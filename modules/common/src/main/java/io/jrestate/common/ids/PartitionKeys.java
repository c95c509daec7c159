package io.jrestate.common.ids;

import java.nio.charset.StandardCharsets;
import java.util.random.RandomGenerator;

/**
 * Partition keys (u64) of invocation targets, bit-compatible with restate-server 1.7.12.
 *
 * <p>The reference hashes with XXH3-64 (seed 0) the bytes that Rust's {@code Hash} produces for a value: a string
 * contributes its UTF-8 bytes followed by {@code 0xFF}, a u64 its 8 bytes little-endian, a tuple the
 * concatenation of its parts. The hashed inputs are:
 * <pre>
 *   keyed target (virtual object, workflow; also with an idempotency key)
 *     +-------------------+----+
 *     | key (UTF-8)       | FF |                        pk = xxh3(...)
 *     +-------------------+----+
 *
 *   unkeyed service, bucket 0..511
 *     +-------------------+----+------------------+----+-------------------+
 *     | service (UTF-8)   | FF | "unscoped/service"| FF | bucket u64 LE (8) |  pk = xxh3(...)
 *     +-------------------+----+------------------+----+-------------------+
 *
 *   bucket of an unkeyed call:  uniformly random in 0..511 without an idempotency key,
 *                               xxh3(idempotencyKey (UTF-8) || FF) mod 512 with one
 * </pre>
 * The service name is not part of a keyed target's hash, so one key lands on the same partition for every
 * object. Spreading unkeyed calls over 512 buckets per service bounds the number of distinct partition keys per
 * service (the reference calls it controlled idempotent sharding) while still spreading load.
 */
public final class PartitionKeys {
    /** Number of buckets an unkeyed service's calls are spread over. */
    public static final int UNKEYED_BUCKETS = 512;

    private static final byte STRING_TERMINATOR = (byte) 0xFF;
    private static final byte[] UNSCOPED_SERVICE = "unscoped/service".getBytes(StandardCharsets.UTF_8);

    private PartitionKeys() {
    }

    /**
     * Returns the partition key of a keyed target (virtual object or workflow key).
     *
     * @param key the object or workflow key
     * @return {@code xxh3(utf8(key) || 0xFF)}
     */
    public static long forKey(final String key) {
        return hashTerminated(key.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Returns the partition key of an unkeyed service call in a given bucket.
     *
     * @param service the service name
     * @param bucket 0..511
     * @return {@code xxh3(utf8(service) || 0xFF || "unscoped/service" || 0xFF || u64le(bucket))}
     * @throws IllegalArgumentException when the bucket is out of range
     */
    public static long forUnkeyedService(final String service, final int bucket) {
        if (bucket < 0 || bucket >= UNKEYED_BUCKETS) {
            throw new IllegalArgumentException("bucket " + bucket + " of service '" + service
                + "' is outside 0.." + (UNKEYED_BUCKETS - 1));
        }
        final byte[] name = service.getBytes(StandardCharsets.UTF_8);
        final byte[] input = new byte[name.length + 1 + UNSCOPED_SERVICE.length + 1 + Long.BYTES];
        System.arraycopy(name, 0, input, 0, name.length);
        int at = name.length;
        input[at++] = STRING_TERMINATOR;
        System.arraycopy(UNSCOPED_SERVICE, 0, input, at, UNSCOPED_SERVICE.length);
        at += UNSCOPED_SERVICE.length;
        input[at++] = STRING_TERMINATOR;
        for (int i = 0; i < Long.BYTES; i++) {
            input[at + i] = (byte) ((long) bucket >>> (8 * i));
        }
        return Xxh3.hash64(input);
    }

    /**
     * Returns the bucket of an unkeyed call that carries an idempotency key.
     *
     * @param idempotencyKey the key from the {@code idempotency-key} header or the call command
     * @return {@code xxh3(utf8(idempotencyKey) || 0xFF) mod 512}
     */
    public static int bucketForIdempotencyKey(final String idempotencyKey) {
        return (int) Long.remainderUnsigned(hashTerminated(idempotencyKey.getBytes(StandardCharsets.UTF_8)),
            UNKEYED_BUCKETS);
    }

    /**
     * Draws the bucket of an unkeyed call without an idempotency key.
     *
     * @param random the random source (injected so callers stay deterministic under test)
     * @return a bucket, uniformly in 0..511
     */
    public static int randomBucket(final RandomGenerator random) {
        return random.nextInt(UNKEYED_BUCKETS);
    }

    /**
     * Returns the partition key of an unkeyed service call with an idempotency key.
     *
     * @param service the service name
     * @param idempotencyKey the idempotency key
     * @return {@code forUnkeyedService(service, bucketForIdempotencyKey(idempotencyKey))}
     */
    public static long forIdempotentUnkeyed(final String service, final String idempotencyKey) {
        return forUnkeyedService(service, bucketForIdempotencyKey(idempotencyKey));
    }

    /**
     * Returns the partition key the reference used for unkeyed idempotent calls before controlled idempotent
     * sharding (when that cluster feature is off).
     *
     * @param idempotencyKey the idempotency key
     * @return {@code xxh3(utf8(idempotencyKey) || 0xFF)}
     */
    public static long forIdempotencyKeyLegacy(final String idempotencyKey) {
        return hashTerminated(idempotencyKey.getBytes(StandardCharsets.UTF_8));
    }

    private static long hashTerminated(final byte[] utf8) {
        final byte[] input = java.util.Arrays.copyOf(utf8, utf8.length + 1);
        input[utf8.length] = STRING_TERMINATOR;
        return Xxh3.hash64(input);
    }
}
