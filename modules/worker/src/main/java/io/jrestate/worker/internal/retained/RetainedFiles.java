package io.jrestate.worker.internal.retained;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/** The retained store's folder: the removals file, the checkpoint file, and deleting and listing segment files. */
final class RetainedFiles implements AutoCloseable {
    static final String REMOVALS = "removals.log";
    static final String CHECKPOINT = "checkpoint";
    private static final int REMOVAL_BYTES = 16;
    private final Path dir;
    private final FileChannel removals;
    private long removalsLength;

    private RetainedFiles(final Path dir, final FileChannel removals, final long removalsLength) {
        this.dir = dir;
        this.removals = removals;
        this.removalsLength = removalsLength;
    }

    static RetainedFiles openEmpty(final Path dir) throws IOException {
        Files.createDirectories(dir);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (final Path entry : entries) {
                Files.delete(entry);
            }
        }
        return new RetainedFiles(dir, FileChannel.open(dir.resolve(REMOVALS), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.READ, StandardOpenOption.WRITE), 0);
    }

    static RetainedFiles openAt(final Path dir, final RetainedCheckpoint checkpoint) throws IOException {
        final Set<String> keep = new HashSet<>(Set.of(REMOVALS, CHECKPOINT));
        for (final RetainedCheckpoint.Segment s : checkpoint.segments()) {
            keep.add(RetainedSegment.fileName(s.id(), s.bucketEndMs()));
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (final Path entry : entries) {
                if (!keep.contains(entry.getFileName().toString())) {
                    Files.delete(entry);
                }
            }
        }
        final Path path = dir.resolve(REMOVALS);
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (channel.size() < checkpoint.removalsLengthBytes()) {
            channel.close();
            throw new IOException("retained removals file " + path + " is shorter than its checkpointed length "
                    + checkpoint.removalsLengthBytes());
        }
        channel.truncate(checkpoint.removalsLengthBytes());
        return new RetainedFiles(dir, channel, checkpoint.removalsLengthBytes());
    }

    static RetainedCheckpoint readCheckpoint(final Path dir) throws IOException {
        final Path path = dir.resolve(CHECKPOINT);
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (final NoSuchFileException e) {
            return null;
        }
        try {
            return RetainedCheckpoint.fromBytes(bytes);
        } catch (final IllegalArgumentException e) {
            throw new IOException("retained checkpoint " + path + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    /** Records that the row at (hash, position) was removed. */
    void appendRemoval(final long hash, final long position) {
        final ByteBuffer record = ByteBuffer.allocate(REMOVAL_BYTES).putLong(hash).putLong(position).flip();
        try {
            while (record.hasRemaining()) {
                removalsLength += removals.write(record, removalsLength);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("retained removals file in " + dir + ": append failed", e);
        }
    }

    /** Fsyncs the removals file and returns its length. */
    long forceRemovals() throws IOException {
        removals.force(true);
        return removalsLength;
    }

    /** Visits every removal (hash, position) up to the current length. */
    void forEachRemoval(final RemovalVisitor visitor) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(REMOVAL_BYTES * 4096);
        long at = 0;
        while (at < removalsLength) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), removalsLength - at));
            while (buffer.hasRemaining()) {
                if (removals.read(buffer, at + buffer.position()) < 0) {
                    throw new IOException("retained removals file in " + dir + " ends early at " + at);
                }
            }
            buffer.flip();
            while (buffer.remaining() >= REMOVAL_BYTES) {
                visitor.removed(buffer.getLong(), buffer.getLong());
            }
            at += buffer.limit();
        }
    }

    /** Receives removals. */
    interface RemovalVisitor {
        /**
         * One removal.
         *
         * @param hash the row's id hash
         * @param position the row's position
         * @return ignored
         */
        boolean removed(long hash, long position);
    }

    /** Writes the checkpoint file atomically (temporary file, fsync, rename, fsync of the folder). */
    void writeCheckpoint(final RetainedCheckpoint checkpoint) throws IOException {
        forceDir();
        final Path tmp = dir.resolve(CHECKPOINT + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            final ByteBuffer bytes = ByteBuffer.wrap(checkpoint.toBytes());
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, dir.resolve(CHECKPOINT), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (final AtomicMoveNotSupportedException e) {
            throw new IOException("retained store " + dir + ": the file system cannot rename atomically", e);
        }
        forceDir();
    }

    private void forceDir() throws IOException {
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    void delete(final Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (final IOException e) {
            throw new UncheckedIOException("retained store: cannot delete " + path, e);
        }
    }

    @Override
    public void close() {
        try {
            removals.close();
        } catch (final IOException e) {
            System.getLogger(RetainedFiles.class.getName()).log(System.Logger.Level.WARNING,
                    "retained removals file in " + dir + ": close failed", e);
        }
    }
}
