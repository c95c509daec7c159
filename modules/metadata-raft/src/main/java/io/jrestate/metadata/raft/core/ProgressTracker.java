package io.jrestate.metadata.raft.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Progress of every member and the votes of the current election, with the majority arithmetic over the voters
 * of the current configuration. Maps are sorted so every iteration order is deterministic.
 */
final class ProgressTracker {
    private ConfState conf = ConfState.EMPTY;
    private final TreeMap<Long, Progress> progress = new TreeMap<>();
    private final TreeMap<Long, Boolean> votes = new TreeMap<>();

    ConfState conf() {
        return conf;
    }

    /** Installs a configuration, keeping progress of members that stay and starting others at {@code next}. */
    void setConf(final ConfState newConf, final long next) {
        conf = newConf;
        progress.keySet().removeIf(id -> !newConf.isMember(id));
        for (final long id : newConf.voters()) {
            progress.computeIfAbsent(id, k -> new Progress(next));
        }
        for (final long id : newConf.learners()) {
            progress.computeIfAbsent(id, k -> new Progress(next));
        }
    }

    /** Resets every member's progress, as a new leader does. */
    void resetAll(final long next) {
        progress.replaceAll((id, old) -> new Progress(next));
    }

    Progress get(final long id) {
        return progress.get(id);
    }

    Map<Long, Progress> all() {
        return Collections.unmodifiableMap(progress);
    }

    boolean isVoter(final long id) {
        return conf.voters().contains(id);
    }

    int quorum() {
        return conf.voters().size() / 2 + 1;
    }

    /** Raft §5.3/§5.4: the largest index stored on a majority of voters. */
    long committedIndex() {
        final List<Long> matches = new ArrayList<>();
        for (final long voter : conf.voters()) {
            final Progress p = progress.get(voter);
            matches.add(p == null ? 0 : p.match);
        }
        if (matches.isEmpty()) {
            return 0;
        }
        matches.sort(Collections.reverseOrder());
        return matches.get(quorum() - 1);
    }

    void resetVotes() {
        votes.clear();
    }

    void recordVote(final long id, final boolean granted) {
        votes.putIfAbsent(id, granted);
    }

    /** Vote outcome among voters: 1 won, -1 lost, 0 pending. */
    int voteResult() {
        int granted = 0;
        int rejected = 0;
        for (final long voter : conf.voters()) {
            final Boolean vote = votes.get(voter);
            if (vote == null) {
                continue;
            }
            if (vote) {
                granted++;
            } else {
                rejected++;
            }
        }
        if (granted >= quorum()) {
            return 1;
        }
        return conf.voters().size() - rejected < quorum() ? -1 : 0;
    }

    /** Check-quorum: whether a majority of voters was active; clears the flags for the next round. */
    boolean quorumActiveAndReset(final long self) {
        int active = 0;
        for (final long voter : conf.voters()) {
            final Progress p = progress.get(voter);
            if (voter == self || p != null && p.recentActive) {
                active++;
            }
        }
        progress.forEach((id, p) -> p.recentActive = id == self);
        return active >= quorum();
    }

    /** Whether the given set of acknowledging nodes holds a majority of voters. */
    boolean isQuorum(final java.util.Set<Long> acks) {
        int count = 0;
        for (final long voter : conf.voters()) {
            if (acks.contains(voter)) {
                count++;
            }
        }
        return count >= quorum();
    }
}
