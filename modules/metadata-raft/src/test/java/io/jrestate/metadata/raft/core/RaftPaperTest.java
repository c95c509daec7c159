package io.jrestate.metadata.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Tests derived from the Raft paper (Ongaro and Ousterhout, "In Search of an Understandable Consensus
 * Algorithm", extended version) in the manner of etcd's raft_paper_test: each test takes a few sentences of the
 * paper, sets up the smallest group that exercises them with {@link TestCluster}, and checks the core's state and
 * messages. Each test cites its section.
 */
class RaftPaperTest {

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void runUntil(final TestCluster cluster, final BooleanSupplier condition) {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) {
            cluster.processReadies();
            cluster.deliverAll();
        }
        assertTrue(condition.getAsBoolean(), "condition not reached");
    }

    // Raft §5.1: "If one server's current term is smaller than the other's, then it updates its current term to
    // the larger value. If a candidate or leader discovers that its term is out of date, it immediately reverts
    // to follower state."
    @Test
    void shouldStepDownToFollowerWhenAMessageCarriesAHigherTerm() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        final RaftCore leader = cluster.core(1);
        assertEquals(StateRole.LEADER, leader.role());
        final long newTerm = leader.term() + 3;
        leader.step(Message.of(MessageType.APPEND, 2, 1, newTerm).withIndex(0, 0));
        assertEquals(StateRole.FOLLOWER, leader.role());
        assertEquals(newTerm, leader.term());
        assertEquals(2, leader.leaderId());
    }

    // Raft §5.1: "If a server receives a request with a stale term number, it rejects the request."
    @Test
    void shouldRejectAnAppendWithAStaleTermAndTellTheSenderTheCurrentTerm() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        final RaftCore follower = cluster.core(2);
        final long term = follower.term();
        follower.step(Message.of(MessageType.APPEND, 3, 2, term - 1).withIndex(1, 1)
            .withEntries(List.of(new Entry(2, term - 1, EntryType.NORMAL, bytes("stale"))), 2));
        final Ready ready = follower.ready();
        follower.advance(ready);
        assertEquals(1, ready.messages().size());
        assertEquals(MessageType.APPEND_RESP, ready.messages().getFirst().type());
        assertEquals(term, ready.messages().getFirst().term());
        assertTrue(ready.entries().isEmpty(), "stale entries must not be stored");
    }

    // Raft §5.2: "If a follower receives no communication over a period of time called the election timeout,
    // then it assumes there is no viable leader and begins an election" (with pre-vote first, thesis §9.6).
    @Test
    void shouldStartAnElectionAfterTheElectionTimeoutWithAPreVoteRound() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final RaftCore node = cluster.core(1);
        final long term = node.term();
        for (int i = 0; i < 2 * TestCluster.config(1).electionTicks(); i++) {
            node.tick();
        }
        assertEquals(StateRole.PRE_CANDIDATE, node.role());
        assertEquals(term, node.term(), "a pre-vote round must not raise the term");
        final List<Message> sent = cluster.drain();
        assertEquals(Set.of(2L, 3L), new HashSet<>(sent.stream().map(Message::to).toList()));
        sent.forEach(m -> {
            assertEquals(MessageType.PRE_VOTE, m.type());
            assertEquals(term + 1, m.term());
        });
    }

    // Raft §5.2: "A candidate wins an election if it receives votes from a majority of the servers in the full
    // cluster for the same term."
    @Test
    void shouldWinTheElectionWithVotesFromAMajorityEvenWhenOneVoterIsUnreachable() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        cluster.isolate(3);
        cluster.elect(1);
        assertEquals(StateRole.LEADER, cluster.core(1).role());
        assertEquals(1, cluster.core(2).leaderId());
    }

    // Raft §5.2: a candidate without a majority does not become leader.
    @Test
    void shouldNotBecomeLeaderWithoutAMajority() {
        final TestCluster cluster = TestCluster.of(1, 2, 3, 4, 5);
        cluster.cut(1, 2);
        cluster.cut(1, 3);
        cluster.cut(1, 4);
        cluster.elect(1);
        assertTrue(cluster.core(1).role() != StateRole.LEADER);
    }

    // Raft §5.2: "Each server will vote for at most one candidate in a given term, on a first-come-first-served
    // basis." The vote is in the hard state of the Ready that carries the reply (§5.1, Figure 2 persistence).
    @Test
    void shouldVoteOncePerTermAndPersistTheVoteWithTheReply() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final RaftCore voter = cluster.core(3);
        final long term = voter.term() + 1;
        voter.step(Message.of(MessageType.VOTE, 1, 3, term).withIndex(1, 1));
        final Ready first = voter.ready();
        voter.advance(first);
        assertEquals(new HardState(term, 1), first.hardState());
        assertFalse(first.messages().getFirst().reject());
        voter.step(Message.of(MessageType.VOTE, 2, 3, term).withIndex(1, 1));
        final Ready second = voter.ready();
        voter.advance(second);
        assertTrue(second.messages().getFirst().reject(), "a second candidate in the same term is refused");
        voter.step(Message.of(MessageType.VOTE, 1, 3, term).withIndex(1, 1));
        final Ready repeat = voter.ready();
        voter.advance(repeat);
        assertFalse(repeat.messages().getFirst().reject(), "the same candidate may ask again");
    }

    // Raft §5.2: "If the AppendEntries RPC is from another server claiming to be leader and the leader's term is
    // at least as large as the candidate's current term, then the candidate recognizes the leader as legitimate
    // and returns to follower state."
    @Test
    void shouldReturnToFollowerWhenACandidateHearsFromALeaderOfItsTerm() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        cluster.isolate(1);
        cluster.core(1).campaign();
        cluster.processReadies();
        assertEquals(StateRole.PRE_CANDIDATE, cluster.core(1).role());
        final RaftCore candidate = cluster.core(1);
        candidate.step(Message.of(MessageType.APPEND, 2, 1, candidate.term()).withIndex(1, 1));
        assertEquals(StateRole.FOLLOWER, candidate.role());
        assertEquals(2, candidate.leaderId());
    }

    // Raft §5.2: "Raft uses randomized election timeouts ... chosen randomly from a fixed interval."
    @Test
    void shouldSpreadElectionTimeoutsOverOneToTwoElectionTimeouts() {
        final int electionTicks = TestCluster.config(1).electionTicks();
        final Set<Integer> seen = new HashSet<>();
        for (long seed = 0; seed < 50; seed++) {
            final RaftCore core = new RaftCore(TestCluster.config(1), new HardState(1, 0),
                new Snapshot(1, 1, ConfState.ofVoters(1, 2, 3), new byte[0]), List.of(), new SplittableRandom(seed));
            int ticks = 0;
            while (core.role() == StateRole.FOLLOWER && ticks < 10 * electionTicks) {
                core.tick();
                ticks++;
            }
            assertTrue(ticks >= electionTicks && ticks < 2 * electionTicks, "timeout " + ticks + " out of range");
            seen.add(ticks);
        }
        assertTrue(seen.size() > 3, "timeouts must vary with the random generator: " + seen);
    }

    // Raft §5.3: "The leader appends the command to its log as a new entry, then issues AppendEntries RPCs in
    // parallel to each of the other servers ... When the entry has been safely replicated, the leader applies
    // the entry to its state machine."
    @Test
    void shouldReplicateAProposalAndApplyItOnEveryNodeOnceCommitted() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        final long index = cluster.propose(1, "x=1");
        assertTrue(index > 0);
        for (final long id : List.of(1L, 2L, 3L)) {
            assertEquals(List.of("x=1"), cluster.appliedData(id), "node " + id);
            assertEquals(index, cluster.core(id).committed());
        }
    }

    // Raft §5.3: "A log entry is committed once the leader that created the entry has replicated it on a majority
    // of the servers." With both followers cut off nothing commits; one follower is enough.
    @Test
    void shouldCommitOnlyOnceAMajorityStoresTheEntry() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.isolate(1);
        final long index = cluster.propose(1, "x=1");
        assertTrue(cluster.core(1).committed() < index);
        assertTrue(cluster.appliedData(1).isEmpty());
        cluster.heal();
        cluster.cut(1, 3);
        cluster.tickAll(10);
        assertEquals(index, cluster.core(1).committed());
        assertEquals(List.of("x=1"), cluster.appliedData(1));
    }

    // Raft §5.3: "If the follower does not find an entry in its log with the same index and term, then it
    // refuses the new entries."
    @Test
    void shouldRejectAnAppendWhosePreviousEntryDoesNotMatch() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final RaftCore follower = cluster.core(2);
        follower.step(Message.of(MessageType.APPEND, 1, 2, 2).withIndex(5, 2)
            .withEntries(List.of(new Entry(6, 2, EntryType.NORMAL, bytes("a"))), 6));
        final Ready ready = follower.ready();
        follower.advance(ready);
        final Message reply = ready.messages().getFirst();
        assertTrue(reply.reject());
        assertEquals(5, reply.index());
        assertEquals(1, reply.rejectHint(), "the hint points at the follower's last index");
        assertEquals(1, follower.lastIndex());
    }

    // Raft §5.3: "If an existing entry conflicts with a new one (same index but different terms), delete the
    // existing entry and all that follow it."
    @Test
    void shouldReplaceAConflictingSuffixWithTheLeadersEntries() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final RaftCore follower = cluster.core(2);
        follower.step(Message.of(MessageType.APPEND, 1, 2, 2).withIndex(1, 1).withEntries(List.of(
            new Entry(2, 2, EntryType.NORMAL, bytes("a")), new Entry(3, 2, EntryType.NORMAL, bytes("b"))), 0));
        cluster.processReadies();
        cluster.queue.clear();
        follower.step(Message.of(MessageType.APPEND, 3, 2, 3).withIndex(1, 1)
            .withEntries(List.of(new Entry(2, 3, EntryType.NORMAL, bytes("c"))), 0));
        final Ready ready = follower.ready();
        follower.advance(ready);
        assertEquals(List.of(new Entry(2, 3, EntryType.NORMAL, bytes("c"))), ready.entries());
        assertEquals(2, follower.lastIndex());
        assertEquals(3, follower.termAt(2));
    }

    // Raft §5.3: "the leader must find the latest log entry where the two logs agree, delete any entries in the
    // follower's log after that point, and send the follower all of the leader's entries after that point."
    @Test
    void shouldBringADivergedFollowerInLineWithTheLeader() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(2);
        cluster.isolate(2);
        cluster.core(2).propose(bytes("lost-1"));
        cluster.core(2).propose(bytes("lost-2"));
        cluster.processReadies();
        cluster.heal();
        cluster.cut(1, 2);
        cluster.cut(3, 2);
        cluster.expireLease(1, 3);
        cluster.elect(1);
        cluster.propose(1, "kept");
        cluster.heal();
        cluster.tickAll(10);
        assertEquals(cluster.core(1).lastIndex(), cluster.core(2).lastIndex());
        assertEquals(List.of("kept"), cluster.appliedData(2));
        assertEquals(cluster.core(1).entries(2, cluster.core(1).lastIndex()),
            cluster.core(2).entries(2, cluster.core(2).lastIndex()));
    }

    // Raft §5.4.1: "the voter denies its vote if its own log is more up-to-date than that of the candidate."
    @Test
    void shouldDenyTheVoteToACandidateWithALessUpToDateLog() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        final RaftCore voter = cluster.core(2);
        final long term = voter.term() + 1;
        voter.step(Message.of(MessageType.VOTE, 3, 2, term).withIndex(1, 1).withCtx(RaftCore.CAMPAIGN_TRANSFER));
        final Ready ready = voter.ready();
        voter.advance(ready);
        assertTrue(ready.messages().getFirst().reject());
        assertEquals(RaftCore.NONE, voter.votedFor());
    }

    // Raft §5.4.2 (Figure 8): "Raft never commits log entries from previous terms by counting replicas. Only log
    // entries from the leader's current term are committed by counting replicas."
    @Test
    void shouldNotCommitAnEarlierTermsEntryByCountingReplicas() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final Entry old = new Entry(2, 2, EntryType.NORMAL, bytes("from term 2"));
        for (final long id : List.of(1L, 2L)) {
            cluster.node(id).log.add(old);
            cluster.node(id).hardState = new HardState(3, RaftCore.NONE);
        }
        cluster.node(3).hardState = new HardState(3, RaftCore.NONE);
        cluster.nodes.keySet().forEach(cluster::restart);
        cluster.cut(1, 2);
        cluster.core(1).campaign();
        runUntil(cluster, () -> cluster.core(1).role() == StateRole.LEADER);
        cluster.processReadies();
        cluster.queue.clear();
        final RaftCore leader = cluster.core(1);
        assertEquals(4, leader.term());
        leader.step(Message.of(MessageType.APPEND_RESP, 2, 1, 4).withIndex(2, 0));
        cluster.processReadies();
        assertEquals(1, leader.committed(), "index 2 (term 2) is on a majority but must not commit by counting");
        leader.step(Message.of(MessageType.APPEND_RESP, 2, 1, 4).withIndex(3, 0));
        cluster.processReadies();
        assertEquals(3, leader.committed(), "the term-4 entry commits, and with it the earlier one");
    }

    // Raft §5.4.2/§8: a new leader commits entries of earlier terms by committing an empty entry of its own.
    @Test
    void shouldCommitEarlierEntriesThroughTheNewLeadersEmptyEntry() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.core(1).propose(bytes("x"));
        for (final Message m : cluster.drain()) {
            if (m.to() == 2) {
                cluster.core(2).step(m);
            }
        }
        cluster.processReadies();
        cluster.queue.clear();
        assertTrue(cluster.appliedData(2).isEmpty(), "node 2 stores x but does not know it is committed");
        cluster.isolate(1);
        cluster.expireLease(2, 3);
        cluster.elect(2);
        assertEquals(StateRole.LEADER, cluster.core(2).role());
        assertEquals(List.of("x"), cluster.appliedData(2));
        assertEquals(List.of("x"), cluster.appliedData(3));
    }

    // Raft §5.5: "If a follower or candidate crashes, then future RequestVote and AppendEntries RPCs sent to it
    // will fail. Raft handles these failures by retrying indefinitely". A restarted follower catches up.
    @Test
    void shouldCatchUpAFollowerThatRestartsFromItsDurableState() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "a");
        cluster.isolate(3);
        cluster.propose(1, "b");
        cluster.restart(3);
        cluster.heal();
        cluster.tickAll(10);
        assertEquals(List.of("a", "b"), cluster.appliedData(3));
    }

    // Raft §7: "the leader must occasionally send snapshots to followers that lag behind ... when the leader has
    // already discarded the next log entry that it needs to send to a follower."
    @Test
    void shouldInstallASnapshotOnAFollowerBehindTheLeadersCompactedLog() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.isolate(3);
        for (int i = 0; i < 5; i++) {
            cluster.propose(1, "v" + i);
        }
        final RaftCore leader = cluster.core(1);
        final Snapshot snapshot = leader.createSnapshot(leader.applied(), bytes("image"));
        cluster.heal();
        cluster.tickAll(10);
        final TestCluster.Node follower = cluster.node(3);
        assertNotNull(follower.snapshot);
        assertEquals(snapshot.index(), follower.snapshot.index());
        assertEquals("image", new String(follower.snapshot.data(), StandardCharsets.UTF_8));
        assertEquals(leader.committed(), cluster.core(3).committed());
        assertTrue(follower.readies.stream().anyMatch(r -> r.snapshot() != null));
    }

    // Raft §5.2 with check-quorum (thesis §6.2): a leader that cannot reach a majority steps down.
    @Test
    void shouldStepDownWhenTheLeaderLosesContactWithAMajority() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.isolate(1);
        cluster.tick(1, 2 * TestCluster.config(1).electionTicks());
        assertEquals(StateRole.FOLLOWER, cluster.core(1).role());
    }

    // Thesis §9.6 (pre-vote): a node cut off from the group keeps its term, so it cannot disrupt the leader when
    // it comes back.
    @Test
    void shouldKeepThePartitionedNodesTermStableWithPreVote() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        final long term = cluster.core(1).term();
        cluster.isolate(3);
        cluster.tick(3, 10 * TestCluster.config(3).electionTicks());
        assertEquals(term, cluster.core(3).term());
        cluster.heal();
        cluster.tickAll(3);
        assertEquals(StateRole.LEADER, cluster.core(1).role());
        assertEquals(term, cluster.core(1).term());
    }

    // Thesis §3.10: leadership transfer sends TimeoutNow once the target is up to date; the target wins at once.
    @Test
    void shouldHandLeadershipToACaughtUpVoter() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        assertTrue(cluster.core(1).transferLeadership(3));
        cluster.stabilize();
        assertEquals(StateRole.LEADER, cluster.core(3).role());
        assertEquals(StateRole.FOLLOWER, cluster.core(1).role());
        assertEquals(0, cluster.core(1).propose(bytes("refused")), "the old leader refuses proposals");
    }

    // Thesis §6.4: ReadIndex answers only after the leader confirmed with a heartbeat quorum that it still leads.
    @Test
    void shouldAnswerReadIndexOnlyAfterAHeartbeatQuorum() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        final RaftCore leader = cluster.core(1);
        cluster.isolate(1);
        assertTrue(leader.readIndex(77));
        cluster.processReadies();
        assertTrue(cluster.node(1).readStates.isEmpty(), "no quorum confirmed yet");
        cluster.heal();
        leader.readIndex(78);
        cluster.stabilize();
        assertEquals(List.of(new ReadState(77, leader.committed()), new ReadState(78, leader.committed())),
            cluster.node(1).readStates);
    }

    // Thesis §6.4: a follower forwards ReadIndex to the leader and gets the leader's commit index back.
    @Test
    void shouldForwardAFollowersReadIndexToTheLeader() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        assertTrue(cluster.core(2).readIndex(5));
        cluster.stabilize();
        assertEquals(List.of(new ReadState(5, cluster.core(1).committed())), cluster.node(2).readStates);
    }

    // Thesis §4.2.1: a new member joins as a learner, receives the log (by snapshot here: its log is empty) and
    // does not count in quorums until promoted; thesis §4.1: one change at a time.
    @Test
    void shouldAddALearnerThatCatchesUpBeforePromotion() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        cluster.addEmptyNode(4);
        final RaftCore leader = cluster.core(1);
        assertTrue(leader.proposeConfChange(new ConfChange(ConfChange.Kind.ADD_LEARNER, 4)) > 0);
        assertEquals(0, leader.proposeConfChange(new ConfChange(ConfChange.Kind.ADD_VOTER, 4)),
            "a second change waits until the first commits");
        cluster.stabilize();
        cluster.tickAll(3);
        assertTrue(leader.conf().learners().contains(4L));
        assertTrue(leader.isCaughtUp(4));
        assertEquals(List.of("x"), cluster.appliedData(4));
        assertTrue(leader.proposeConfChange(new ConfChange(ConfChange.Kind.ADD_VOTER, 4)) > 0);
        cluster.stabilize();
        assertEquals(Set.of(1L, 2L, 3L, 4L), cluster.core(4).conf().voters());
    }

    // Thesis §4.2.2: a leader removed from the configuration steps down once the change is committed.
    @Test
    void shouldStepDownAfterCommittingItsOwnRemoval() {
        final TestCluster cluster = TestCluster.of(1, 2, 3).elect(1);
        cluster.propose(1, "x");
        assertTrue(cluster.core(1).proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE, 1)) > 0);
        cluster.stabilize();
        assertEquals(StateRole.FOLLOWER, cluster.core(1).role());
        assertEquals(Set.of(2L, 3L), cluster.core(2).conf().voters());
        cluster.tickAll(3 * TestCluster.config(1).electionTicks());
        assertTrue(cluster.core(2).role() == StateRole.LEADER || cluster.core(3).role() == StateRole.LEADER);
    }

    // Thesis §4.1: the last voter cannot be removed.
    @Test
    void shouldRefuseToRemoveTheLastVoter() {
        final TestCluster cluster = TestCluster.of(1).elect(1);
        assertEquals(StateRole.LEADER, cluster.core(1).role());
        cluster.propose(1, "x");
        assertEquals(0, cluster.core(1).proposeConfChange(new ConfChange(ConfChange.Kind.REMOVE, 1)));
    }

    // Figure 2 / Ready contract: a single-member group commits only after the leader's own entry is durable.
    @Test
    void shouldCommitASingleMembersEntryOnlyAfterItIsPersisted() {
        final TestCluster cluster = TestCluster.of(1).elect(1);
        final RaftCore leader = cluster.core(1);
        final long index = leader.propose(bytes("x"));
        final Ready ready = leader.ready();
        assertEquals(index, ready.entries().getLast().index());
        assertTrue(ready.committedEntries().stream().noneMatch(e -> e.index() == index),
            "the entry cannot be committed in the Ready that persists it");
        leader.advance(ready);
        assertEquals(index, leader.committed());
        final Ready next = leader.ready();
        leader.advance(next);
        assertNull(next.hardState());
        assertEquals(index, next.committedEntries().getLast().index());
    }

    // Figure 2 ("respond to RPCs only after updating stable storage") when a host batches several inputs into one
    // Ready: an acknowledgement to an old leader must not leave after a newer leader's entries replaced the
    // acknowledged ones, because the durable log would no longer hold what the acknowledgement promises.
    @Test
    void shouldDropAStaleAcknowledgementWhenANewerLeaderTruncatesInTheSameReady() {
        final TestCluster cluster = TestCluster.of(1, 2, 3);
        final RaftCore follower = cluster.core(2);
        follower.step(Message.of(MessageType.APPEND, 1, 2, 2).withIndex(1, 1).withEntries(List.of(
            new Entry(2, 2, EntryType.NORMAL, bytes("a")), new Entry(3, 2, EntryType.NORMAL, bytes("b"))), 1));
        follower.step(Message.of(MessageType.APPEND, 3, 2, 3).withIndex(1, 1)
            .withEntries(List.of(new Entry(2, 3, EntryType.NORMAL, bytes("c"))), 1));
        final Ready ready = follower.ready();
        follower.advance(ready);
        assertEquals(List.of(new Entry(2, 3, EntryType.NORMAL, bytes("c"))), ready.entries());
        assertTrue(ready.messages().stream().noneMatch(m -> m.term() == 2),
            "the acknowledgement of 3@2 to the term-2 leader must be dropped: " + ready.messages());
        assertEquals(List.of(3L), ready.messages().stream().map(Message::to).toList());
    }
}
