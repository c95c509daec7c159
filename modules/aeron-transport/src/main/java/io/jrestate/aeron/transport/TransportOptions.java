package io.jrestate.aeron.transport;

import io.jrestate.common.Verify;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Everything an {@link AeronTransport} needs, filled by the launcher from {@code restate.toml} (this module never
 * reads configuration files itself).
 *
 * <p>The defaults suit a small machine: 256 KiB terms (so about 3 MiB of {@code /dev/shm} per peer and direction),
 * a single thread running the media driver, the Aeron client conductor and the transport, which backs off to
 * 4 ms parks when idle (an idle node with two peers measured 1.7% of one core; 1 ms parks cost 3.6% but answer a
 * first message after a quiet period sooner; 10 ms parks cost 1.4%), and a 2 s peer timeout.
 *
 * @param identity who this node is; sent in every handshake
 * @param bindAddress the UDP address the node listens on (the fabric port, 5122 by default)
 * @param advertisedAddress the UDP address peers use to reach this node; sent in the handshake
 * @param aeronDirectory the media driver's directory, normally under {@code /dev/shm}; deleted on start and close
 * @param streamId the Aeron stream id of the node-to-node stream; all nodes of a cluster use the same one
 * @param termLengthBytes the Aeron term length of each publication, a power of two from 64 KiB to 64 MiB
 * @param mtuLengthBytes the largest UDP datagram Aeron sends, a multiple of 32 from 1,408 to 65,504 bytes
 * @param messageLengthMaxBytes the largest message a node sends or accepts after reassembly of its fragments
 * @param outboundQueueMessagesMax how many messages may wait per peer while its publication is full or connecting
 * @param outboundQueueBytesMax how many payload bytes may wait per peer
 * @param outboundQueueTimeoutNs how long a one-way message may wait in that queue before it is discarded
 * @param helloIntervalNs how often a handshake is repeated until answered, and re-asserted afterwards
 * @param peerTimeoutNs after how long without a sign of life a peer's publication or image counts as lost
 * @param idleParkMaxNs the longest park of the idle strategies, which bounds the wake-up delay of an idle node
 * @param faults the in-process fault shim consulted for every frame; {@link LinkFaults#NONE} in production
 */
public record TransportOptions(
    NodeIdentity identity,
    InetSocketAddress bindAddress,
    InetSocketAddress advertisedAddress,
    Path aeronDirectory,
    int streamId,
    int termLengthBytes,
    int mtuLengthBytes,
    int messageLengthMaxBytes,
    int outboundQueueMessagesMax,
    long outboundQueueBytesMax,
    long outboundQueueTimeoutNs,
    long helloIntervalNs,
    long peerTimeoutNs,
    long idleParkMaxNs,
    LinkFaults faults) {

    /** The fabric port of Restate, used for the node-to-node UDP stream too. */
    public static final int DEFAULT_PORT = 5122;
    /** The stream id used when none is given. */
    public static final int DEFAULT_STREAM_ID = 5122;
    /** Default term length: 256 KiB, so a single Aeron message can be up to 32 KiB before our own fragmentation. */
    public static final int DEFAULT_TERM_LENGTH_BYTES = 256 * 1024;
    /** Default MTU, Aeron's own default that fits a 1,500-byte Ethernet frame. */
    public static final int DEFAULT_MTU_LENGTH_BYTES = 1408;
    /** Default largest message: 16 MiB. */
    public static final int DEFAULT_MESSAGE_LENGTH_MAX_BYTES = 16 * 1024 * 1024;

    /**
     * Validates every component and names the first one that is out of range.
     *
     * @param identity who this node is
     * @param bindAddress the listen address
     * @param advertisedAddress the address peers use
     * @param aeronDirectory the driver directory
     * @param streamId the stream id
     * @param termLengthBytes the term length
     * @param mtuLengthBytes the MTU
     * @param messageLengthMaxBytes the message size cap
     * @param outboundQueueMessagesMax the per-peer queue capacity in messages
     * @param outboundQueueBytesMax the per-peer queue capacity in bytes
     * @param outboundQueueTimeoutNs the queue timeout of one-way messages
     * @param helloIntervalNs the handshake repeat interval
     * @param peerTimeoutNs the peer liveness timeout
     * @param idleParkMaxNs the longest idle park
     * @param faults the fault shim
     */
    public TransportOptions {
        Verify.argument(identity != null, "transport options: identity must be set");
        Verify.argument(bindAddress != null, "transport options: bind address must be set");
        Verify.argument(advertisedAddress != null, "transport options: advertised address must be set");
        Verify.argument(!advertisedAddress.getAddress().isAnyLocalAddress(),
            "transport options: advertised address " + advertisedAddress + " is a wildcard; peers cannot reach it");
        Verify.argument(aeronDirectory != null, "transport options: aeron directory must be set");
        Verify.argument(Integer.bitCount(termLengthBytes) == 1 && termLengthBytes >= 64 * 1024
            && termLengthBytes <= 64 * 1024 * 1024,
            "transport options: term length " + termLengthBytes + " must be a power of two in [64 KiB, 64 MiB]");
        Verify.argument(mtuLengthBytes >= 1408 && mtuLengthBytes <= 65504 && mtuLengthBytes % 32 == 0,
            "transport options: mtu " + mtuLengthBytes + " must be a multiple of 32 in [1408, 65504]");
        Verify.argument(messageLengthMaxBytes >= 1024,
            "transport options: message length max " + messageLengthMaxBytes + " must be at least 1024");
        Verify.argument(outboundQueueMessagesMax >= 1, "transport options: outbound queue messages max must be >= 1");
        Verify.argument(outboundQueueBytesMax >= messageLengthMaxBytes,
            "transport options: outbound queue bytes max must hold at least one largest message");
        Verify.argument(outboundQueueTimeoutNs > 0, "transport options: outbound queue timeout must be positive");
        Verify.argument(helloIntervalNs > 0, "transport options: hello interval must be positive");
        Verify.argument(peerTimeoutNs >= 2 * helloIntervalNs,
            "transport options: peer timeout must be at least twice the hello interval");
        Verify.argument(idleParkMaxNs >= 1_000 && idleParkMaxNs <= TimeUnit.MILLISECONDS.toNanos(100),
            "transport options: idle park max " + idleParkMaxNs + " ns must be in [1 us, 100 ms]");
        Verify.argument(faults != null, "transport options: faults must be set (LinkFaults.NONE in production)");
    }

    /**
     * Options with every default, for a node listening on {@code bindAddress}.
     *
     * @param identity who this node is
     * @param bindAddress the listen address
     * @param advertisedAddress the address peers use
     * @param aeronDirectory the media driver's directory
     * @return options with the small-machine defaults
     */
    public static TransportOptions defaults(
        final NodeIdentity identity,
        final InetSocketAddress bindAddress,
        final InetSocketAddress advertisedAddress,
        final Path aeronDirectory) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, DEFAULT_STREAM_ID,
            DEFAULT_TERM_LENGTH_BYTES, DEFAULT_MTU_LENGTH_BYTES, DEFAULT_MESSAGE_LENGTH_MAX_BYTES, 4096,
            64L * 1024 * 1024, TimeUnit.SECONDS.toNanos(5), TimeUnit.MILLISECONDS.toNanos(250),
            TimeUnit.SECONDS.toNanos(2), TimeUnit.MILLISECONDS.toNanos(4), LinkFaults.NONE);
    }

    /**
     * The conventional driver directory of a node: {@code /dev/shm/jrestate-<cluster>-<node>} when the
     * shared-memory file system exists, else the same name under the temporary directory.
     *
     * @param clusterName the cluster name
     * @param nodeName the node name
     * @return the directory path
     */
    public static Path defaultAeronDirectory(final String clusterName, final String nodeName) {
        final Path shm = Path.of("/dev/shm");
        final Path base = shm.toFile().isDirectory() ? shm : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("jrestate-" + clusterName + "-" + nodeName);
    }

    /**
     * A copy with another term length.
     *
     * @param bytes the term length
     * @return the copy
     */
    public TransportOptions withTermLengthBytes(final int bytes) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId, bytes,
            mtuLengthBytes, messageLengthMaxBytes, outboundQueueMessagesMax, outboundQueueBytesMax,
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, idleParkMaxNs, faults);
    }

    /**
     * A copy with another MTU.
     *
     * @param bytes the MTU
     * @return the copy
     */
    public TransportOptions withMtuLengthBytes(final int bytes) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, bytes, messageLengthMaxBytes, outboundQueueMessagesMax, outboundQueueBytesMax,
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, idleParkMaxNs, faults);
    }

    /**
     * A copy with another largest message length.
     *
     * @param bytes the largest message
     * @return the copy
     */
    public TransportOptions withMessageLengthMaxBytes(final int bytes) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, mtuLengthBytes, bytes, outboundQueueMessagesMax, Math.max(outboundQueueBytesMax, bytes),
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, idleParkMaxNs, faults);
    }

    /**
     * A copy with other outbound queue capacities.
     *
     * @param messagesMax capacity in messages
     * @param bytesMax capacity in bytes
     * @return the copy
     */
    public TransportOptions withOutboundQueue(final int messagesMax, final long bytesMax) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, mtuLengthBytes, messageLengthMaxBytes, messagesMax, bytesMax,
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, idleParkMaxNs, faults);
    }

    /**
     * A copy with other handshake and liveness timing.
     *
     * @param helloNs the handshake repeat interval
     * @param peerNs the peer liveness timeout
     * @return the copy
     */
    public TransportOptions withTiming(final long helloNs, final long peerNs) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, mtuLengthBytes, messageLengthMaxBytes, outboundQueueMessagesMax, outboundQueueBytesMax,
            outboundQueueTimeoutNs, helloNs, peerNs, idleParkMaxNs, faults);
    }

    /**
     * A copy with another fault shim (tests only).
     *
     * @param shim the shim
     * @return the copy
     */
    public TransportOptions withFaults(final LinkFaults shim) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, mtuLengthBytes, messageLengthMaxBytes, outboundQueueMessagesMax, outboundQueueBytesMax,
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, idleParkMaxNs, shim);
    }

    /**
     * A copy with another idle park maximum.
     *
     * @param ns the longest park
     * @return the copy
     */
    public TransportOptions withIdleParkMaxNs(final long ns) {
        return new TransportOptions(identity, bindAddress, advertisedAddress, aeronDirectory, streamId,
            termLengthBytes, mtuLengthBytes, messageLengthMaxBytes, outboundQueueMessagesMax, outboundQueueBytesMax,
            outboundQueueTimeoutNs, helloIntervalNs, peerTimeoutNs, ns, faults);
    }
}
