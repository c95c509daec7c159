package io.jrestate.metadata.raft.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The swarm options of one simulation run, all drawn from the seed (VOPR-style swarm testing) unless given with
 * {@code -Dsim.options=key=value,...}. {@link #toString()} prints the same format, so a failure prints a line
 * that replays it.
 *
 * @param nodes processes in the run (1..5)
 * @param initialVoters founding voters (1..nodes); the others start empty and may be added
 * @param lossPercent message loss between nodes (0..20)
 * @param duplicatePercent duplicated node-to-node messages (0..5)
 * @param delayMeanMs mean of the exponential network delay
 * @param partitionMode 0 none, 1 isolate one node, 2 random split, each symmetric or one-way (see below)
 * @param oneWayPartitions whether partitions cut only one direction
 * @param crashPerMille chance per chaos step (every 500 ms) to kill a node
 * @param fsyncErrorPerMille chance per chaos step to arm an fsync failure on a node
 * @param membership whether the run adds, promotes and removes members
 * @param transfers whether the run transfers leadership
 * @param clients client processes (1..3)
 * @param snapshotThreshold applied entries before a node compacts (small, so snapshots ship often)
 * @param safetySeconds simulated seconds with faults before healing
 * @param pausePerMille chance per chaos step to pause a node (no ticks, no processing) for 0.2-3 s
 * @param batchedInbox whether nodes take inputs through an inbox drained in batches (group commit), as the
 *     production runner does, instead of one call per input
 */
public record SimOptions(int nodes, int initialVoters, int lossPercent, int duplicatePercent, int delayMeanMs,
                         int partitionMode, boolean oneWayPartitions, int crashPerMille, int fsyncErrorPerMille,
                         boolean membership, boolean transfers, int clients, int snapshotThreshold,
                         int safetySeconds, int pausePerMille, boolean batchedInbox) {

    /**
     * Draws options from a seed.
     *
     * @param seed the run's seed
     * @return the options
     */
    public static SimOptions swarm(final long seed) {
        final SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
        final int nodes = 1 + r.nextInt(5);
        return new SimOptions(nodes, 1 + r.nextInt(nodes), r.nextInt(21), r.nextInt(6), 1 + r.nextInt(30),
            r.nextInt(3), r.nextBoolean(), r.nextInt(60), r.nextInt(30), r.nextInt(3) > 0, r.nextBoolean(),
            1 + r.nextInt(3), 5 + r.nextInt(60), 20 + r.nextInt(21), r.nextInt(40), r.nextBoolean());
    }

    /**
     * Parses the {@link #toString()} format.
     *
     * @param text {@code key=value,...}
     * @return the options
     */
    public static SimOptions parse(final String text) {
        final Map<String, String> kv = new LinkedHashMap<>();
        for (final String part : text.split(",")) {
            final String[] pair = part.split("=", 2);
            if (pair.length != 2) {
                throw new IllegalArgumentException("sim.options: expected key=value, got '" + part + "'");
            }
            kv.put(pair[0].trim(), pair[1].trim());
        }
        return new SimOptions(i(kv, "nodes"), i(kv, "initialVoters"), i(kv, "lossPercent"), i(kv, "duplicatePercent"),
            i(kv, "delayMeanMs"), i(kv, "partitionMode"), b(kv, "oneWayPartitions"), i(kv, "crashPerMille"),
            i(kv, "fsyncErrorPerMille"), b(kv, "membership"), b(kv, "transfers"), i(kv, "clients"),
            i(kv, "snapshotThreshold"), i(kv, "safetySeconds"), i(kv, "pausePerMille"), b(kv, "batchedInbox"));
    }

    private static int i(final Map<String, String> kv, final String key) {
        final String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("sim.options: missing key '" + key + "'");
        }
        return Integer.parseInt(v);
    }

    private static boolean b(final Map<String, String> kv, final String key) {
        final String v = kv.get(key);
        if (v == null) {
            throw new IllegalArgumentException("sim.options: missing key '" + key + "'");
        }
        return Boolean.parseBoolean(v);
    }

    @Override
    public String toString() {
        return "nodes=" + nodes + ",initialVoters=" + initialVoters + ",lossPercent=" + lossPercent
            + ",duplicatePercent=" + duplicatePercent + ",delayMeanMs=" + delayMeanMs + ",partitionMode="
            + partitionMode + ",oneWayPartitions=" + oneWayPartitions + ",crashPerMille=" + crashPerMille
            + ",fsyncErrorPerMille=" + fsyncErrorPerMille + ",membership=" + membership + ",transfers=" + transfers
            + ",clients=" + clients + ",snapshotThreshold=" + snapshotThreshold + ",safetySeconds=" + safetySeconds
            + ",pausePerMille=" + pausePerMille + ",batchedInbox=" + batchedInbox;
    }
}
