package io.jrestate.log.segments.internal;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link StorageIo} over the default file system: {@link FileChannel} positional I/O, {@code force} for
 * fdatasync/fsync, and read-only FFM mappings owned by a shared {@link Arena} that closing the file unmaps.
 */
public final class FileStorageIo implements StorageIo {
    /** The single instance (the class holds no state). */
    public static final FileStorageIo INSTANCE = new FileStorageIo();

    private FileStorageIo() {
    }

    @Override
    public StorageFile open(final Path path, final OpenMode mode) throws IOException {
        final FileChannel channel = switch (mode) {
            case READ -> FileChannel.open(path, StandardOpenOption.READ);
            case READ_WRITE -> FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            case CREATE_NEW -> FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE_NEW);
        };
        return new ChannelFile(path, channel);
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        final List<Path> files = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(Files::isRegularFile).sorted().forEach(files::add);
        }
        return files;
    }

    @Override
    public boolean exists(final Path path) {
        return Files.exists(path);
    }

    @Override
    public void delete(final Path path) throws IOException {
        Files.deleteIfExists(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void fsyncDirectory(final Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** A file handle over one {@link FileChannel}; mappings live until {@link #close()}. */
    private static final class ChannelFile implements StorageFile {
        private final Path path;
        private final FileChannel channel;
        private final Arena arena = Arena.ofShared();

        ChannelFile(final Path path, final FileChannel channel) {
            this.path = path;
            this.channel = channel;
        }

        @Override
        public Path path() {
            return path;
        }

        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(final ByteBuffer src, final long position) throws IOException {
            return channel.write(src, position);
        }

        @Override
        public void force(final boolean metadata) throws IOException {
            channel.force(metadata);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(final long lengthBytes) throws IOException {
            channel.truncate(lengthBytes);
        }

        @Override
        public ByteBuffer mapReadOnly(final long position, final long lengthBytes) throws IOException {
            if (lengthBytes > Integer.MAX_VALUE || position + lengthBytes > channel.size()) {
                throw new IOException(path + ": cannot map " + lengthBytes + " bytes at " + position
                    + " (file length " + channel.size() + ")");
            }
            return channel.map(FileChannel.MapMode.READ_ONLY, position, lengthBytes, arena).asByteBuffer();
        }

        @Override
        public void close() throws IOException {
            try {
                channel.close();
            } finally {
                arena.close();
            }
        }
    }
}
