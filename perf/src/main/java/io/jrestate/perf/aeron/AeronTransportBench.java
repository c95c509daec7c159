package io.jrestate.perf.aeron;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Node-to-node messaging benchmark: {@code AeronTransport} against bare Aeron ping-pong, both between two nodes on
 * UDP loopback in this JVM with the same driver configuration and the same idle strategy, in the same run. For
 * 100 B and 4 KiB messages it measures:
 *
 * <ul>
 *   <li>request/response round trips: unmeasured warm-up blocks of at least 20,000 round trips and 3 s per side, then
 *       until a pair of them ran with almost no JIT compilation, then {@code --rounds} blocks of {@code --round-trips}
 *       per side, alternating which side goes first; p50/p99 over all samples, and the median of the per-block p50s and
 *       p99s with the median of the per-pair ratios (the shared VM's load and speed drift, so paired blocks compare
 *       like with like);</li>
 *   <li>the CPU time of the two node threads per round trip (they spin and yield between messages, so this is
 *       mostly the idle strategy's);</li>
 *   <li>one-way messages per second in {@code --windows} paired windows (default {@code 2 x --rounds}) of
 *       {@code --seconds} each (0: skip), after one unmeasured pair.</li>
 * </ul>
 *
 * <p>It prints a Markdown table with the ratio transport / bare for throughput and bare / transport for latency
 * and CPU, so above 1 is better for the transport on every line. Per-block figures go to stderr.
 *
 * <pre>
 *   perf/bin/aeron-bench [--rounds 10] [--seconds 1] [--round-trips 2500] [--windows 20] [--idle-park-us 4000]
 *                        [--sizes 100,4096] [--from node|caller] [--sides bare,transport] [--pin on|off]
 *   --from caller         each request leaves from the bench's thread, which waits for its answer (the hand-off
 *                         real callers make), instead of from the node thread in the previous answer's callback
 *   --sides bare,bare     an A/A run: how far two identical sides differ at the machine's current load
 *   --pin off             leave the node threads to the scheduler (by default node A's thread of each pair runs on
 *                         CPU 0 and node B's on CPU 1, see CpuPinning)
 * </pre>
 */
public final class AeronTransportBench {
    private static final int BLOCK_WARMUP = 200;
    private static final int WARMUP_ROUND_TRIPS_MIN = 20_000;
    private static final long WARMUP_NS = TimeUnit.SECONDS.toNanos(3);
    private static final long WARMUP_MAX_NS = TimeUnit.SECONDS.toNanos(30);
    // Tiny compilations of rarely run code (keep-alive handling) go on for long: "quiet" is at most this much.
    private static final long WARMUP_JIT_QUIET_MS = 20;
    private static int[] sizes = {100, 4096};
    private static String[] sides = {"bare", "transport"};
    private static boolean fromCaller;
    private static int rounds = 10;
    private static long seconds = 1;
    private static int roundTrips = 2_500;
    private static int windows;

    private AeronTransportBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options in the class comment
     * @throws Exception if a run fails
     */
    public static void main(final String[] args) throws Exception {
        parse(args);
        System.err.println(CpuPinning.enabled()
            ? "node threads pinned: node A of each pair to the first allowed CPU, node B to the second"
            : "node threads not pinned");
        final List<String> rows = new ArrayList<>();
        for (final int size : sizes) {
            rows.addAll(measureSize(size, rounds, TimeUnit.SECONDS.toNanos(seconds), roundTrips));
        }
        System.out.println();
        System.out.println("| size | metric | bare Aeron | AeronTransport | ratio |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static void parse(final String[] args) {
        for (int i = 0; i + 1 < args.length; i += 2) {
            final String value = args[i + 1];
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--seconds" -> seconds = Long.parseLong(value);
                case "--round-trips" -> roundTrips = Integer.parseInt(value);
                case "--windows" -> windows = Integer.parseInt(value);
                case "--pin" -> CpuPinning.enable(!"off".equals(value));
                case "--sides" -> sides = value.split(",", 2);
                case "--sizes" -> sizes = Arrays.stream(value.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--from" -> fromCaller = "caller".equals(value);
                case "--idle-park-us" -> BenchNodes.idleParkMaxNs = Long.parseLong(value) * 1_000;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; expected --rounds,"
                    + " --seconds, --round-trips, --windows, --pin, --sides, --sizes, --from or --idle-park-us");
            }
        }
    }

    private static List<String> measureSize(final int size, final int rounds, final long measureNs,
        final int roundTrips) throws Exception {
        final RoundTripRun run = roundTripBlocks(size, rounds, roundTrips);
        final List<String> rows = new ArrayList<>();
        if (measureNs > 0) {
            final double[][] rates = throughputWindows(size, windows > 0 ? windows : rounds * 2, measureNs);
            rows.add(row(size, "messages/s (median of " + rates[0].length + " paired windows; ratio: median of"
                + " per-pair ratios)", median(rates[0]), median(rates[1]), median(rates[2]), "%,.0f"));
        }
        final String what = "round trip" + (fromCaller ? " from a caller thread" : "");
        final long[] bare = BenchResult.sorted(concat(run.bare()));
        final long[] ours = BenchResult.sorted(concat(run.ours()));
        for (final double p : new double[] {0.50, 0.99}) {
            final long b = BenchResult.percentile(bare, p);
            final long o = BenchResult.percentile(ours, p);
            rows.add(row(size, what + " p" + Math.round(p * 100) + " (us)", b / 1e3, o / 1e3, (double) b / o,
                "%,.1f"));
        }
        for (final double p : new double[] {0.50, 0.99}) {
            final double[][] perBlock = perBlockPercentiles(run, rounds, p);
            rows.add(row(size, what + " p" + Math.round(p * 100) + " of each block (us; median of " + rounds
                + " paired blocks; ratio: median of per-pair ratios)", median(perBlock[0]), median(perBlock[1]),
                median(perBlock[2]), "%,.1f"));
        }
        rows.add(row(size, "node threads' CPU per round trip (us)", run.bareCpuNs() / 1e3, run.oursCpuNs() / 1e3,
            (double) run.bareCpuNs() / run.oursCpuNs(), "%,.1f"));
        return rows;
    }

    /**
     * The round trips of both sides, block by block, and the CPU their node threads used per round trip.
     *
     * @param bare the bare blocks
     * @param ours the transport blocks, paired with the bare ones by index
     * @param bareCpuNs CPU time of the bare node threads per round trip
     * @param oursCpuNs CPU time of the transport node threads per round trip
     */
    private record RoundTripRun(List<long[]> bare, List<long[]> ours, long bareCpuNs, long oursCpuNs) {
    }

    /**
     * Round trips with both node pairs kept up: one unmeasured warm-up block per side (so that both run
     * JIT-compiled code), then {@code rounds} blocks per side, alternating which side goes first; each block starts
     * with {@value #BLOCK_WARMUP} unmeasured round trips that wake both node threads from their idle parks.
     */
    private static RoundTripRun roundTripBlocks(final int size, final int rounds, final int roundTrips) {
        final List<long[]> bareRtt = new ArrayList<>();
        final List<long[]> ourRtt = new ArrayList<>();
        final long[] cpuNs = new long[2];
        final RoundTripSide[] pairs = {RoundTripSide.open(sides[0]), RoundTripSide.open(sides[1])};
        try {
            warmUp(size, roundTrips, pairs[0], pairs[1]);
            for (int round = 0; round < rounds; round++) {
                for (int turn = 0; turn < 2; turn++) {
                    final boolean bareTurn = (round + turn) % 2 == 0;
                    final RoundTripSide side = pairs[bareTurn ? 0 : 1];
                    final long startCpuNs = NodeThreads.cpuNs(side.nodeThreadIds());
                    final long[] samples = side.roundTrips(fromCaller, size, BLOCK_WARMUP, roundTrips);
                    cpuNs[bareTurn ? 0 : 1] += NodeThreads.cpuNs(side.nodeThreadIds()) - startCpuNs;
                    (bareTurn ? bareRtt : ourRtt).add(samples);
                }
                System.err.println("size " + size + " round " + round + " bare      " + describe(bareRtt.getLast()));
                System.err.println("size " + size + " round " + round + " transport " + describe(ourRtt.getLast()));
            }
        } finally {
            pairs[0].close();
            pairs[1].close();
        }
        final long perSide = (long) rounds * (BLOCK_WARMUP + roundTrips);
        return new RoundTripRun(bareRtt, ourRtt, cpuNs[0] / perSide, cpuNs[1] / perSide);
    }

    /**
     * Unmeasured round trips on both sides, alternating, for at least {@value #WARMUP_ROUND_TRIPS_MIN} round trips
     * and {@link #WARMUP_NS} per side, and then until a whole pair of blocks ran with at most
     * {@value #WARMUP_JIT_QUIET_MS} ms of JIT compilation (at most
     * {@link #WARMUP_MAX_NS}): the JIT compiles the transport's larger code later than bare Aeron's, rare frames (a
     * keep-alive every second) deoptimize and recompile it, and compiler threads share the two cores with the node
     * threads, so a short warm-up charges compilation to the transport's first blocks.
     */
    private static void warmUp(final int size, final int roundTrips, final RoundTripSide bare,
        final RoundTripSide ours) {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final int block = Math.max(WARMUP_ROUND_TRIPS_MIN, roundTrips);
        final long[] spentNs = new long[2];
        final long startNs = System.nanoTime();
        long compiledMs = -WARMUP_JIT_QUIET_MS - 1;
        while (spentNs[0] < WARMUP_NS || spentNs[1] < WARMUP_NS
            || jit.getTotalCompilationTime() - compiledMs > WARMUP_JIT_QUIET_MS
            && System.nanoTime() - startNs < WARMUP_MAX_NS) {
            compiledMs = jit.getTotalCompilationTime();
            for (int side = 0; side < 2; side++) {
                final long blockStartNs = System.nanoTime();
                // The measured blocks' shape (unmeasured round trips first): a branch the JIT never saw taken in
                // the warm-up would deoptimize the hot path, into which the bench's callback is inlined.
                final long[] samples = (side == 0 ? bare : ours).roundTrips(fromCaller, size, BLOCK_WARMUP, block);
                spentNs[side] += System.nanoTime() - blockStartNs;
                System.err.println("size " + size + " warm-up " + (side == 0 ? "bare     " : "transport") + " "
                    + describe(samples));
            }
        }
        System.err.printf(Locale.ROOT, "size %d warm-up took %.1f s; JIT compilation %s%n", size,
            (System.nanoTime() - startNs) / 1e9, jit.getTotalCompilationTime() - compiledMs <= WARMUP_JIT_QUIET_MS
                ? "quiet in the last pair" : "still running (warm-up maximum reached)");
    }

    /**
     * Throughput in short paired windows with both node pairs kept up, alternating which goes first, so the
     * shared machine's drifting speed hits both sides alike: returns bare rates, transport rates, per-pair ratios.
     */
    private static double[][] throughputWindows(final int size, final int pairs, final long measureNs)
        throws Exception {
        final double[][] out = new double[3][pairs];
        final long warmupNs = TimeUnit.MILLISECONDS.toNanos(300);
        try (BareAeronPingPong bare = new BareAeronPingPong(); TransportPingPong ours = new TransportPingPong()) {
            bare.start(false);
            // One unmeasured pair: the one-way paths (send, dispatch to a message handler) compile here.
            bare.window(size, warmupNs, measureNs);
            ours.window(size, warmupNs, measureNs);
            for (int i = 0; i < pairs; i++) {
                if (i % 2 == 0) {
                    out[0][i] = bare.window(size, warmupNs, measureNs);
                    out[1][i] = ours.window(size, warmupNs, measureNs);
                } else {
                    out[1][i] = ours.window(size, warmupNs, measureNs);
                    out[0][i] = bare.window(size, warmupNs, measureNs);
                }
                out[2][i] = out[1][i] / out[0][i];
                System.err.printf(Locale.ROOT, "size %d pair %d: bare %.0f msg/s, transport %.0f msg/s (%.2f)%n",
                    size, i, out[0][i], out[1][i], out[2][i]);
            }
        }
        return out;
    }

    /**
     * One percentile per block: bare, transport and their ratio (bare / transport) for each pair of blocks. The
     * machine's speed drifts between regimes (a 10 us and a 14 us round trip, with the threads pinned): the
     * median of the per-pair ratios compares blocks run back to back, where the pooled percentile depends on how
     * many of each side's blocks fell in the faster regime.
     */
    private static double[][] perBlockPercentiles(final RoundTripRun run, final int rounds, final double p) {
        final double[][] out = new double[3][rounds];
        for (int i = 0; i < rounds; i++) {
            out[0][i] = BenchResult.percentile(BenchResult.sorted(run.bare().get(i)), p) / 1e3;
            out[1][i] = BenchResult.percentile(BenchResult.sorted(run.ours().get(i)), p) / 1e3;
            out[2][i] = out[0][i] / out[1][i];
        }
        return out;
    }

    static String describe(final long[] samples) {
        final long[] s = BenchResult.sorted(samples);
        int slow = 0;
        for (final long v : s) {
            if (v > 500_000) {
                slow++;
            }
        }
        return String.format(Locale.ROOT, "p50 %.1f p90 %.1f p99 %.1f p99.9 %.1f max %.1f us, >0.5ms %d",
            BenchResult.percentile(s, 0.5) / 1e3, BenchResult.percentile(s, 0.9) / 1e3,
            BenchResult.percentile(s, 0.99) / 1e3, BenchResult.percentile(s, 0.999) / 1e3, s[s.length - 1] / 1e3,
            slow);
    }

    private static String row(final int size, final String metric, final double bare, final double ours,
        final double ratio, final String format) {
        return String.format(Locale.ROOT, "| %d B | %s | " + format + " | " + format + " | %.2f |", size, metric,
            bare, ours, ratio);
    }

    private static long[] concat(final List<long[]> parts) {
        final long[] all = new long[parts.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (final long[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static double median(final double[] values) {
        final double[] copy = values.clone();
        Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
