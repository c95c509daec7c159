package io.jrestate.worker.internal.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs partition processors on the real log store (fsynced segment files), closes the store, opens it again and
 * checks that the partitions rebuild their state from the files: counters continue where they stopped and
 * completed side effects do not run again.
 */
@Timeout(60)
class SegmentLogRestartTest {
    private static final int PARTITIONS = 4;

    private static LogStore open(final Path dir) throws Exception {
        return LogStore.open(dir, LogStoreOptions.builder().segmentBytes(4L << 20).build());
    }

    private static PartitionLog[] logs(final LogStore store) {
        final PartitionLog[] logs = new PartitionLog[PARTITIONS];
        for (int p = 0; p < PARTITIONS; p++) {
            logs[p] = new SegmentPartitionLog(store.log(p));
        }
        return logs;
    }

    @Test
    void shouldRebuildPartitionsFromTheSegmentFilesAfterARestart(@TempDir final Path dir) throws Exception {
        try (LogStore store = open(dir); TestNode node = new TestNode(logs(store))) {
            for (int i = 1; i <= 10; i++) {
                assertEquals(Long.toString(i), node.call("Counter", "disk", "add", "1"));
            }
            assertEquals("Hello disk", node.call("Greeter", "", "greet", "disk"));
        }
        try (LogStore store = open(dir); TestNode node = new TestNode(logs(store))) {
            assertEquals("11", node.call("Counter", "disk", "add", "1"));
            assertEquals(1, node.sdk.sideEffects.get());
        }
    }
}
