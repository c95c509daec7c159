package io.jrestate.worker.internal.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingress answering retained (completed) invocations from the on-disk store over real HTTP: output and attach
 * by id, by idempotency key, and an idempotent re-submission give the same status, headers and body bytes, and
 * give them again after a restart (the partitions replay their segment logs into empty stores).
 */
@Timeout(60)
class RetainedIngressTest {
    @Test
    void shouldAnswerRetainedInvocationsWithTheSameBytesBeforeAndAfterARestart(@TempDir final Path dir)
            throws Exception {
        final List<String> ids = new ArrayList<>();
        final Map<String, String> before;
        try (RetainedTestNode node = new RetainedTestNode(dir, false)) {
            for (int i = 0; i < 20; i++) {
                final HttpResponse<byte[]> response = node.send("POST", "/Greeter/greet", "n" + i);
                assertEquals(200, response.statusCode());
                ids.add(response.headers().firstValue("x-restate-id").orElseThrow());
            }
            assertEquals(200, node.send("POST", "/Counter/k/add", "5", "idempotency-key", "idem-1").statusCode());
            assertEquals(21, node.retained(), "every completed invocation went to the disk store");
            before = node.retainedAnswers(ids);
            assertEquals("Hello n3", new String(node.send("GET", "/restate/invocation/" + ids.get(3) + "/output",
                    null).body(), java.nio.charset.StandardCharsets.UTF_8));
            assertTrue(before.get("resubmit").contains("idempotency-expires=2"), before.get("resubmit"));
            assertFalse(before.get("output " + ids.get(0)).contains("=null, idempotency-expires=null"));
        }
        try (RetainedTestNode node = new RetainedTestNode(dir, false)) {
            assertEquals(21, node.retained(), "the replay retained them again");
            assertEquals(before, node.retainedAnswers(ids));
        }
    }

    /**
     * Invocations retained before a snapshot (whose log prefix is then trimmed, so only the snapshot can bring them
     * back) and after it (the replayed tail) answer with the same bytes after a restart from the snapshot.
     */
    @Test
    void shouldKeepRetainedInvocationsAcrossARestartFromASnapshotAndTrimmedLog(@TempDir final Path dir)
            throws Exception {
        final List<String> ids = new ArrayList<>();
        final Map<String, String> before;
        try (RetainedTestNode node = new RetainedTestNode(dir, true)) {
            for (int i = 0; i < 20; i++) {
                ids.add(node.greet("n" + i));
            }
            assertEquals(200, node.send("POST", "/Counter/k/add", "5", "idempotency-key", "idem-1").statusCode());
            node.node.partitions.snapshot(List.of(), true).join();
            for (int p = 0; p < RetainedTestNode.PARTITIONS; p++) {
                assertTrue(node.logs.log(p).firstLsn() > 1, "partition " + p + ": log trimmed below the snapshot");
            }
            for (int i = 20; i < 25; i++) {
                ids.add(node.greet("n" + i));
            }
            assertEquals(26, node.retained());
            before = node.retainedAnswers(ids);
        }
        try (RetainedTestNode node = new RetainedTestNode(dir, true)) {
            assertEquals(26, node.retained(), "the snapshot's checkpoint plus the replayed tail");
            assertTrue(node.replayed() < 40, "only the tail after the snapshot replays: " + node.replayed());
            assertEquals(before, node.retainedAnswers(ids));
            assertEquals("Hello n3", new String(node.send("GET", "/restate/invocation/" + ids.get(3) + "/output",
                    null).body(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
