package io.jrestate.config.internal;

import java.util.Collection;
import java.util.Optional;

/** Finds the known key closest to a mistyped one, for "did you mean" hints. */
public final class Suggestions {
    private static final int MIN_ALLOWED_DISTANCE = 3;

    private Suggestions() {
    }

    /**
     * The candidate closest to {@code unknown}: by edit distance of the whole path, or of the last segment when
     * the key is in the wrong table (one extra point for the move).
     *
     * @param unknown the unknown dotted path
     * @param candidates the known paths
     * @return the closest candidate, empty when nothing is close enough to be a likely typo
     */
    public static Optional<String> closest(final String unknown, final Collection<String> candidates) {
        final String unknownLeaf = leaf(unknown);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates) {
            final int whole = distance(unknown, candidate);
            final int moved = distance(unknownLeaf, leaf(candidate)) + 1;
            final int score = Math.min(whole, moved);
            if (score < bestDistance || score == bestDistance && candidate.length() < best.length()) {
                best = candidate;
                bestDistance = score;
            }
        }
        final int allowed = Math.max(MIN_ALLOWED_DISTANCE, unknownLeaf.length() / 3);
        return best != null && bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    private static String leaf(final String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /**
     * The Levenshtein distance between two strings.
     *
     * @param a one string
     * @param b the other
     * @return the number of single-character insertions, deletions and substitutions turning a into b
     */
    public static int distance(final String a, final String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
