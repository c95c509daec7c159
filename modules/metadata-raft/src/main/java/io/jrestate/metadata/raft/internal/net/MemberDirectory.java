package io.jrestate.metadata.raft.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small durable files of a replicated member, each written whole (temp file, fsync, rename, fsync directory):
 * {@code generation} (one decimal number, bumped on every start) and {@code members} (one {@code <id> <host>:<port>}
 * line per member, written once the ids behind the configured addresses are known, so a restart does not need every
 * member to be reachable to know who is who) and, for a node that got its id by joining, {@code node-id} (one
 * decimal number, the id {@code nodes_config} gave it; a hint for the next start, which registers again).
 */
public final class MemberDirectory {
    private final Path dir;

    /**
     * Creates the directory accessor.
     *
     * @param dir the member's directory
     */
    public MemberDirectory(final Path dir) {
        this.dir = dir;
    }

    /**
     * Reads the last generation, adds one, and makes the new value durable before returning it.
     *
     * @return this start's generation, at least 1
     * @throws IOException when the file cannot be read or written; a corrupt file is named in the message
     */
    public int nextGeneration() throws IOException {
        final Path file = dir.resolve("generation");
        int previous = 0;
        if (Files.exists(file)) {
            final String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            try {
                previous = Integer.parseInt(text);
            } catch (final NumberFormatException e) {
                throw new IOException("corrupt generation file " + file + ": '" + text + "' is not a number", e);
            }
        }
        final int next = previous + 1;
        writeDurably(file, next + "\n");
        return next;
    }

    /**
     * The node id recorded by an earlier start.
     *
     * @return the id, or empty when none was recorded
     * @throws IOException when the file is unreadable or corrupt (the message names it)
     */
    public java.util.OptionalInt nodeId() throws IOException {
        final Path file = dir.resolve("node-id");
        if (!Files.exists(file)) {
            return java.util.OptionalInt.empty();
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return java.util.OptionalInt.of(Integer.parseInt(text));
        } catch (final NumberFormatException e) {
            throw new IOException("corrupt node id file " + file + ": '" + text + "' is not a number", e);
        }
    }

    /**
     * Records the node id durably.
     *
     * @param id the id {@code nodes_config} gave this node
     * @throws IOException when it cannot be written
     */
    public void recordNodeId(final int id) throws IOException {
        writeDurably(dir.resolve("node-id"), id + "\n");
    }

    /**
     * The members recorded by an earlier start.
     *
     * @return id to address, empty when none were recorded
     * @throws IOException when the file is unreadable or corrupt (the message names the file and line)
     */
    public Map<Long, InetSocketAddress> members() throws IOException {
        final Path file = dir.resolve("members");
        final Map<Long, InetSocketAddress> members = new LinkedHashMap<>();
        if (!Files.exists(file)) {
            return members;
        }
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            final String[] parts = line.trim().split(" ");
            final int colon = parts.length == 2 ? parts[1].lastIndexOf(':') : -1;
            if (colon < 1) {
                throw new IOException("corrupt members file " + file + ": line '" + line + "'");
            }
            try {
                members.put(Long.parseLong(parts[0]), new InetSocketAddress(parts[1].substring(0, colon),
                    Integer.parseInt(parts[1].substring(colon + 1))));
            } catch (final IllegalArgumentException e) {
                throw new IOException("corrupt members file " + file + ": line '" + line + "'", e);
            }
        }
        return members;
    }

    /**
     * Records the members durably.
     *
     * @param members id to address
     * @throws IOException when the file cannot be written
     */
    public void recordMembers(final Map<Long, InetSocketAddress> members) throws IOException {
        final StringBuilder text = new StringBuilder();
        members.forEach((id, address) -> text.append(id).append(' ').append(address.getHostString()).append(':')
            .append(address.getPort()).append('\n'));
        writeDurably(dir.resolve("members"), text.toString());
    }

    /**
     * Parses {@code [metadata-client] addresses} entries such as {@code http://127.0.0.1:5122/}.
     *
     * @param addresses the configured addresses
     * @return their host and port
     * @throws IllegalArgumentException naming the bad entry
     */
    public static List<InetSocketAddress> parseAddresses(final List<String> addresses) {
        final List<InetSocketAddress> parsed = new ArrayList<>();
        for (final String address : addresses) {
            final URI uri;
            try {
                uri = URI.create(address.contains("://") ? address : "http://" + address);
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("[metadata-client] addresses: '" + address + "' is not a URL", e);
            }
            if (uri.getHost() == null || uri.getPort() < 1) {
                throw new IllegalArgumentException("[metadata-client] addresses: '" + address
                    + "' needs a host and a port, e.g. http://127.0.0.1:5122/");
            }
            parsed.add(new InetSocketAddress(uri.getHost(), uri.getPort()));
        }
        return parsed;
    }

    private void writeDurably(final Path file, final String text) throws IOException {
        Files.createDirectories(dir);
        final Path temp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
