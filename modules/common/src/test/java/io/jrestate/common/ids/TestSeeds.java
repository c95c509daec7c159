package io.jrestate.common.ids;

import java.util.SplittableRandom;

/** Seeds for randomized tests: {@code -Dseed=N} replays a run; otherwise a fresh seed is drawn and printed. */
final class TestSeeds {
    private TestSeeds() {
    }

    /**
     * Returns a random source for one test and prints its seed so a failure can be replayed.
     *
     * @param testName printed with the seed
     * @return a seeded random source
     */
    static SplittableRandom random(final String testName) {
        final String property = System.getProperty("seed");
        final long seed = property == null || property.isBlank() ? System.nanoTime() : Long.parseLong(property);
        System.out.println(testName + " seed=" + seed + " (replay with -Dseed=" + seed + ")");
        return new SplittableRandom(seed);
    }
}
