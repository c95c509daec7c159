package io.jrestate.perf.aeron;

/** One side of the round-trip comparison: a pair of nodes that plays ping-pong blocks on request. */
interface RoundTripSide extends AutoCloseable {
    /**
     * Plays {@code warmup + count} round trips, one request outstanding, and returns the last {@code count}.
     *
     * @param size the message size in bytes
     * @param warmup round trips not recorded
     * @param count round trips recorded
     * @return the round-trip times in nanoseconds, in order
     */
    long[] roundTrips(int size, int warmup, int count);

    /**
     * Like {@link #roundTrips}, but each request leaves from the calling thread, which then waits for its answer:
     * the hand-off from a caller to the node thread and back is part of every round trip.
     *
     * @param size the message size in bytes
     * @param warmup round trips not recorded
     * @param count round trips recorded
     * @return the round-trip times in nanoseconds, in order
     */
    long[] callerRoundTrips(int size, int warmup, int count);

    /**
     * Round trips from the node thread or from the calling thread.
     *
     * @param fromCaller whether requests leave from the calling thread
     * @param size the message size in bytes
     * @param warmup round trips not recorded
     * @param count round trips recorded
     * @return the round-trip times in nanoseconds, in order
     */
    default long[] roundTrips(final boolean fromCaller, final int size, final int warmup, final int count) {
        return fromCaller ? callerRoundTrips(size, warmup, count) : roundTrips(size, warmup, count);
    }

    /**
     * The ids of the two node threads, whose CPU time the bench reads.
     *
     * @return the thread ids
     */
    long[] nodeThreadIds();

    @Override
    void close();

    /**
     * A started pair of the named kind: {@code bare} or {@code transport}.
     *
     * @param kind the kind
     * @return the pair, ready for round trips
     */
    static RoundTripSide open(final String kind) {
        return switch (kind) {
            case "bare" -> {
                final BareAeronPingPong bare = new BareAeronPingPong();
                bare.start(true);
                yield bare;
            }
            case "transport" -> new TransportPingPong();
            default -> throw new IllegalArgumentException("unknown side " + kind + "; expected bare or transport");
        };
    }
}
