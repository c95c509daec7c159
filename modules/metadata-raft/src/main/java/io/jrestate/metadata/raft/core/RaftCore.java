package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A pure Raft state machine in the shape of etcd's: the host calls {@link #tick()} at a fixed interval,
 * {@link #step(Message)} for every received message, and, whenever {@link #hasReady()} is true, takes a
 * {@link Ready}, carries it out (persist, send, apply: see {@link Ready}) and returns it with
 * {@link #advance(Ready)}. The core holds no thread, clock, file or socket; its only randomness is the injected
 * {@link RandomGenerator} used to spread election timeouts.
 *
 * <p>It implements leader election with pre-vote and check-quorum (Raft §5.2, thesis §9.6, §6.2), log
 * replication with per-follower flow control (§5.3), the commit rule (§5.4.2), snapshots, install-snapshot and
 * compaction (§7), single-server membership changes with learners (thesis §4.1-4.2; a configuration takes effect
 * as soon as it is in the log), leadership transfer (thesis §3.10) and ReadIndex reads (thesis §6.4).
 *
 * <p>Calls must not interleave a {@link Ready}: between {@link #ready()} and {@link #advance(Ready)} the host may
 * not call any other mutating method. This keeps "persisted before sent" a simple rule: every message in a Ready
 * leaves only after that Ready's state is durable.
 */
public final class RaftCore {
    /** The id meaning "no node". */
    public static final long NONE = 0;
    /** {@link Message#ctx()} of a VOTE that a leadership transfer started: voters ignore their leader lease. */
    static final long CAMPAIGN_TRANSFER = 1;
    private static final int COMMITTED_PER_READY_MAX = 256;
    private static final int DEFERRED_READS_MAX = 1024;
    private static final int SNAPSHOT_RESEND_HEARTBEATS = 3;
    private static final int STALLED_HEARTBEATS_MAX = 2;

    private final RaftConfig config;
    private final long id;
    private final RandomGenerator random;
    private final RaftLog log;
    private final ProgressTracker tracker = new ProgressTracker();
    private final ReadIndexQueue readIndexQueue = new ReadIndexQueue();
    private final List<long[]> deferredReads = new ArrayList<>();
    private final List<Message> outbox = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();

    private long term;
    private long votedFor;
    private long leaderId = NONE;
    private StateRole role = StateRole.FOLLOWER;
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private long leadTransferee = NONE;
    private boolean committedInCurrentTerm;
    private boolean broadcastEntries;
    private boolean broadcastCommit;
    private HardState persistedHardState;
    private Ready outstanding;

    /**
     * Restores a core from what its storage holds.
     *
     * @param config tuning and this node's id
     * @param hardState the persisted term and vote ({@link HardState#EMPTY} for a new node)
     * @param snapshot the latest persisted snapshot, or null when there is none (a node that joins later)
     * @param storedEntries the persisted log entries after the snapshot, in order
     * @param random the only source of randomness (election timeout spread)
     */
    public RaftCore(final RaftConfig config, final HardState hardState, final Snapshot snapshot,
                    final List<Entry> storedEntries, final RandomGenerator random) {
        this.config = config;
        this.id = config.id();
        this.random = random;
        this.log = new RaftLog(snapshot == null ? new Snapshot(0, 0, ConfState.EMPTY, new byte[0]) : snapshot,
            storedEntries);
        Verify.argument(hardState.term() >= log.lastTerm(), "persisted term " + hardState.term()
            + " is below the term " + log.lastTerm() + " of the last stored entry");
        this.term = hardState.term();
        this.votedFor = hardState.votedFor();
        this.persistedHardState = hardState;
        refreshConf();
        becomeFollower(term, NONE);
    }

    // ---------------------------------------------------------------- inputs

    /** Advances logical time by one tick: election timeouts for followers, heartbeats and check-quorum for leaders. */
    public void tick() {
        checkNoOutstandingReady();
        if (role == StateRole.LEADER) {
            tickLeader();
        } else {
            tickElection();
        }
    }

    private void tickElection() {
        electionElapsed++;
        if (promotable() && electionElapsed >= randomizedElectionTimeout) {
            electionElapsed = 0;
            campaign(false);
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        electionElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            // Raft thesis §6.2: a leader that cannot reach a quorum steps down so clients find the real leader.
            if (config.checkQuorum() && !tracker.quorumActiveAndReset(id)) {
                becomeFollower(term, NONE);
                return;
            }
            leadTransferee = NONE;
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            broadcastHeartbeat(readIndexQueue.lastSeq());
        }
    }

    /** Starts an election now (as if the election timeout fired), when this node is a voter and not leader. */
    public void campaign() {
        checkNoOutstandingReady();
        campaign(false);
    }

    /**
     * Handles one message from a peer.
     *
     * @param m the message; messages for another node are a caller bug
     */
    public void step(final Message m) {
        checkNoOutstandingReady();
        Verify.argument(m.to() == id, "message for node " + m.to() + " stepped into node " + id + ": " + m);
        if (!stepTerm(m)) {
            return;
        }
        if (m.type() == MessageType.PRE_VOTE || m.type() == MessageType.VOTE) {
            handleVote(m);
            return;
        }
        switch (role) {
            case LEADER -> stepLeader(m);
            case CANDIDATE, PRE_CANDIDATE -> stepCandidate(m);
            case FOLLOWER -> stepFollower(m);
        }
        checkLeaderRemoved();
    }

    /** Raft §5.1 term rules, with the pre-vote and leader-lease exceptions; returns false to drop the message. */
    private boolean stepTerm(final Message m) {
        if (m.term() > term) {
            final boolean isVote = m.type() == MessageType.PRE_VOTE || m.type() == MessageType.VOTE;
            final boolean inLease = config.checkQuorum() && leaderId != NONE
                && electionElapsed < config.electionTicks();
            if (isVote && inLease && m.ctx() != CAMPAIGN_TRANSFER) {
                // Thesis §4.2.3: while a leader is live, ignore disruptive candidates (e.g. removed members).
                return false;
            }
            if (m.type() == MessageType.PRE_VOTE || m.type() == MessageType.PRE_VOTE_RESP && !m.reject()) {
                return true;
            }
            final boolean fromLeader = m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT
                || m.type() == MessageType.SNAPSHOT;
            becomeFollower(m.term(), fromLeader ? m.from() : NONE);
            return true;
        }
        if (m.term() < term) {
            if (m.type() == MessageType.APPEND || m.type() == MessageType.HEARTBEAT) {
                // Tell a stale leader about the newer term so it steps down (needed with check-quorum/pre-vote).
                send(Message.of(MessageType.APPEND_RESP, id, m.from(), term));
            } else if (m.type() == MessageType.PRE_VOTE) {
                send(Message.of(MessageType.PRE_VOTE_RESP, id, m.from(), term).withReject(true, 0));
            }
            return false;
        }
        return true;
    }

    private void handleVote(final Message m) {
        final boolean preVote = m.type() == MessageType.PRE_VOTE;
        final MessageType respType = preVote ? MessageType.PRE_VOTE_RESP : MessageType.VOTE_RESP;
        final boolean canVote = votedFor == m.from() || votedFor == NONE && leaderId == NONE
            || preVote && m.term() > term;
        // Raft §5.2 one vote per term, §5.4.1 election restriction (candidate's log at least as up to date).
        if (canVote && log.isUpToDate(m.index(), m.logTerm())) {
            send(Message.of(respType, id, m.from(), m.term()));
            if (!preVote) {
                electionElapsed = 0;
                votedFor = m.from();
            }
        } else {
            send(Message.of(respType, id, m.from(), term).withReject(true, 0));
        }
    }

    private void stepFollower(final Message m) {
        switch (m.type()) {
            case APPEND -> {
                followLeader(m.from());
                handleAppend(m);
            }
            case HEARTBEAT -> {
                followLeader(m.from());
                handleHeartbeat(m);
            }
            case SNAPSHOT -> {
                followLeader(m.from());
                handleSnapshot(m);
            }
            case TIMEOUT_NOW -> {
                if (promotable()) {
                    campaign(true);
                }
            }
            case READ_INDEX_RESP -> readStates.add(new ReadState(m.ctx(), m.index()));
            default -> {
                // Votes are handled earlier; responses meant for other roles are stale and dropped.
            }
        }
    }

    private void followLeader(final long leader) {
        electionElapsed = 0;
        leaderId = leader;
    }

    private void stepCandidate(final Message m) {
        switch (m.type()) {
            case APPEND, HEARTBEAT, SNAPSHOT -> {
                // Raft §5.2: a candidate that hears from a leader of its term returns to follower.
                becomeFollower(term, m.from());
                stepFollower(m);
            }
            case PRE_VOTE_RESP, VOTE_RESP -> {
                final boolean expected = role == StateRole.PRE_CANDIDATE
                    ? m.type() == MessageType.PRE_VOTE_RESP : m.type() == MessageType.VOTE_RESP;
                if (expected) {
                    countVote(m.from(), !m.reject());
                }
            }
            default -> {
                // Nothing else concerns a candidate.
            }
        }
    }

    private void countVote(final long from, final boolean granted) {
        tracker.recordVote(from, granted);
        final int result = tracker.voteResult();
        if (result > 0) {
            if (role == StateRole.PRE_CANDIDATE) {
                startElection(false);
            } else {
                becomeLeader();
            }
        } else if (result < 0) {
            becomeFollower(term, NONE);
        }
    }

    private void stepLeader(final Message m) {
        final Progress pr = tracker.get(m.from());
        switch (m.type()) {
            case APPEND_RESP -> {
                if (pr != null) {
                    pr.recentActive = true;
                    handleAppendResponse(m, pr);
                }
            }
            case HEARTBEAT_RESP -> {
                if (pr != null) {
                    pr.recentActive = true;
                    handleHeartbeatResponse(m, pr);
                }
            }
            case READ_INDEX -> handleReadIndexRequest(m.from(), m.ctx());
            default -> {
                // Vote responses arriving after winning, and similar stale answers, are dropped.
            }
        }
    }

    // ---------------------------------------------------------------- roles

    private void reset(final long newTerm) {
        if (newTerm != term) {
            term = newTerm;
            votedFor = NONE;
            // Messages of older terms still waiting in this Ready would leave after the new term's state is
            // persisted, and may promise what that state no longer holds: an acknowledgement of entries a newer
            // leader has just truncated. Dropping them is always safe (the network may lose any message).
            outbox.removeIf(m -> m.term() < newTerm);
        }
        leaderId = NONE;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
        leadTransferee = NONE;
        committedInCurrentTerm = false;
        broadcastEntries = false;
        broadcastCommit = false;
        tracker.resetVotes();
        tracker.resetAll(log.lastIndex() + 1);
        readIndexQueue.clear();
        deferredReads.clear();
    }

    private void becomeFollower(final long newTerm, final long leader) {
        reset(newTerm);
        leaderId = leader;
        role = StateRole.FOLLOWER;
    }

    private void campaign(final boolean transfer) {
        if (role == StateRole.LEADER || !promotable()) {
            return;
        }
        if (config.preVote() && !transfer) {
            // Thesis §9.6: ask first whether an election could be won, without raising the term.
            role = StateRole.PRE_CANDIDATE;
            leaderId = NONE;
            tracker.resetVotes();
            randomizedElectionTimeout = config.electionTicks() + random.nextInt(config.electionTicks());
            requestVotes(MessageType.PRE_VOTE, term + 1, false);
            return;
        }
        startElection(transfer);
    }

    private void startElection(final boolean transfer) {
        reset(term + 1);
        role = StateRole.CANDIDATE;
        votedFor = id;
        requestVotes(MessageType.VOTE, term, transfer);
    }

    private void requestVotes(final MessageType type, final long voteTerm, final boolean transfer) {
        tracker.recordVote(id, true);
        if (tracker.voteResult() > 0) {
            if (type == MessageType.PRE_VOTE) {
                startElection(transfer);
            } else {
                becomeLeader();
            }
            return;
        }
        for (final long voter : tracker.conf().voters()) {
            if (voter != id) {
                send(Message.of(type, id, voter, voteTerm).withIndex(log.lastIndex(), log.lastTerm())
                    .withCtx(transfer ? CAMPAIGN_TRANSFER : 0));
            }
        }
    }

    private void becomeLeader() {
        reset(term);
        role = StateRole.LEADER;
        leaderId = id;
        final Progress self = tracker.get(id);
        if (self != null) {
            self.match = log.stableIndex();
            self.becomeReplicate();
            self.recentActive = true;
        }
        // Raft §5.4.2/§8: commit entries of earlier terms by committing an empty entry of this term.
        log.appendAsLeader(new Entry(log.lastIndex() + 1, term, EntryType.EMPTY, new byte[0]));
        broadcastEntries = true;
    }

    /**
     * Whether this node may campaign: it is a voter, or the only change that removed it is not yet committed as
     * far as it knows. The latter lets a leader that stepped down before its own removal committed win again
     * with the votes of the new configuration and finish the change (thesis §4.2.2); without it a group whose
     * most up-to-date node is that ex-leader could never elect anyone.
     */
    private boolean promotable() {
        if (tracker.isVoter(id)) {
            return true;
        }
        final long confIndex = log.latestConfIndex();
        return confIndex > log.committed() && log.confAt(confIndex - 1).voters().contains(id);
    }

    /** Thesis §4.2.2: a leader removed from the configuration steps down once that configuration commits. */
    private void checkLeaderRemoved() {
        if (role == StateRole.LEADER && !tracker.isVoter(id) && log.committed() >= log.latestConfIndex()) {
            becomeFollower(term, NONE);
        }
    }

    private void refreshConf() {
        if (!log.takeConfDirty()) {
            return;
        }
        final ConfState conf = log.confAt(log.lastIndex());
        if (conf.equals(tracker.conf())) {
            return;
        }
        tracker.setConf(conf, log.lastIndex() + 1);
        if (leadTransferee != NONE && !conf.voters().contains(leadTransferee)) {
            leadTransferee = NONE;
        }
        if (role == StateRole.LEADER) {
            final Progress self = tracker.get(id);
            if (self != null) {
                self.match = log.stableIndex();
            }
            if (maybeCommit()) {
                broadcastCommit = true;
            }
        }
    }

    // ---------------------------------------------------------------- follower side of replication

    private void handleAppend(final Message m) {
        if (m.index() < log.committed()) {
            send(Message.of(MessageType.APPEND_RESP, id, m.from(), term).withIndex(log.committed(), 0));
            return;
        }
        final long lastNew = log.maybeAppend(m.index(), m.logTerm(), m.entries());
        if (lastNew >= 0) {
            log.commitTo(Math.min(m.commit(), lastNew));
            refreshConf();
            send(Message.of(MessageType.APPEND_RESP, id, m.from(), term).withIndex(lastNew, 0));
        } else {
            final long hint = log.findConflictByTerm(Math.min(m.index(), log.lastIndex()), m.logTerm());
            send(Message.of(MessageType.APPEND_RESP, id, m.from(), term).withIndex(m.index(), 0)
                .withReject(true, hint));
        }
    }

    private void handleHeartbeat(final Message m) {
        // The leader sends min(match, commit), so this never commits past the prefix that matches its log.
        log.commitTo(m.commit());
        send(Message.of(MessageType.HEARTBEAT_RESP, id, m.from(), term).withCtx(m.ctx()));
    }

    private void handleSnapshot(final Message m) {
        final Snapshot snapshot = m.snapshot();
        if (snapshot.index() <= log.committed()) {
            send(Message.of(MessageType.APPEND_RESP, id, m.from(), term).withIndex(log.committed(), 0));
            return;
        }
        if (log.matchTerm(snapshot.index(), snapshot.term())) {
            // Raft §7: the log already holds the snapshot's last entry; keep the suffix, just commit.
            log.commitTo(snapshot.index());
        } else {
            log.restore(snapshot);
            refreshConf();
        }
        send(Message.of(MessageType.APPEND_RESP, id, m.from(), term).withIndex(snapshot.index(), 0));
    }

    // ---------------------------------------------------------------- leader side of replication

    private void handleAppendResponse(final Message m, final Progress pr) {
        if (m.reject()) {
            if (pr.maybeDecrease(m.index(), m.rejectHint())) {
                sendAppend(m.from(), true);
            }
            return;
        }
        if (!pr.maybeUpdate(m.index())) {
            return;
        }
        if (pr.state == Progress.State.PROBE
            || pr.state == Progress.State.SNAPSHOT && pr.match >= pr.pendingSnapshot) {
            pr.becomeReplicate();
        }
        if (maybeCommit()) {
            broadcastCommit = true;
        } else {
            while (sendAppend(m.from(), false)) {
                // Fill the follower's inflight window while entries remain.
            }
        }
        if (m.from() == leadTransferee && pr.match == log.lastIndex()) {
            send(Message.of(MessageType.TIMEOUT_NOW, id, m.from(), term));
        }
        checkLeaderRemoved();
    }

    private void handleHeartbeatResponse(final Message m, final Progress pr) {
        pr.probeSent = false;
        if (pr.state == Progress.State.SNAPSHOT && ++pr.snapshotWaitHeartbeats >= SNAPSHOT_RESEND_HEARTBEATS) {
            // The snapshot or its answer was probably lost: probe again, which resends it if still needed.
            pr.becomeProbe();
        }
        if (pr.state == Progress.State.REPLICATE && pr.match < log.lastIndex()
            && ++pr.stalledHeartbeats >= STALLED_HEARTBEATS_MAX) {
            // Appends sent optimistically were lost (no answer across heartbeats): fall back to probing.
            pr.becomeProbe();
        }
        if (pr.match < log.lastIndex()) {
            sendAppend(m.from(), pr.state == Progress.State.PROBE);
        }
        if (m.ctx() != 0) {
            for (final ReadIndexQueue.Pending done : readIndexQueue.ack(m.from(), m.ctx(), tracker)) {
                answerRead(done.from(), done.requestCtx(), done.index());
            }
        }
    }

    /** Sends the next append (or the snapshot) to {@code to}; returns whether something was sent. */
    private boolean sendAppend(final long to, final boolean sendIfEmpty) {
        final Progress pr = tracker.get(to);
        if (pr == null || to == id || pr.isPaused(config.inflightMessagesMax())) {
            return false;
        }
        final long prevIndex = pr.next - 1;
        final long prevTerm = log.termAt(prevIndex);
        if (prevTerm < 0) {
            sendSnapshot(to, pr);
            return true;
        }
        final List<Entry> entries = log.slice(pr.next, log.lastIndex(), config.entriesPerMessageMax());
        if (entries.isEmpty() && !sendIfEmpty) {
            return false;
        }
        send(Message.of(MessageType.APPEND, id, to, term).withIndex(prevIndex, prevTerm)
            .withEntries(entries, log.committed()));
        pr.sentAppend(entries.isEmpty() ? prevIndex : entries.getLast().index(), !entries.isEmpty());
        return true;
    }

    private void sendSnapshot(final long to, final Progress pr) {
        final Snapshot snapshot = log.snapshot();
        send(Message.of(MessageType.SNAPSHOT, id, to, term).withSnapshot(snapshot));
        pr.becomeSnapshot(snapshot.index());
    }

    private void broadcastAppend(final boolean sendIfEmpty) {
        for (final long member : tracker.all().keySet()) {
            if (member != id) {
                sendAppend(member, sendIfEmpty);
            }
        }
    }

    private void broadcastHeartbeat(final long readSeq) {
        for (final var member : tracker.all().entrySet()) {
            if (member.getKey() != id) {
                final long commit = Math.min(member.getValue().match, log.committed());
                send(Message.of(MessageType.HEARTBEAT, id, member.getKey(), term).withEntries(List.of(), commit)
                    .withCtx(readSeq));
            }
        }
    }

    /** Raft §5.3, §5.4.2: advance the commit index to what a majority stores, if that entry is of this term. */
    private boolean maybeCommit() {
        final long index = tracker.committedIndex();
        if (index <= log.committed() || log.termAt(index) != term) {
            return false;
        }
        log.commitTo(index);
        if (!committedInCurrentTerm) {
            committedInCurrentTerm = true;
            final List<long[]> reads = List.copyOf(deferredReads);
            deferredReads.clear();
            for (final long[] read : reads) {
                handleReadIndexRequest(read[0], read[1]);
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- reads

    /**
     * Asks for a linearizable read point (thesis §6.4). The answer arrives as a {@link ReadState} in a later
     * {@link Ready}; it may never arrive (leader lost), so callers time out and retry.
     *
     * @param requestCtx the caller's tag, echoed in the {@link ReadState}
     * @return false when no leader is known or the leader's queue is full (retry later)
     */
    public boolean readIndex(final long requestCtx) {
        checkNoOutstandingReady();
        if (role == StateRole.LEADER) {
            return handleReadIndexRequest(id, requestCtx);
        }
        if (leaderId == NONE) {
            return false;
        }
        send(Message.of(MessageType.READ_INDEX, id, leaderId, term).withCtx(requestCtx));
        return true;
    }

    private boolean handleReadIndexRequest(final long from, final long requestCtx) {
        if (!committedInCurrentTerm) {
            // The commit index is only known to be current once an entry of this term committed (thesis §6.4).
            if (deferredReads.size() >= DEFERRED_READS_MAX) {
                return false;
            }
            deferredReads.add(new long[] {from, requestCtx});
            return true;
        }
        if (tracker.conf().voters().size() == 1) {
            answerRead(from, requestCtx, log.committed());
            return true;
        }
        final long seq = readIndexQueue.add(requestCtx, from, log.committed(), id);
        if (seq == 0) {
            return false;
        }
        broadcastHeartbeat(seq);
        return true;
    }

    private void answerRead(final long from, final long requestCtx, final long index) {
        if (from == id) {
            readStates.add(new ReadState(requestCtx, index));
        } else {
            send(Message.of(MessageType.READ_INDEX_RESP, id, from, term).withIndex(index, 0).withCtx(requestCtx));
        }
    }

    // ---------------------------------------------------------------- proposals and administration

    /**
     * Appends an application command to the leader's log.
     *
     * @param data the command
     * @return the log index the command got, or 0 when refused (not leader, transferring leadership, or too many
     *     uncommitted entries); a returned index is committed only if the entry at that index later applies with
     *     this term
     */
    public long propose(final byte[] data) {
        checkNoOutstandingReady();
        if (!acceptsProposals()) {
            return 0;
        }
        return appendAsLeader(EntryType.NORMAL, data);
    }

    private boolean acceptsProposals() {
        return role == StateRole.LEADER && leadTransferee == NONE
            && log.lastIndex() - log.committed() < config.uncommittedEntriesMax();
    }

    private long appendAsLeader(final EntryType type, final byte[] data) {
        final long index = log.lastIndex() + 1;
        log.appendAsLeader(new Entry(index, term, type, data));
        broadcastEntries = true;
        return index;
    }

    /**
     * Proposes one membership change. Thesis §4.1: only one change at a time, and only once the leader committed
     * an entry of its own term (the fix for the single-server change bug found after the thesis).
     *
     * @param change the change
     * @return the entry's index, or 0 when refused (not leader, a change pending, or the change is invalid for the
     *     current configuration, such as removing the last voter or adding an existing member)
     */
    public long proposeConfChange(final ConfChange change) {
        checkNoOutstandingReady();
        if (!acceptsProposals() || !committedInCurrentTerm || log.latestConfIndex() > log.committed()) {
            return 0;
        }
        final ConfState conf = tracker.conf();
        final long node = change.nodeId();
        final boolean valid = switch (change.kind()) {
            case ADD_VOTER -> !conf.voters().contains(node);
            case ADD_LEARNER -> !conf.isMember(node);
            case REMOVE -> conf.isMember(node) && !(conf.voters().size() == 1 && conf.voters().contains(node));
        };
        if (!valid) {
            return 0;
        }
        final long index = appendAsLeader(EntryType.CONF_CHANGE, change.encode());
        refreshConf();
        return index;
    }

    /**
     * Starts handing leadership to {@code target} (thesis §3.10): proposals are refused until it finishes or
     * an election timeout passes.
     *
     * @param target a voter other than this node
     * @return false when this node is not leader or the target is not another voter
     */
    public boolean transferLeadership(final long target) {
        checkNoOutstandingReady();
        if (role != StateRole.LEADER || target == id || !tracker.isVoter(target)) {
            return false;
        }
        if (leadTransferee == target) {
            return true;
        }
        leadTransferee = target;
        electionElapsed = 0;
        final Progress pr = tracker.get(target);
        if (pr.match == log.lastIndex()) {
            send(Message.of(MessageType.TIMEOUT_NOW, id, target, term));
        } else {
            sendAppend(target, true);
        }
        return true;
    }

    /**
     * Replaces the applied log prefix up to {@code index} by a snapshot of the state machine (Raft §7). The host
     * persists the returned snapshot, then may drop stored entries up to {@code index}.
     *
     * @param index an applied index above the current snapshot's
     * @param data the state machine image as of {@code index}
     * @return the snapshot, with the term and configuration at {@code index}
     */
    public Snapshot createSnapshot(final long index, final byte[] data) {
        checkNoOutstandingReady();
        Verify.argument(index > log.snapshot().index() && index <= log.applied(), "snapshot index " + index
            + " must be above " + log.snapshot().index() + " and at most the applied index " + log.applied());
        final Snapshot snapshot = new Snapshot(index, log.termAt(index), log.confAt(index), data);
        log.compact(snapshot);
        return snapshot;
    }

    // ---------------------------------------------------------------- ready / advance

    /**
     * Whether {@link #ready()} has anything to do.
     *
     * @return true when state to persist, messages, committed entries or read states are waiting
     */
    public boolean hasReady() {
        return outstanding == null && (role == StateRole.LEADER && (broadcastEntries || broadcastCommit)
            || !currentHardState().equals(persistedHardState) || log.hasUnstable() || !outbox.isEmpty()
            || log.hasCommittedToApply() || !readStates.isEmpty());
    }

    /**
     * Collects what the host must do; see {@link Ready} for the order. Must be followed by {@link #advance(Ready)}
     * before any other call.
     *
     * @return the work
     */
    public Ready ready() {
        checkNoOutstandingReady();
        if (role == StateRole.LEADER && (broadcastEntries || broadcastCommit)) {
            broadcastAppend(broadcastCommit);
        }
        broadcastEntries = false;
        broadcastCommit = false;
        final HardState hardState = currentHardState();
        final Ready ready = new Ready(hardState.equals(persistedHardState) ? null : hardState,
            log.unstableSnapshot(), log.unstableEntries(), outbox, log.committedToApply(COMMITTED_PER_READY_MAX),
            readStates);
        outbox.clear();
        readStates.clear();
        outstanding = ready;
        return ready;
    }

    /**
     * Tells the core the host carried out {@code ready}: its state is durable, its messages sent, its entries and
     * snapshot applied.
     *
     * @param ready the object {@link #ready()} returned
     */
    public void advance(final Ready ready) {
        Verify.argument(ready == outstanding, "advance() must get the Ready that the last ready() returned");
        outstanding = null;
        if (ready.hardState() != null) {
            persistedHardState = ready.hardState();
        }
        log.markStable(ready.snapshot(), ready.entries());
        if (ready.snapshot() != null) {
            log.appliedTo(ready.snapshot().index());
        }
        if (!ready.committedEntries().isEmpty()) {
            log.appliedTo(ready.committedEntries().getLast().index());
        }
        if (role == StateRole.LEADER) {
            // The leader counts its own copy only once it is durable.
            if (tracker.get(id) != null && tracker.get(id).maybeUpdate(log.stableIndex()) && maybeCommit()) {
                broadcastCommit = true;
            }
            checkLeaderRemoved();
        }
    }

    private HardState currentHardState() {
        return new HardState(term, votedFor);
    }

    private void checkNoOutstandingReady() {
        Verify.that(outstanding == null, "node " + id + ": call advance() before using the core again");
    }

    private void send(final Message m) {
        outbox.add(m);
    }

    // ---------------------------------------------------------------- observation (hosts, tests, checkers)

    /** @return this node's id */
    public long id() {
        return id;
    }

    /** @return the current term */
    public long term() {
        return term;
    }

    /** @return the vote cast in the current term, or {@link #NONE} */
    public long votedFor() {
        return votedFor;
    }

    /** @return the current role */
    public StateRole role() {
        return role;
    }

    /** @return the known leader of the current term, or {@link #NONE} */
    public long leaderId() {
        return leaderId;
    }

    /** @return the commit index known to this node */
    public long committed() {
        return log.committed();
    }

    /** @return the index of the last entry the host applied */
    public long applied() {
        return log.applied();
    }

    /** @return the index of the last log entry */
    public long lastIndex() {
        return log.lastIndex();
    }

    /** @return the term of the last log entry (the snapshot's when the log is empty) */
    public long lastTerm() {
        return log.lastTerm();
    }

    /** @return the latest snapshot (the initial empty one at index 0 when there is none) */
    public Snapshot snapshot() {
        return log.snapshot();
    }

    /** @return the configuration in effect: the latest one in the log */
    public ConfState conf() {
        return tracker.conf();
    }

    /** @return the voter leadership is being handed to, or {@link #NONE} */
    public long leadTransferee() {
        return leadTransferee;
    }

    /**
     * The term of the entry at {@code index}.
     *
     * @param index a log index
     * @return its term, or -1 when compacted away or beyond the end
     */
    public long termAt(final long index) {
        return log.termAt(index);
    }

    /**
     * Entries in [from, to] (clamped to the log), for hosts and checkers.
     *
     * @param from first index, at least {@link #snapshot()}{@code .index() + 1}
     * @param to last index
     * @return the entries
     */
    public List<Entry> entries(final long from, final long to) {
        return log.slice(from, to, Integer.MAX_VALUE);
    }

    /**
     * On a leader, whether {@code nodeId}'s log has caught up with the commit index (a learner ready to be
     * promoted, thesis §4.2.1).
     *
     * @param nodeId a member
     * @return true when this node leads and the member's match index reached the commit index
     */
    public boolean isCaughtUp(final long nodeId) {
        final Progress pr = tracker.get(nodeId);
        return role == StateRole.LEADER && pr != null && pr.match >= log.committed();
    }
}
