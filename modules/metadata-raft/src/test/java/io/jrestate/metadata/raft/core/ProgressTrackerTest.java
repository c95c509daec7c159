package io.jrestate.metadata.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Compares the tracker's quorum arithmetic with naive definitions over random configurations (etcd's
 * quorum/quick_test idea): the committed index is the largest index stored by a majority of voters, learners
 * never count, and the vote outcome is decided exactly when a majority granted or can no longer grant. The seed
 * is printed and replays with {@code -Dseed=}.
 */
class ProgressTrackerTest {
    @Test
    void shouldAgreeWithTheNaiveQuorumDefinitions() {
        final long seed = Long.getLong("seed", System.nanoTime());
        System.out.println("ProgressTrackerTest seed " + seed + " (replay with -Dseed=" + seed + ")");
        final SplittableRandom random = new SplittableRandom(seed);
        for (int round = 0; round < 2000; round++) {
            final TreeSet<Long> voters = new TreeSet<>();
            final TreeSet<Long> learners = new TreeSet<>();
            final int members = 1 + random.nextInt(7);
            for (long id = 1; id <= members; id++) {
                (random.nextInt(4) == 0 && id > 1 ? learners : voters).add(id);
            }
            final ProgressTracker tracker = new ProgressTracker();
            tracker.setConf(new ConfState(voters, learners), 1);
            tracker.all().values().forEach(p -> p.match = random.nextInt(20));
            assertEquals(naiveCommitted(tracker, voters), tracker.committedIndex(), "seed " + seed);
            final Set<Long> granted = new HashSet<>();
            final Set<Long> rejected = new HashSet<>();
            for (final long id : tracker.all().keySet()) {
                final int roll = random.nextInt(3);
                if (roll == 0) {
                    tracker.recordVote(id, true);
                    granted.add(id);
                } else if (roll == 1) {
                    tracker.recordVote(id, false);
                    rejected.add(id);
                }
            }
            granted.retainAll(voters);
            rejected.retainAll(voters);
            final int majority = voters.size() / 2 + 1;
            final int expected = granted.size() >= majority ? 1 : voters.size() - rejected.size() < majority ? -1 : 0;
            assertEquals(expected, tracker.voteResult(), "seed " + seed);
        }
    }

    private static long naiveCommitted(final ProgressTracker tracker, final Set<Long> voters) {
        long best = 0;
        for (long index = 0; index <= 20; index++) {
            int count = 0;
            for (final long voter : voters) {
                if (tracker.get(voter).match >= index) {
                    count++;
                }
            }
            if (count > voters.size() / 2) {
                best = index;
            }
        }
        return best;
    }
}
