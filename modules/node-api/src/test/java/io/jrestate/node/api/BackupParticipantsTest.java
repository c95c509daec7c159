package io.jrestate.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.http.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The backup contract's small rules: a backup file path must stay inside the node directory (relative, no {@code .}
 * or {@code ..} segments) and its data bytes lie within its size; a node context keeps one participant per name,
 * a re-registered name (a restarted service) replacing the earlier one.
 */
class BackupParticipantsTest {
    @Test
    void shouldRefusePathsThatLeaveTheNodeDirectory() {
        for (final String bad : List.of("", "/abs", "a/../b", "..", "a//b", "./a", "a/", "a\\b")) {
            final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new BackupFile(bad, 1, 1), bad);
            assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new BackupFile("a", 1, 2));
        assertEquals(new BackupFile("worker-log/store.id", 28, 28), new BackupFile("store.id", 28, 28)
                .under("worker-log"));
    }

    @Test
    void shouldKeepOneParticipantPerName() {
        final NodeContext context = new NodeContext(ConfigLoader.load(new ConfigSources(Optional.empty(), Map.of(),
                List.of(), "host")).config(), Path.of("/tmp/n"), "1.7.12", new Router(), new Router());
        final BackupParticipant first = participant("worker");
        final BackupParticipant second = participant("metadata-server");
        final BackupParticipant again = participant("worker");
        context.addBackupParticipant(first);
        context.addBackupParticipant(second);
        context.addBackupParticipant(again);
        assertEquals(List.of(second, again), context.backupParticipants());
    }

    private static BackupParticipant participant(final String name) {
        return new BackupParticipant() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletableFuture<BackupCut> capture(final Duration maxHold) {
                return CompletableFuture.failedFuture(new UnsupportedOperationException());
            }
        };
    }
}
