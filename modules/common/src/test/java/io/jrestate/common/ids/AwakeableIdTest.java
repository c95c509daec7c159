package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks awakeable ids against the spec's decoded example, round trips for random ids of both kinds, and
 * rejection of non-canonical payloads; the reference server's own ids and error messages are checked in
 * {@code ReferenceVectorsTest}.
 */
class AwakeableIdTest {
    private static final String SPEC_EXAMPLE = "sign_1BDMblp2FMOIgHbBDayd-61CcSa0aTGxyAAAAEQ";

    @Test
    void shouldDecodeTheSpecExample() {
        final AwakeableId id = AwakeableId.parse(SPEC_EXAMPLE);
        assertEquals(AwakeableId.Kind.SIGNAL, id.kind());
        assertEquals(17, id.index());
        final String idHex = HexFormat.of().formatHex(id.invocationId().toBytes());
        assertEquals("04331b96", idHex.substring(0, 8));
        assertEquals("4c6c72", idHex.substring(idHex.length() - 6));
        assertEquals(SPEC_EXAMPLE, id.toString());
        assertEquals(SPEC_EXAMPLE, AwakeableId.ofSignal(id.invocationId(), 17).toString());
    }

    @Test
    void shouldReadTheLegacyPrefixAsAJournalEntryIndex() {
        final AwakeableId id = AwakeableId.parse(SPEC_EXAMPLE.replace("sign_1", "prom_1"));
        assertEquals(AwakeableId.Kind.LEGACY_ENTRY, id.kind());
        assertEquals(17, id.index());
        assertEquals(SPEC_EXAMPLE.replace("sign_1", "prom_1"), id.toString());
    }

    @Test
    void shouldRoundTripRandomIds() {
        final SplittableRandom random = TestSeeds.random("AwakeableIdTest.roundTrip");
        for (int i = 0; i < 2_000; i++) {
            final InvocationId invocation = new InvocationId(random.nextLong(),
                new InvocationUuid(random.nextLong(), random.nextLong()));
            final AwakeableId.Kind kind = AwakeableId.Kind.values()[random.nextInt(2)];
            final AwakeableId id = new AwakeableId(kind, invocation, random.nextInt());
            assertEquals(6 + AwakeableId.PAYLOAD_CHARS, id.toString().length());
            assertEquals(id, AwakeableId.parse(id.toString()));
        }
    }

    @Test
    void shouldRejectNonCanonicalAndMalformedPayloads() {
        final String trailingBitsSet = SPEC_EXAMPLE.substring(0, SPEC_EXAMPLE.length() - 1) + "R";
        assertEquals("id doesn't match the expected type", reason(trailingBitsSet));
        assertEquals("id doesn't match the expected type", reason(SPEC_EXAMPLE + "=="));
        assertEquals("id doesn't match the expected type", reason(SPEC_EXAMPLE.replace('-', '+')));
        assertEquals("bad length", reason("prom_1AAAA"));
        assertEquals("base62 decode error", reason("prom_1" + "*".repeat(38)));
        assertEquals("bad awakeable id 'inv_1x': id doesn't match the expected type",
            assertThrows(IdFormatException.class, () -> AwakeableId.parse("inv_1x")).getMessage());
    }

    private static String reason(final String text) {
        return assertThrows(IdFormatException.class, () -> AwakeableId.parse(text)).reason();
    }
}
