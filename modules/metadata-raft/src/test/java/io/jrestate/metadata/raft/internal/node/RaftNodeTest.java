package io.jrestate.metadata.raft.internal.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestate.metadata.raft.Precondition;
import io.jrestate.metadata.raft.core.ConfState;
import io.jrestate.metadata.raft.core.Message;
import io.jrestate.metadata.raft.core.MessageType;
import io.jrestate.metadata.raft.core.RaftConfig;
import io.jrestate.metadata.raft.core.StateRole;
import io.jrestate.metadata.raft.internal.storage.MemoryHardStateStore;
import io.jrestate.metadata.raft.internal.storage.MemoryRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.MemorySnapshotStore;
import io.jrestate.metadata.raft.internal.storage.RaftStorage;
import io.jrestate.metadata.raft.internal.store.MetadataStateMachine;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Checks the shell's request bookkeeping on hand-driven nodes: a one-member node answers at once after its
 * restart-time election, a follower redirects, a leader that loses leadership reports its pending writes as
 * outcome-unknown, and a storage failure stops the node without acknowledging anything after it.
 */
class RaftNodeTest {
    private final List<Message> sent = new ArrayList<>();

    private RaftNode open(final long id, final MemoryRaftLogStorage log, final long... voters) throws IOException {
        final RaftStorage storage = new RaftStorage(new MemoryHardStateStore(), new MemorySnapshotStore(), log);
        storage.bootstrapIfEmpty(ConfState.ofVoters(voters), new MetadataStateMachine().snapshot());
        return RaftNode.open(new RaftNode.Options(RaftConfig.defaults(id), 1000, 64), storage, sent::add,
            new SplittableRandom(id), RaftObserver.NONE);
    }

    private static MetadataRequest.Put put(final String key) {
        return new MetadataRequest.Put(key, Precondition.none(), "text/plain", new byte[] {1});
    }

    @Test
    void shouldServeASingleMemberGroupRightAfterOpening() throws IOException {
        final RaftNode node = open(1, new MemoryRaftLogStorage(), 1);
        assertEquals(StateRole.LEADER, node.core().role());
        final List<MetadataResponse> answers = new ArrayList<>();
        node.submit(put("k"), answers::add);
        node.submit(new MetadataRequest.Get("k"), answers::add);
        assertEquals(2, answers.size());
        assertEquals(new MetadataResponse.Ok(null, 1), answers.get(0));
        assertEquals(1, ((MetadataResponse.Ok) answers.get(1)).value().version());
    }

    @Test
    void shouldRedirectRequestsOnAFollower() throws IOException {
        final RaftNode node = open(2, new MemoryRaftLogStorage(), 1, 2, 3);
        node.receive(Message.of(MessageType.HEARTBEAT, 1, 2, 5));
        final List<MetadataResponse> answers = new ArrayList<>();
        node.submit(put("k"), answers::add);
        assertEquals(List.of(new MetadataResponse.NotLeader(1)), answers);
    }

    @Test
    void shouldReportPendingWritesAsOutcomeUnknownWhenLeadershipIsLost() throws IOException {
        final RaftNode node = open(1, new MemoryRaftLogStorage(), 1, 2, 3);
        for (int i = 0; i < 30 && node.core().role() != StateRole.LEADER; i++) {
            node.tick();
            while (!sent.isEmpty()) {
                final Message m = sent.removeFirst();
                if (m.type() == MessageType.PRE_VOTE || m.type() == MessageType.VOTE) {
                    node.receive(Message.of(m.type() == MessageType.PRE_VOTE ? MessageType.PRE_VOTE_RESP
                        : MessageType.VOTE_RESP, m.to(), 1, m.term()));
                }
            }
        }
        assertEquals(StateRole.LEADER, node.core().role());
        final List<MetadataResponse> answers = new ArrayList<>();
        node.submit(put("k"), answers::add);
        assertTrue(answers.isEmpty(), "not committed without a follower's acknowledgement");
        node.receive(Message.of(MessageType.APPEND, 3, 1, node.core().term() + 1));
        assertEquals(1, answers.size());
        assertInstanceOf(MetadataResponse.OutcomeUnknown.class, answers.getFirst());
    }

    @Test
    void shouldStopWithoutAcknowledgingAfterAStorageFailure() throws IOException {
        final MemoryRaftLogStorage log = new MemoryRaftLogStorage();
        final RaftNode node = open(1, log, 1);
        log.setFaults(what -> {
            throw new IOException("injected " + what + " failure");
        });
        final List<MetadataResponse> answers = new ArrayList<>();
        node.submit(put("k"), answers::add);
        assertTrue(node.isFailed());
        assertInstanceOf(MetadataResponse.OutcomeUnknown.class, answers.getFirst());
        node.submit(new MetadataRequest.Get("k"), answers::add);
        assertInstanceOf(MetadataResponse.Busy.class, answers.get(1));
    }
}
