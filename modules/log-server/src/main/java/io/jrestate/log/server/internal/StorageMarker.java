package io.jrestate.log.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The log server's storage marker (architecture notes §6.6): {@code <node dir>/}{@value #FILE}, beside (not in)
 * {@code log-store/}, holding the random store id of the log store this node served from, as 16 hex digits. It is
 * what tells "empty because new" from "empty because lost".
 *
 * <table>
 *   <caption>Start-up decision</caption>
 *   <tr><th>marker</th><th>{@code log-store/store.id}</th><th>decision</th></tr>
 *   <tr><td>absent</td><td>any</td><td>open (create) the store, then write the marker</td></tr>
 *   <tr><td>present</td><td>absent</td><td>refuse: data loss (the store was wiped)</td></tr>
 *   <tr><td>present</td><td>other id</td><td>refuse: data loss (the store was replaced)</td></tr>
 *   <tr><td>present</td><td>same id</td><td>open</td></tr>
 * </table>
 *
 * <p>An operator who accepts the loss deletes the marker (the reference's
 * {@code restatectl nodes set-storage-state ... --force} plays that part there).
 */
final class StorageMarker {
    static final String FILE = "log-server.marker";

    private StorageMarker() {
    }

    static OptionalLong read(final Path nodeDir) throws IOException {
        final Path file = nodeDir.resolve(FILE);
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8).trim();
        try {
            return OptionalLong.of(Long.parseUnsignedLong(text, 16));
        } catch (final NumberFormatException e) {
            throw new IOException("corrupt log-server storage marker " + file + ": '" + text
                + "' is not a hex store id", e);
        }
    }

    static void write(final Path nodeDir, final long storeId) throws IOException {
        final Path file = nodeDir.resolve(FILE);
        final Path temp = nodeDir.resolve(FILE + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap((String.format("%016x", storeId) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(nodeDir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
