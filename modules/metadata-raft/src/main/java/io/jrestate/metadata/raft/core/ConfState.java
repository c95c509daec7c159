package io.jrestate.metadata.raft.core;

import io.jrestate.common.Verify;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A group configuration: the voters (who elect leaders and form quorums) and the learners (who only receive the
 * log). Immutable; the two sets are disjoint and sorted, so iteration order is deterministic.
 *
 * @param voters the voting members
 * @param learners the non-voting members
 */
public record ConfState(SortedSet<Long> voters, SortedSet<Long> learners) {
    /** The configuration of a node that has not yet learned its group's membership. */
    public static final ConfState EMPTY = new ConfState(new TreeSet<>(), new TreeSet<>());

    /** Copies the sets and checks they are disjoint. */
    public ConfState {
        voters = Collections.unmodifiableSortedSet(new TreeSet<>(voters));
        learners = Collections.unmodifiableSortedSet(new TreeSet<>(learners));
        for (final long learner : learners) {
            Verify.argument(!voters.contains(learner), "node " + learner + " is both voter and learner");
        }
    }

    /**
     * A configuration of voters only.
     *
     * @param voterIds the voters
     * @return the configuration
     */
    public static ConfState ofVoters(final long... voterIds) {
        final TreeSet<Long> set = new TreeSet<>();
        for (final long voter : voterIds) {
            Verify.argument(voter >= 1, "voter id must be >= 1, was " + voter);
            set.add(voter);
        }
        return new ConfState(set, new TreeSet<>());
    }

    /**
     * Whether the node is a voter or a learner.
     *
     * @param nodeId the node
     * @return true when it is a member
     */
    public boolean isMember(final long nodeId) {
        return voters.contains(nodeId) || learners.contains(nodeId);
    }

    /**
     * Applies one single-server change and returns the resulting configuration.
     *
     * @param change the change
     * @return the new configuration
     */
    public ConfState apply(final ConfChange change) {
        final TreeSet<Long> newVoters = new TreeSet<>(voters);
        final TreeSet<Long> newLearners = new TreeSet<>(learners);
        final long node = change.nodeId();
        switch (change.kind()) {
            case ADD_VOTER -> {
                newLearners.remove(node);
                newVoters.add(node);
            }
            case ADD_LEARNER -> {
                if (!newVoters.contains(node)) {
                    newLearners.add(node);
                }
            }
            case REMOVE -> {
                newVoters.remove(node);
                newLearners.remove(node);
            }
        }
        return new ConfState(newVoters, newLearners);
    }
}
