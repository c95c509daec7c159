package io.jrestate.metadata.raft.internal.node;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.core.StateRole;
import io.jrestate.metadata.raft.internal.client.MetadataMember;
import io.jrestate.metadata.raft.internal.client.RaftMetadataStoreClient;
import io.jrestate.metadata.raft.internal.storage.MemoryHardStateStore;
import io.jrestate.metadata.raft.internal.storage.MemoryRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.MemorySnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three members on real threads (one {@link RaftNodeRunner} each, messages passed in-process) behind one
 * client: writes go through whoever leads, and when the leader's thread stops the client follows the new leader
 * after the election without the caller noticing more than a delay. Ticks are 20 ms so the test stays short.
 */
@Tag("slow")
@Timeout(60)
class InProcessGroupTest {
    private final RaftNodeRunner[] runners = new RaftNodeRunner[4];
    private final RaftNode[] nodes = new RaftNode[4];

    private void start() throws Exception {
        for (int id = 1; id <= 3; id++) {
            final RaftStorage storage = new RaftStorage(new MemoryHardStateStore(), new MemorySnapshotStore(),
                new MemoryRaftLogStorage());
            storage.bootstrapIfEmpty(ConfState.ofVoters(1, 2, 3), new MetadataStateMachine().snapshot());
            nodes[id] = RaftNode.open(new RaftNode.Options(RaftConfig.defaults(id), 50, 256), storage, m -> {
                final RaftNodeRunner target = runners[(int) m.to()];
                if (target != null) {
                    target.deliver(m);
                }
            }, new SplittableRandom(id), RaftObserver.NONE);
        }
        for (int id = 1; id <= 3; id++) {
            runners[id] = new RaftNodeRunner("test-raft-" + id, nodes[id], Duration.ofMillis(20).toNanos(), 4096);
        }
    }

    @Test
    void shouldKeepServingWritesThroughALeaderChange() throws Exception {
        start();
        final List<MetadataMember> members = new ArrayList<>();
        for (int id = 1; id <= 3; id++) {
            members.add(runners[id]);
        }
        final MetadataClientOptions options = new MetadataClientOptions(Duration.ofSeconds(2), Duration.ofMillis(50),
            1.4, 20, Duration.ofMillis(300));
        try (RaftMetadataStoreClient client = new RaftMetadataStoreClient(members, options)) {
            long version = 0;
            for (int i = 0; i < 20; i++) {
                version = client.put("chain", new byte[] {(byte) i}, "x", version == 0 ? Precondition.doesNotExist()
                    : Precondition.matchesVersion(version)).get(20, TimeUnit.SECONDS);
            }
            final int leader = leaderId();
            runners[leader].close();
            runners[leader] = null;
            for (int i = 20; i < 40; i++) {
                version = client.put("chain", new byte[] {(byte) i}, "x", Precondition.matchesVersion(version))
                    .get(20, TimeUnit.SECONDS);
            }
            assertEquals(40, version);
            assertArrayEquals(new byte[] {39}, client.get("chain").get(20, TimeUnit.SECONDS).orElseThrow().value());
            assertTrue(leaderId() != leader, "another member leads");
        } finally {
            for (final RaftNodeRunner runner : runners) {
                if (runner != null) {
                    runner.close();
                }
            }
        }
    }

    /** Reads roles from the runners' threads' last published state; good enough to pick the leader to stop. */
    private int leaderId() throws InterruptedException {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadlineNs) {
            for (int id = 1; id <= 3; id++) {
                if (runners[id] != null && roleOf(id) == StateRole.LEADER) {
                    return id;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no leader found within 30 s");
    }

    private StateRole roleOf(final int id) {
        final CompletableFuture<StateRole> role = new CompletableFuture<>();
        runners[id].submit(new MetadataRequest.GetVersion("probe")).whenComplete((r, e) ->
            role.complete(r instanceof MetadataResponse.Ok ? StateRole.LEADER : StateRole.FOLLOWER));
        return role.join();
    }
}
