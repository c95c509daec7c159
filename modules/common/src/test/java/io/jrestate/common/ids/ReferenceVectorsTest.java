package io.jrestate.common.ids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Checks our ids against ids recorded from the real restate-server 1.7.12 (see the README beside the CSV files
 * for how they were produced): {@code POST /restate/lookup} results for workflow runs and idempotent requests
 * over keys of 1 to 4100 bytes (ASCII, punctuation, non-ASCII, emoji), and the {@code x-restate-id} of real calls
 * to a virtual object (partition key of its key), to an unkeyed service (partition key in the service's 512
 * bucket keys) and with an {@code idempotency-key} header; plain calls, for which 1.7.12 invents a ULID
 * idempotency key (read back from {@code sys_invocation}); the awakeable ids the TypeScript SDK handed out; the
 * deployment id of the registration; and the 400 messages for malformed ids. The tests need only the recorded
 * files.
 */
class ReferenceVectorsTest {
    private static final List<String[]> IDS = TestResources.csvRows("reference-ids.csv");

    @Test
    void shouldHaveRecordedEnoughVectors() {
        assertTrue(IDS.size() >= 400, "rows: " + IDS.size());
        assertTrue(IDS.stream().anyMatch(row -> text(row[3]).getBytes(StandardCharsets.UTF_8).length > 240));
    }

    @Test
    void shouldRoundTripEveryRecordedIdThroughTextAndBytes() {
        for (final String[] row : IDS) {
            final InvocationId id = InvocationId.parse(row[5]);
            assertEquals(row[5], id.toString());
            assertEquals(id, InvocationId.fromBytes(id.toBytes()));
        }
    }

    @Test
    void shouldDeriveTheReferenceWorkflowRunIds() {
        int checked = 0;
        for (final String[] row : rows("workflow")) {
            assertEquals(row[5], InvocationId.forWorkflowRun(row[1], text(row[3])).toString(), describe(row));
            checked++;
        }
        assertTrue(checked >= 100, "workflow rows: " + checked);
    }

    @Test
    void shouldDeriveTheReferenceIdempotentRequestIds() {
        int keyed = 0;
        int unkeyed = 0;
        for (final String[] row : rows("idempotent")) {
            final String key = "Greeter".equals(row[1]) ? null : text(row[3]);
            final InvocationId expected = InvocationId.forIdempotentRequest(row[1], key, row[2], text(row[4]));
            assertEquals(row[5], expected.toString(), describe(row));
            if (key == null) {
                unkeyed++;
            } else {
                keyed++;
            }
        }
        assertTrue(keyed >= 100 && unkeyed >= 100, "keyed " + keyed + ", unkeyed " + unkeyed);
    }

    @Test
    void shouldPutRealObjectCallsOnTheirKeysPartition() {
        int checked = 0;
        for (final String[] row : rows("call")) {
            if ("Counter".equals(row[1])) {
                final InvocationId id = InvocationId.parse(row[5]);
                assertEquals(PartitionKeys.forKey(text(row[3])), id.partitionKey(), describe(row));
                checked++;
            }
        }
        assertTrue(checked >= 50, "object calls: " + checked);
    }

    @Test
    void shouldPutRealServiceCallsInOneOfTheServicesBuckets() {
        final Set<Long> bucketKeys = new HashSet<>();
        for (int bucket = 0; bucket < PartitionKeys.UNKEYED_BUCKETS; bucket++) {
            bucketKeys.add(PartitionKeys.forUnkeyedService("Greeter", bucket));
        }
        int checked = 0;
        for (final String[] row : rows("call")) {
            if ("Greeter".equals(row[1])) {
                assertTrue(bucketKeys.contains(InvocationId.parse(row[5]).partitionKey()), describe(row));
                checked++;
            }
        }
        assertTrue(checked >= 30, "service calls: " + checked);
    }

    @Test
    void shouldDerivePlainCallIdsFromTheIdempotencyKeyTheIngressGenerated() {
        int checked = 0;
        for (final String[] row : rows("call")) {
            final String key = "Greeter".equals(row[1]) ? null : text(row[3]);
            final Ulid generated = Ulid.parse(row[8]);
            assertEquals(row[5], InvocationId.forIdempotentRequest(row[1], key, row[2], row[8]).toString(),
                describe(row));
            final long started = Long.parseLong(row[6]);
            final long ended = Long.parseLong(row[7]);
            assertTrue(generated.timestampMillis() >= started && generated.timestampMillis() <= ended,
                describe(row) + ": key " + row[8] + " not stamped within the call " + started + ".." + ended);
            checked++;
        }
        assertTrue(checked >= 100, "plain calls: " + checked);
    }

    @Test
    void shouldDecodeTheAwakeableIdsTheSdkHandedOut() {
        final List<String[]> rows = TestResources.csvRows("reference-awakeables.csv");
        assertTrue(rows.size() >= 5);
        for (final String[] row : rows) {
            final AwakeableId id = AwakeableId.parse(row[0]);
            assertEquals(AwakeableId.Kind.SIGNAL, id.kind());
            assertEquals(17, id.index(), "first awakeable of an invocation uses signal 17");
            assertEquals(InvocationId.parse(row[1]), id.invocationId());
            assertEquals(row[0], AwakeableId.ofSignal(InvocationId.parse(row[1]), 17).toString());
        }
    }

    @Test
    void shouldStampDeploymentIdsWithTheRegistrationTime() {
        for (final String[] row : TestResources.csvRows("reference-deployments.csv")) {
            final DeploymentId id = DeploymentId.parse(row[0]);
            assertEquals(row[0], id.toString());
            final long millis = id.ulid().timestampMillis();
            assertTrue(millis >= Long.parseLong(row[1]) && millis <= Long.parseLong(row[2]), row[0] + " at " + millis);
        }
    }

    @Test
    void shouldRejectBadIdsWithTheReferenceMessages() {
        final List<String[]> rows = TestResources.csvRows("reference-errors.csv");
        assertTrue(rows.size() >= 60);
        for (final String[] row : rows) {
            final String id = text(row[1]);
            final String message = text(row[3]);
            assertEquals("400", row[2], id);
            switch (row[0]) {
                case "invocation" -> assertEquals(message, thrown(() -> InvocationId.parse(id)).getMessage());
                case "awakeable" -> assertEquals(message, thrown(() -> AwakeableId.parse(id)).getMessage());
                case "deployment" -> assertEquals(message.substring(message.lastIndexOf("`: ") + 3),
                    thrown(() -> DeploymentId.parse(id)).reason(), id);
                default -> throw new AssertionError("unknown kind " + row[0]);
            }
        }
    }

    private static IdFormatException thrown(final org.junit.jupiter.api.function.Executable parse) {
        return org.junit.jupiter.api.Assertions.assertThrows(IdFormatException.class, parse);
    }

    private static List<String[]> rows(final String kind) {
        return IDS.stream().filter(row -> row[0].equals(kind)).toList();
    }

    private static String text(final String hex) {
        return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
    }

    private static String describe(final String[] row) {
        final String key = text(row[3]);
        return row[0] + " " + row[1] + "/" + row[2] + " key(" + key.getBytes(StandardCharsets.UTF_8).length
            + " bytes)='" + (key.length() > 30 ? key.substring(0, 30) + "..." : key) + "' idem='" + text(row[4])
            + "' -> " + row[5];
    }
}
