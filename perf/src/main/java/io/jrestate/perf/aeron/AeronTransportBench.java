package io.jrestate.perf.aeron;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Node-to-node messaging benchmark: {@code AeronTransport} against bare Aeron ping-pong, both between two nodes on
 * UDP loopback in this JVM with the same driver configuration, in the same run. For 100 B and 4 KiB messages it
 * measures one-way messages per second and request/response round-trip p50/p99, runs each side {@code --rounds}
 * times alternately (the VM's speed drifts), and prints a Markdown table with the ratio transport / bare
 * (throughput ratio above 1 is better; for latency, bare / transport, so above 1 is better too).
 *
 * <pre>
 *   perf/bin/aeron-bench [--rounds 3] [--seconds 3] [--round-trips 20000]
 * </pre>
 */
public final class AeronTransportBench {
    private static final int[] SIZES = {100, 4096};

    private AeronTransportBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args {@code --rounds N}, {@code --seconds S}, {@code --round-trips N}
     * @throws Exception if a run fails
     */
    public static void main(final String[] args) throws Exception {
        int rounds = 3;
        long seconds = 3;
        int roundTrips = 20_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Long.parseLong(args[i + 1]);
                case "--round-trips" -> roundTrips = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                    + "; expected --rounds, --seconds or --round-trips");
            }
        }
        final List<String> rows = new ArrayList<>();
        for (final int size : SIZES) {
            rows.addAll(measureSize(size, rounds, TimeUnit.SECONDS.toNanos(seconds), roundTrips));
        }
        System.out.println();
        System.out.println("| size | metric | bare Aeron | AeronTransport | ratio |");
        System.out.println("|---|---|---|---|---|");
        rows.forEach(System.out::println);
    }

    private static List<String> measureSize(final int size, final int rounds, final long measureNs,
        final int roundTrips) throws Exception {
        final long warmupNs = TimeUnit.SECONDS.toNanos(1);
        final double[] bareRate = new double[rounds];
        final double[] ourRate = new double[rounds];
        final List<long[]> bareRtt = new ArrayList<>();
        final List<long[]> ourRtt = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            // Alternate which side goes first: the shared VM's speed drifts within a run.
            final boolean bareFirst = round % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if (bareFirst == (side == 0)) {
                    try (BareAeronPingPong bare = new BareAeronPingPong()) {
                        bareRtt.add(bare.roundTrips(size, roundTrips / 4, roundTrips));
                    }
                    try (BareAeronPingPong bare = new BareAeronPingPong()) {
                        bareRate[round] = bare.throughput(size, warmupNs, measureNs);
                    }
                } else {
                    try (TransportPingPong ours = new TransportPingPong()) {
                        ourRtt.add(ours.roundTrips(size, roundTrips / 4, roundTrips));
                    }
                    try (TransportPingPong ours = new TransportPingPong()) {
                        ourRate[round] = ours.throughput(size, warmupNs, measureNs);
                    }
                }
            }
            System.err.printf(Locale.ROOT, "size %d round %d: bare %.0f msg/s, transport %.0f msg/s (%.2f)%n", size,
                round, bareRate[round], ourRate[round], ourRate[round] / bareRate[round]);
        }
        final long[] bare = BenchResult.sorted(concat(bareRtt));
        final long[] ours = BenchResult.sorted(concat(ourRtt));
        final double bareMedianRate = median(bareRate);
        final double ourMedianRate = median(ourRate);
        final List<String> rows = new ArrayList<>();
        final double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            ratios[round] = ourRate[round] / bareRate[round];
        }
        rows.add(row(size, "messages/s (median of " + rounds + " rounds; ratio: median of per-round ratios)",
            bareMedianRate, ourMedianRate, median(ratios), "%,.0f"));
        for (final double p : new double[] {0.50, 0.99}) {
            final long b = BenchResult.percentile(bare, p);
            final long o = BenchResult.percentile(ours, p);
            rows.add(row(size, "round trip p" + Math.round(p * 100) + " (us)", b / 1e3, o / 1e3, (double) b / o,
                "%,.1f"));
        }
        return rows;
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
        java.util.Arrays.sort(copy);
        return copy[copy.length / 2];
    }
}
