package io.jrestate.metadata.raft.sim;

import java.time.Duration;

/**
 * The long-running simulation: runs consecutive seeds for a given time (or a seed range) and prints a summary
 * (seeds per minute, faults injected by kind, operations) as one JSON line plus {@code N passed, N failed}.
 * Each seed runs twice for the first seeds of a run to check the trace hash is stable.
 *
 * <p>Usage (see the module's OVERVIEW.md for the Maven command): {@code --seeds=A..B} and/or {@code --minutes=M}.
 */
public final class SimMain {
    private static final long PROGRESS_EVERY_SEEDS = 10_000;
    private SimMain() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --seeds=A..B}, {@code --minutes=M}
     */
    public static void main(final String[] args) {
        long first = 1;
        long last = Long.MAX_VALUE;
        double minutes = 1;
        for (final String arg : args) {
            if (arg.startsWith("--seeds=")) {
                final String[] range = arg.substring("--seeds=".length()).split("\\.\\.");
                first = Long.parseLong(range[0]);
                last = Long.parseLong(range[1]);
            } else if (arg.startsWith("--minutes=")) {
                minutes = Double.parseDouble(arg.substring("--minutes=".length()));
            } else {
                throw new IllegalArgumentException("unknown argument '" + arg + "' (use --seeds=A..B --minutes=M)");
            }
        }
        final Summary summary = run(first, last, Duration.ofMillis((long) (minutes * 60_000)));
        System.out.println(summary.report());
        if (summary.failed() > 0) {
            System.exit(1);
        }
    }

    /**
     * The result of a batch of seeds.
     *
     * @param passed seeds that passed
     * @param failed seeds that failed
     * @param elapsedMs wall time
     * @param stats the summed counters
     * @param firstFailure the first failure's message, or null
     */
    public record Summary(long passed, long failed, long elapsedMs, SimStats stats, String firstFailure) {
        /** @return the summary block: JSON counters, seeds per minute, and the pass/fail line */
        public String report() {
            final double seedsPerMinute = (passed + failed) * 60_000.0 / Math.max(1, elapsedMs);
            return "simulation summary: " + stats.toJson() + "\nseeds/minute: " + String.format(
                java.util.Locale.ROOT, "%.1f", seedsPerMinute) + ", wall ms: " + elapsedMs + "\n" + passed
                + " passed, " + failed + " failed" + (firstFailure == null ? "" : "\nfirst failure: " + firstFailure);
        }
    }

    /**
     * Runs seeds first..last until the time budget is spent.
     *
     * @param first the first seed
     * @param last the last seed (inclusive)
     * @param budget wall time budget
     * @return the summary
     */
    public static Summary run(final long first, final long last, final Duration budget) {
        final long startMs = System.currentTimeMillis();
        final SimStats total = new SimStats();
        long passed = 0;
        long failed = 0;
        String firstFailure = null;
        for (long seed = first; seed <= last; seed++) {
            if (System.currentTimeMillis() - startMs > budget.toMillis()) {
                break;
            }
            try {
                final Simulator.Result result = new Simulator(seed, SimOptions.swarm(seed)).run();
                if (seed - first < 3) {
                    final long again = new Simulator(seed, SimOptions.swarm(seed)).run().traceHash();
                    if (again != result.traceHash()) {
                        total.inc("traceHashMismatches");
                        throw new AssertionError("seed " + seed + " is not deterministic: trace hash "
                            + result.traceHash() + " then " + again);
                    }
                }
                total.addAll(result.stats());
                passed++;
                if (passed % PROGRESS_EVERY_SEEDS == 0) {
                    System.out.println("progress: seed " + seed + ", " + passed + " passed, " + failed + " failed, "
                        + (System.currentTimeMillis() - startMs) / 1000 + " s");
                }
            } catch (final AssertionError e) {
                failed++;
                System.out.println("FAILED seed " + seed + ": " + e.getMessage());
                if (firstFailure == null) {
                    firstFailure = "seed " + seed + ": " + e.getMessage();
                }
            }
        }
        return new Summary(passed, failed, System.currentTimeMillis() - startMs, total, firstFailure);
    }
}
