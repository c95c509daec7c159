package io.jrestate.aeron.transport;

import io.jrestate.common.Verify;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The one transport of a node (UDP on the fabric port, 5122 by default), shared by its roles: a replicated
 * metadata server and the log server. The first role that needs it starts it; later ones get the same
 * instance; it closes when the last one releases it. The node's roles find the holder through the node context
 * ({@code NodeContext.lookup(SharedTransport.class)}, offered by the first factory that needs it).
 *
 * <p>The generation of the node (the fencing token of its sessions) lives in one node-level file,
 * {@code <node dir>/}{@value #GENERATION_FILE}, bumped and fsynced by whichever role starts the transport, so it
 * keeps growing whatever set of roles a node runs. {@link #nextGeneration} seeds it from the per-role files that
 * earlier versions kept.
 */
public final class SharedTransport {
    /** The node-level generation file, under the node directory. */
    public static final String GENERATION_FILE = "transport-generation";

    private final Function<TransportOptions, Transport> starter;
    private Transport transport;
    private int users;

    /** Creates a holder that starts an {@link AeronTransport}. */
    public SharedTransport() {
        this(AeronTransport::start);
    }

    /**
     * Creates a holder with another way to start the transport (tests).
     *
     * @param starter starts a transport from options
     */
    public SharedTransport(final Function<TransportOptions, Transport> starter) {
        this.starter = starter;
    }

    /**
     * Returns the node's transport, starting it with the options given when no role has started it yet. Each
     * successful call must be paired with one {@link #release()}.
     *
     * @param options computes the options; called only when this call starts the transport (it may bump the
     *     generation file)
     * @return the running transport
     * @throws Exception when the options cannot be computed or the transport cannot start; nothing is held then
     */
    public synchronized Transport acquire(final Callable<TransportOptions> options) throws Exception {
        if (transport == null) {
            transport = starter.apply(options.call());
        }
        users++;
        return transport;
    }

    /** Gives back one {@link #acquire}; the last release closes the transport. */
    public synchronized void release() {
        Verify.that(users > 0, "shared transport released more often than acquired");
        users--;
        if (users == 0) {
            final Transport running = transport;
            transport = null;
            running.close();
        }
    }

    /**
     * The running transport, if a role started it.
     *
     * @return the transport, empty when none runs
     */
    public synchronized Optional<Transport> current() {
        return Optional.ofNullable(transport);
    }

    /**
     * Reads the node's last generation, adds one and makes it durable (temp file, fsync, rename, fsync directory)
     * before returning it. When the node-level file does not exist yet, the highest value of the given older
     * per-role files (missing ones count as 0) is the last generation.
     *
     * @param nodeDir the node directory
     * @param olderFiles generation files of earlier versions, each one decimal number
     * @return this start's generation, at least 1
     * @throws IOException when a file cannot be read or written; a corrupt file is named in the message
     */
    public static int nextGeneration(final Path nodeDir, final Path... olderFiles) throws IOException {
        final Path file = nodeDir.resolve(GENERATION_FILE);
        int previous = 0;
        if (Files.exists(file)) {
            previous = read(file);
        } else {
            for (final Path older : olderFiles) {
                if (Files.exists(older)) {
                    previous = Math.max(previous, read(older));
                }
            }
        }
        final int next = previous + 1;
        write(nodeDir, file, next + "\n");
        return next;
    }

    private static int read(final Path file) throws IOException {
        final String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return Integer.parseInt(text);
        } catch (final NumberFormatException e) {
            throw new IOException("corrupt generation file " + file + ": '" + text + "' is not a number", e);
        }
    }

    private static void write(final Path dir, final Path file, final String text) throws IOException {
        Files.createDirectories(dir);
        final Path temp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
