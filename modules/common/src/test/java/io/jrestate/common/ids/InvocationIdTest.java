package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the invocation id against the spec's verified examples (text form, deterministic SHA-256 uuids),
 * round trips of the binary and text forms for random ids, and the reference's error reasons and their order.
 */
class InvocationIdTest {
    private static final InvocationId SPEC_EXAMPLE =
        new InvocationId(0xfc790b5848624bf5L, new InvocationUuid(0x7ead50d7e6b23062L, 0x0054de8a426b6248L));

    @Test
    void shouldFormatAndParseTheSpecExample() {
        assertEquals("inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw", SPEC_EXAMPLE.toString());
        assertEquals(SPEC_EXAMPLE, InvocationId.parse("inv_1l3Hc716hrBy2cAqmfPMV3n16g3Bd9AtPw"));
        assertEquals("fc790b5848624bf57ead50d7e6b230620054de8a426b6248",
            HexFormat.of().formatHex(SPEC_EXAMPLE.toBytes()));
    }

    @Test
    void shouldDeriveTheSpecWorkflowAndIdempotencyUuids() {
        assertEquals("fc1b0e11991cc94920918243914fad60", InvocationUuid.forWorkflowRun("Wf", "w1", null).toString());
        final InvocationId run = InvocationId.forWorkflowRun("Wf", "w1");
        assertEquals(PartitionKeys.forKey("w1"), run.partitionKey());
        assertEquals(InvocationUuid.forWorkflowRun("Wf", "w1", null), run.uuid());
        assertEquals(sha256Prefix("ik,Greeter,greet,idem-bob"),
            InvocationUuid.forIdempotentRequest("Greeter", null, "greet", "idem-bob", null).toString());
        assertEquals(sha256Prefix("ik,Counter,alice,add,k"),
            InvocationUuid.forIdempotentRequest("Counter", "alice", "add", "k", null).toString());
        assertEquals(sha256Prefix("ik,s1,Counter,,add,k"),
            InvocationUuid.forIdempotentRequest("Counter", "", "add", "k", "s1").toString());
        assertEquals(sha256Prefix("wf,s1,Wf,w1"), InvocationUuid.forWorkflowRun("Wf", "w1", "s1").toString());
    }

    @Test
    void shouldRoundTripRandomIdsThroughBytesAndText() {
        final SplittableRandom random = TestSeeds.random("InvocationIdTest.roundTrip");
        for (int i = 0; i < 5_000; i++) {
            final InvocationId id = new InvocationId(random.nextLong(),
                new InvocationUuid(random.nextLong(), random.nextLong()));
            final String text = id.toString();
            assertEquals(InvocationId.CHARS, text.length());
            assertEquals(id, InvocationId.parse(text));
            assertEquals(id, InvocationId.fromBytes(id.toBytes()));
            final byte[] padded = new byte[30];
            id.writeTo(padded, 3);
            assertEquals(id, InvocationId.fromBytes(padded, 3));
        }
    }

    @Test
    void shouldMakeRandomIdsFromTheInjectedClockAndRandomSource() {
        final long now = 1_795_000_000_000L;
        final InvocationId a = InvocationId.random(42L, now, new SplittableRandom(1));
        final InvocationId b = InvocationId.random(42L, now, new SplittableRandom(1));
        assertEquals(a, b);
        assertEquals(42L, a.partitionKey());
        assertEquals(now, a.uuid().asUlid().timestampMillis());
        assertNotEquals(a, InvocationId.random(42L, now, new SplittableRandom(2)));
    }

    @Test
    void shouldDeriveAStableSeedThatDependsOnEveryByte() {
        assertEquals(SPEC_EXAMPLE.randomSeed(), InvocationId.parse(SPEC_EXAMPLE.toString()).randomSeed());
        assertEquals(Xxh3.hash64(SPEC_EXAMPLE.toBytes()), SPEC_EXAMPLE.randomSeed());
        final InvocationId other = new InvocationId(SPEC_EXAMPLE.partitionKey(),
            new InvocationUuid(SPEC_EXAMPLE.uuid().high(), SPEC_EXAMPLE.uuid().low() ^ 1));
        assertNotEquals(SPEC_EXAMPLE.randomSeed(), other.randomSeed());
    }

    @Test
    void shouldRejectBadTextWithTheReferenceReasons() {
        final String good = SPEC_EXAMPLE.toString();
        assertEquals("bad invocation id 'inv_1bogus': bad length", error("inv_1bogus"));
        assertEquals("bad invocation id 'inv': bad format", error("inv"));
        assertEquals("bad invocation id 'foo_1x': unrecognized resource type: foo", error("foo_1x"));
        assertEquals("bad invocation id 'dp_1x': id doesn't match the expected type", error("dp_1x"));
        assertEquals("bad invocation id 'inv_': bad length", error("inv_"));
        assertEquals("bad invocation id 'inv_2x': unrecognized codec version", error("inv_2x"));
        assertEquals("base62 decode error", reason(good.substring(0, 15) + "-" + good.substring(16)));
        assertEquals("bad length", reason(good + "X"));
        assertEquals("bad length", reason(good.substring(0, 20)));
        assertEquals("base62 decode error", reason(good.substring(0, 37) + "-"));
        assertEquals("base62 decode error", reason("inv_1zzzzzzzzzzz" + good.substring(16)));
    }

    @Test
    void shouldRejectBinaryFormsOfTheWrongLength() {
        assertEquals("bad invocation id bytes: expected 24 bytes, got 23",
            assertThrows(IdFormatException.class, () -> InvocationId.fromBytes(new byte[23])).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> InvocationId.fromBytes(new byte[30], 7));
    }

    private static String error(final String text) {
        return assertThrows(IdFormatException.class, () -> InvocationId.parse(text)).getMessage();
    }

    private static String reason(final String text) {
        return assertThrows(IdFormatException.class, () -> InvocationId.parse(text)).reason();
    }

    private static String sha256Prefix(final String text) {
        try {
            final byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
