package io.jrestate.aeron.transport.internal;

/** Seeds for randomized tests: {@code -Dseed=N} replays a run, otherwise a fresh seed is drawn and printed. */
final class TestSeeds {
    private TestSeeds() {
    }

    static long seed(final String testName) {
        final String fixed = System.getProperty("seed");
        final long seed = fixed != null ? Long.parseLong(fixed) : System.nanoTime() ^ System.identityHashCode(testName);
        System.out.println(testName + " seed=" + seed + " (replay with -Dseed=" + seed + ")");
        return seed;
    }
}
