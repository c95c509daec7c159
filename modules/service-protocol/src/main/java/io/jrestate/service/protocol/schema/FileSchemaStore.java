package io.jrestate.service.protocol.schema;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Stores the schema registry as one JSON file, {@code schema-registry.json}, in a folder under the node's data
 * directory. Writes are atomic and durable:
 *
 * <pre>
 *   write schema-registry.json.tmp ─► fsync(tmp) ─► rename(tmp → schema-registry.json) ─► fsync(folder)
 * </pre>
 *
 * <p>Recovery decision table:
 * <pre>
 *   schema-registry.json | .tmp present | outcome
 *   ---------------------+--------------+------------------------------------------------------------
 *   absent               | any          | empty registry (a .tmp is an unfinished first write: deleted)
 *   valid                | any          | load it (a .tmp is an unfinished later write: deleted)
 *   unreadable / corrupt | any          | IOException naming the file; never treated as empty
 * </pre>
 * File format: see {@link SchemaCodec}.
 */
public final class FileSchemaStore implements SchemaStore {
    /** Name of the registry file. */
    public static final String FILE_NAME = "schema-registry.json";

    private final Path dir;
    private final Path file;
    private final Path tmp;

    /**
     * Creates a store in {@code dir} (created if missing).
     *
     * @param dir the folder, e.g. {@code <base-dir>/<node>/schema}
     * @throws IOException when the folder cannot be created
     */
    public FileSchemaStore(final Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        this.file = dir.resolve(FILE_NAME);
        this.tmp = dir.resolve(FILE_NAME + ".tmp");
    }

    @Override
    public Optional<SchemaSnapshot> load() throws IOException {
        Files.deleteIfExists(tmp);
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            return Optional.empty();
        }
        try {
            return Optional.of(SchemaCodec.decode(bytes));
        } catch (final RuntimeException e) {
            throw new IOException("schema registry file " + file + " is corrupt: " + e.getMessage(), e);
        }
    }

    @Override
    public void save(final SchemaSnapshot snapshot) throws IOException {
        final byte[] bytes = SchemaCodec.encode(snapshot);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
