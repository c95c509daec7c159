package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks ULIDs (Crockford text, timestamp bits, injected clock and randomness) and the ULID-based deployment and
 * subscription ids: the spec's example deployment id decodes to a 2026 timestamp, random ids round-trip, and
 * bad text gets the reference's reasons.
 */
class UlidAndResourceIdsTest {
    @Test
    void shouldReadTheTimestampOfAnIdempotencyKeyTheReferenceGenerated() {
        final Ulid ulid = Ulid.parse("01M84G6FXPP1DCQ1E2GX3NM9P6");
        assertEquals("01M84G6FXPP1DCQ1E2GX3NM9P6", ulid.toString());
        assertEquals(2026, Instant.ofEpochMilli(ulid.timestampMillis()).atZone(java.time.ZoneOffset.UTC).getYear());
        assertEquals(ulid, Ulid.parse("01m84g6fxpp1dcq1e2gx3nm9p6"));
    }

    @Test
    void shouldEncodeUlidsMostSignificantFirst() {
        assertEquals("00000000000000000000000000", new Ulid(0, 0).toString());
        assertEquals("0000000000000000000000000Z", new Ulid(0, 31).toString());
        assertEquals("00000000000000000000000010", new Ulid(0, 32).toString());
        assertEquals("7ZZZZZZZZZZZZZZZZZZZZZZZZZ", new Ulid(-1, -1).toString());
        assertEquals("0000000000000000000000000G", new Ulid(0, 16).toString());
        assertEquals(new Ulid(1, 0), Ulid.parse(new Ulid(1, 0).toString()));
    }

    @Test
    void shouldRoundTripRandomUlidsAndIds() {
        final SplittableRandom random = TestSeeds.random("UlidAndResourceIdsTest.roundTrip");
        for (int i = 0; i < 2_000; i++) {
            final long millis = random.nextLong(1L << 48);
            final Ulid ulid = Ulid.generate(millis, random);
            assertEquals(millis, ulid.timestampMillis());
            assertEquals(ulid, Ulid.parse(ulid.toString()));
            final DeploymentId deployment = new DeploymentId(ulid);
            assertEquals(deployment, DeploymentId.parse(deployment.toString()));
            final SubscriptionId subscription = new SubscriptionId(ulid);
            assertEquals(subscription, SubscriptionId.parse(subscription.toString()));
        }
    }

    @Test
    void shouldDecodeTheSpecDeploymentIdToA2026Timestamp() {
        final DeploymentId id = DeploymentId.parse("dp_17g8ktJK9jP4PyEHXpuNqWl");
        assertEquals("dp_17g8ktJK9jP4PyEHXpuNqWl", id.toString());
        final int year = Instant.ofEpochMilli(id.ulid().timestampMillis()).atZone(java.time.ZoneOffset.UTC).getYear();
        assertEquals(2026, year);
        final DeploymentId fresh = DeploymentId.generate(1_795_000_000_000L, new SplittableRandom(3));
        assertEquals(1_795_000_000_000L, fresh.ulid().timestampMillis());
        assertTrue(fresh.toString().startsWith("dp_1"));
    }

    @Test
    void shouldRejectBadResourceIdsWithTheReferenceReasons() {
        assertEquals("bad deployment id 'dp_1bogus': bad length", message(() -> DeploymentId.parse("dp_1bogus")));
        assertEquals("bad deployment id 'dp_2x': unrecognized codec version",
            message(() -> DeploymentId.parse("dp_2x")));
        assertEquals("bad deployment id 'sub_': bad length", message(() -> DeploymentId.parse("sub_")));
        assertEquals("bad subscription id 'dp_1x': id doesn't match the expected type",
            message(() -> SubscriptionId.parse("dp_1x")));
        assertEquals("bad ulid '01M84G6FXPP1DCQ1E2GX3NM9PU': bad base32 character at offset 25",
            message(() -> Ulid.parse("01M84G6FXPP1DCQ1E2GX3NM9PU")));
        assertEquals("bad ulid '81M84G6FXPP1DCQ1E2GX3NM9P6': bad base32 character at offset 0",
            message(() -> Ulid.parse("81M84G6FXPP1DCQ1E2GX3NM9P6")));
        assertEquals("bad ulid 'x': bad length", message(() -> Ulid.parse("x")));
        assertThrows(IllegalArgumentException.class, () -> Ulid.generate(-1, new SplittableRandom(1)));
    }

    private static String message(final org.junit.jupiter.api.function.Executable parse) {
        return assertThrows(IdFormatException.class, parse).getMessage();
    }
}
