package io.jrestate.metadata.raft.internal.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataOutcomeUnknownException;
import io.jrestate.metadata.raft.MetadataUnavailableException;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.internal.node.MetadataRequest;
import io.jrestate.metadata.raft.internal.node.MetadataResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the client's retry policy against scripted members: it follows leader hints, gives up with a clear
 * {@link MetadataUnavailableException} after the configured attempts, and reports a write whose answer never came
 * as outcome-unknown rather than retrying it.
 */
@Timeout(90)
class RaftMetadataStoreClientTest {
    private static final MetadataClientOptions FAST = new MetadataClientOptions(Duration.ofMillis(200),
        Duration.ofMillis(5), 1.4, 4, Duration.ofMillis(20));

    private record Scripted(long nodeId, Function<MetadataRequest, CompletableFuture<MetadataResponse>> behaviour,
                            List<MetadataRequest> seen) implements MetadataMember {
        Scripted(final long nodeId, final Function<MetadataRequest, CompletableFuture<MetadataResponse>> behaviour) {
            this(nodeId, behaviour, Collections.synchronizedList(new ArrayList<>()));
        }

        @Override
        public CompletableFuture<MetadataResponse> submit(final MetadataRequest request) {
            seen.add(request);
            return behaviour.apply(request);
        }
    }

    @Test
    void shouldFollowTheLeaderHintToTheMemberThatAnswers() throws Exception {
        final Scripted follower = new Scripted(1, r -> CompletableFuture.completedFuture(
            new MetadataResponse.NotLeader(3)));
        final Scripted other = new Scripted(2, r -> CompletableFuture.completedFuture(
            new MetadataResponse.NotLeader(3)));
        final Scripted leader = new Scripted(3, r -> CompletableFuture.completedFuture(
            new MetadataResponse.Ok(null, 5)));
        try (RaftMetadataStoreClient client = new RaftMetadataStoreClient(List.of(follower, other, leader), FAST)) {
            assertEquals(5L, client.put("k", new byte[0], "x", Precondition.none()).get(30, TimeUnit.SECONDS));
        }
        assertEquals(1, follower.seen().size());
        assertEquals(0, other.seen().size(), "the hint skips member 2");
        assertEquals(1, leader.seen().size());
    }

    @Test
    void shouldReportUnavailableWithTheLastReasonWhenNoLeaderAnswers() {
        final Scripted lonely = new Scripted(1, r -> CompletableFuture.completedFuture(
            new MetadataResponse.NotLeader(0)));
        try (RaftMetadataStoreClient client = new RaftMetadataStoreClient(List.of(lonely), FAST)) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.get("nodes_config").get(30, TimeUnit.SECONDS));
            final MetadataUnavailableException error = assertInstanceOf(MetadataUnavailableException.class,
                e.getCause());
            assertTrue(error.getMessage().contains("get of metadata key 'nodes_config'"), error.getMessage());
            assertTrue(error.getMessage().contains("after 4 attempts"), error.getMessage());
            assertTrue(error.getMessage().contains("not leader (known leader: none)"), error.getMessage());
        }
        assertEquals(4, lonely.seen().size());
    }

    @Test
    void shouldReportAWriteWithoutAnswerAsOutcomeUnknownWithoutRetrying() {
        final Scripted silent = new Scripted(1, r -> new CompletableFuture<>());
        try (RaftMetadataStoreClient client = new RaftMetadataStoreClient(List.of(silent), FAST)) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.put("k", new byte[0], "x", Precondition.none()).get(30, TimeUnit.SECONDS));
            assertInstanceOf(MetadataOutcomeUnknownException.class, e.getCause());
        }
        assertEquals(1, silent.seen().size());
    }

    @Test
    void shouldRetryAReadWithoutAnswerUntilTheAttemptsRunOut() {
        final Scripted silent = new Scripted(1, r -> new CompletableFuture<>());
        try (RaftMetadataStoreClient client = new RaftMetadataStoreClient(List.of(silent), FAST)) {
            final ExecutionException e = assertThrows(ExecutionException.class,
                () -> client.get("k").get(30, TimeUnit.SECONDS));
            assertInstanceOf(MetadataUnavailableException.class, e.getCause());
        }
        assertEquals(4, silent.seen().size());
    }
}
