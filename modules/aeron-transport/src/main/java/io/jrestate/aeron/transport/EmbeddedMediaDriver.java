package io.jrestate.aeron.transport;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One Aeron media driver per node, embedded in the node's JVM and sized for a small machine, plus the Aeron client
 * connected to it.
 *
 * <p>Choices, and why:
 * <ul>
 *   <li>{@link ThreadingMode#INVOKER}: neither the driver nor the Aeron client conductor has a thread of its
 *       own; the transport agent's thread runs their duty cycles and its own in turn ({@link #dutyCycle()}), so
 *       one thread does all the polling (a SHARED driver thread plus a client conductor thread more than doubled
 *       the idle wake-ups), and no async executor thread (peers are
 *       addressed by IP literals, so there is no slow name resolution to move off that thread);</li>
 *   <li>a {@link NodeIdleStrategy} that spins a little, yields, then parks up to
 *       {@link TransportOptions#idleParkMaxNs()}: busy under load, near 0% CPU when idle; parks at most 250 us
 *       while a request awaits its answer, and a caller that hands the thread work wakes it at once; parks
 *       grow up to 100 ms while the node has no peer at all (a single node);</li>
 *   <li>small terms ({@link TransportOptions#termLengthBytes()}, 256 KiB by default), sparse files, and Aeron's
 *       smallest command, broadcast, counter, loss-report (1 MiB each) and error (4 MiB) buffers (its
 *       minimums), so a node's {@code /dev/shm} footprint is about 12 MiB plus 1.5 MiB per peer
 *       and direction, rather than about 50 MiB plus 48 MiB per UDP stream with Aeron's defaults;</li>
 *   <li>its own directory, deleted on start (a previous process may have been killed) and on close;</li>
 *   <li>the peer timeout drives the publication-connection, image-liveness and receiver timeouts, so a dead
 *       peer is noticed in about 2 s rather than Aeron's 5 to 10 s defaults.</li>
 * </ul>
 */
public final class EmbeddedMediaDriver implements AutoCloseable {
    private static final int PARK_MIN_NS = 100_000;
    private static final int SPINS_MAX = 20;
    private static final int YIELDS_MAX = 10;
    // Yield (not spin) for this long after the last work before the first park (NodeIdleStrategy.withYieldPhase);
    // longer than a park with its timer slack while an answer is awaited.
    private static final long YIELD_PHASE_NS = 50_000;
    private static final long AWAITING_YIELD_PHASE_NS = 200_000;
    // While a request is in flight its answer is noticed within about this. A node thread awaiting an answer for
    // seconds used 5.7% of a core with 250 us (8.9% with 100 us, 3.8% with 500 us; idle: 1.5%).
    private static final long AWAITING_PARK_MAX_NS = 250_000;
    // While the node has no peer, no probe and no inbound image (a single node), nothing it expects can arrive:
    // parks grow to this. A default single node's thread then used 0.2% of a core (10 wake-ups/s) instead of
    // 1.2% at 4 ms (perf/bin/idle-cpu; 50 ms: 0.35%). A first contact from a new node waits at most this long; its
    // HELLO repeats every helloIntervalNs and Aeron's setup waits a peer timeout (2 s), so joining is not at risk.
    private static final long QUIET_PARK_MAX_NS = 100_000_000;
    private static final int COUNTER_VALUES_BUFFER_BYTES = 1024 * 1024;
    // A client (this JVM) that stalls longer than this, in a long GC pause say, is dropped by its driver.
    private static final long CLIENT_LIVENESS_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private final MediaDriver driver;
    private final Aeron aeron;

    private EmbeddedMediaDriver(final MediaDriver driver, final Aeron aeron) {
        this.driver = driver;
        this.aeron = aeron;
    }

    /**
     * Launches the driver in {@code options.aeronDirectory()} and connects a client to it.
     *
     * @param options the node's transport options
     * @return the running driver and client
     */
    public static EmbeddedMediaDriver launch(final TransportOptions options) {
        final String dir = options.aeronDirectory().toAbsolutePath().toString();
        final MediaDriver.Context ctx = driverContext(options, dir);
        final MediaDriver driver = MediaDriver.launch(ctx);
        try {
            final Aeron.Context clientCtx = new Aeron.Context()
                .aeronDirectoryName(dir)
                .driverAgentInvoker(driver.sharedAgentInvoker())
                .useConductorAgentInvoker(true)
                .driverTimeoutMs(TimeUnit.NANOSECONDS.toMillis(options.peerTimeoutNs()) * 5);
            return new EmbeddedMediaDriver(driver, Aeron.connect(clientCtx));
        } catch (final RuntimeException e) {
            CloseHelper.quietClose(driver);
            throw e;
        }
    }

    private static MediaDriver.Context driverContext(final TransportOptions options, final String dir) {
        final long peerTimeoutNs = options.peerTimeoutNs();
        return new MediaDriver.Context()
            .aeronDirectoryName(dir)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.INVOKER)
            .asyncExecutorEnabled(false)
            .sharedIdleStrategy(new BackoffIdleStrategy(SPINS_MAX, YIELDS_MAX, Math.min(PARK_MIN_NS,
                options.idleParkMaxNs()), options.idleParkMaxNs()))
            .termBufferSparseFile(true)
            .publicationTermBufferLength(options.termLengthBytes())
            .ipcTermBufferLength(options.termLengthBytes())
            .initialWindowLength(Math.min(options.termLengthBytes() / 2, 128 * 1024))
            .mtuLength(options.mtuLengthBytes())
            .counterValuesBufferLength(COUNTER_VALUES_BUFFER_BYTES)
            .publicationConnectionTimeoutNs(peerTimeoutNs)
            .imageLivenessTimeoutNs(peerTimeoutNs)
            .clientLivenessTimeoutNs(CLIENT_LIVENESS_TIMEOUT_NS)
            .publicationUnblockTimeoutNs(CLIENT_LIVENESS_TIMEOUT_NS + TimeUnit.SECONDS.toNanos(5))
            .publicationLingerTimeoutNs(Math.min(peerTimeoutNs, TimeUnit.SECONDS.toNanos(1)))
            .printConfigurationOnStart(false)
            .warnIfDirectoryExists(false);
    }

    /**
     * The idle strategy of a node thread that never awaits answers: spin briefly, yield, then park with
     * exponential backoff up to the configured maximum.
     *
     * @param options the node's options
     * @return a new idle strategy (idle strategies hold state, so never share one between threads)
     */
    public static NodeIdleStrategy idleStrategy(final TransportOptions options) {
        return idleStrategy(options, () -> false);
    }

    /**
     * The idle strategy of a node's messaging thread: spin briefly, yield, then park with exponential backoff up
     * to {@link TransportOptions#idleParkMaxNs()}, or up to {@value #AWAITING_PARK_MAX_NS} ns while
     * {@code awaiting} says an answer is awaited; other threads end a park with {@link NodeIdleStrategy#wake()}.
     *
     * @param options the node's options
     * @param awaiting whether the thread awaits an answer (a request in flight)
     * @return a new idle strategy (idle strategies hold state, so never share one between threads)
     */
    public static NodeIdleStrategy idleStrategy(final TransportOptions options, final BooleanSupplier awaiting) {
        return idleStrategy(options, awaiting, () -> false);
    }

    /**
     * As {@link #idleStrategy(TransportOptions, BooleanSupplier)}, and while {@code quiet} says nothing the node
     * expects can arrive (no peer, no probe, no inbound image), parks grow past
     * {@link TransportOptions#idleParkMaxNs()} up to {@value #QUIET_PARK_MAX_NS} ns.
     *
     * @param options the node's options
     * @param awaiting whether the thread awaits an answer (a request in flight)
     * @param quiet whether the node is quiet; called by the idling thread only
     * @return a new idle strategy (idle strategies hold state, so never share one between threads)
     */
    public static NodeIdleStrategy idleStrategy(final TransportOptions options, final BooleanSupplier awaiting,
        final BooleanSupplier quiet) {
        final long parkMaxNs = options.idleParkMaxNs();
        return new NodeIdleStrategy(SPINS_MAX, YIELDS_MAX, Math.min(PARK_MIN_NS, parkMaxNs), parkMaxNs,
            Math.min(AWAITING_PARK_MAX_NS, parkMaxNs), awaiting, Math.max(QUIET_PARK_MAX_NS, parkMaxNs), quiet)
            .withYieldPhase(YIELD_PHASE_NS, AWAITING_YIELD_PHASE_NS);
    }

    /**
     * The duty cycle of the driver and of the Aeron client's conductor, which the transport agent's thread runs
     * between its own duty cycles. Nothing moves unless something calls it.
     *
     * @return an agent whose {@code doWork} runs one duty cycle of the driver and one of the client conductor
     */
    public Agent dutyCycle() {
        final AgentInvoker driverInvoker = driver.sharedAgentInvoker();
        final AgentInvoker clientInvoker = aeron.conductorAgentInvoker();
        return new Agent() {
            @Override
            public int doWork() {
                return driverInvoker.invoke() + clientInvoker.invoke();
            }

            @Override
            public String roleName() {
                return "aeron-driver";
            }
        };
    }

    /**
     * The Aeron client connected to this driver.
     *
     * @return the client
     */
    public Aeron aeron() {
        return aeron;
    }

    /**
     * The directory the driver runs in.
     *
     * @return the directory name
     */
    public String directory() {
        return driver.aeronDirectoryName();
    }

    /** Closes the client, then the driver, which deletes its directory. */
    @Override
    public void close() {
        CloseHelper.closeAll(aeron, driver);
    }
}
