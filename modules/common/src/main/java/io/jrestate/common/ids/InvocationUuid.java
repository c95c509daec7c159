package io.jrestate.common.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The 128-bit unique part of an {@link InvocationId}, random for ordinary invocations and derived from the
 * target for workflow runs and idempotent requests (so that a retry or a lookup finds the same invocation).
 * <pre>
 *   ordinary invocation    a ULID: 48-bit ms timestamp | 80 random bits
 *   workflow run           SHA-256( "wf" , [scope ,] workflow , key )[0..16]
 *   idempotent request     SHA-256( "ik" , [scope ,] service , [key ,] handler , idempotencyKey )[0..16]
 *
 *   parts are UTF-8 joined by ',' (0x2c); optional parts in brackets are left out with their comma when absent,
 *   e.g. sha256("wf,Wf,w1")[0..16] = fc1b0e11991cc94920918243914fad60
 *   the first digest byte is the most significant byte of the uuid (big-endian)
 * </pre>
 * Note: restate-server 1.7.12 invents a ULID idempotency key (text form, e.g. {@code 01M84TP490TGQ8NEEDDHZQVAHY})
 * for every ingress call to a service or virtual object that has none, so those ids are idempotent-request ids
 * too (verified against recorded calls); {@link #random} serves invocations that are not idempotent.
 *
 * @param high the most significant 64 bits
 * @param low the least significant 64 bits
 */
public record InvocationUuid(long high, long low) {
    /**
     * Returns the uuid of a workflow run, which is unique per (workflow, key).
     *
     * @param workflow the workflow (service) name
     * @param key the workflow key
     * @param scope the scope (vqueues), or {@code null} when unscoped (the default)
     * @return {@code SHA-256("wf,[scope,]workflow,key")[0..16]}
     */
    public static InvocationUuid forWorkflowRun(final String workflow, final String key, final String scope) {
        final StringBuilder input = new StringBuilder("wf,");
        if (scope != null) {
            input.append(scope).append(',');
        }
        return digest(input.append(workflow).append(',').append(key));
    }

    /**
     * Returns the uuid of an idempotent request.
     *
     * @param service the service name
     * @param key the object or workflow key, or {@code null} for an unkeyed service
     * @param handler the handler name
     * @param idempotencyKey the idempotency key
     * @param scope the scope (vqueues), or {@code null} when unscoped (the default)
     * @return {@code SHA-256("ik,[scope,]service,[key,]handler,idempotencyKey")[0..16]}
     */
    public static InvocationUuid forIdempotentRequest(final String service, final String key, final String handler,
        final String idempotencyKey, final String scope) {
        final StringBuilder input = new StringBuilder("ik,");
        if (scope != null) {
            input.append(scope).append(',');
        }
        input.append(service).append(',');
        if (key != null) {
            input.append(key).append(',');
        }
        return digest(input.append(handler).append(',').append(idempotencyKey));
    }

    /**
     * Returns the uuid of an ordinary invocation: a fresh ULID.
     *
     * @param epochMillis the current time, ms since the Unix epoch
     * @param random the random source
     * @return the uuid
     */
    public static InvocationUuid random(final long epochMillis, final RandomGenerator random) {
        return of(Ulid.generate(epochMillis, random));
    }

    /**
     * Returns the uuid with the same 128 bits as a ULID.
     *
     * @param ulid the ULID
     * @return the uuid
     */
    public static InvocationUuid of(final Ulid ulid) {
        return new InvocationUuid(ulid.high(), ulid.low());
    }

    /**
     * Returns the same 128 bits as a ULID; meaningful (a real timestamp) only for random uuids.
     *
     * @return the ULID view
     */
    public Ulid asUlid() {
        return new Ulid(high, low);
    }

    /**
     * Returns the 32 lower-case hex digits, most significant first.
     *
     * @return the hex form
     */
    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }

    private static InvocationUuid digest(final CharSequence input) {
        final byte[] hash = sha256().digest(input.toString().getBytes(StandardCharsets.UTF_8));
        long high = 0;
        long low = 0;
        for (int i = 0; i < 8; i++) {
            high = high << 8 | (hash[i] & 0xFF);
            low = low << 8 | (hash[8 + i] & 0xFF);
        }
        return new InvocationUuid(high, low);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            // Every Java platform must provide SHA-256 (java.security.MessageDigest javadoc).
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
