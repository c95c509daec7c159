package io.jrestate.worker.internal.node;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A read-only {@link StorageIo} over files a backup cut holds open, so that {@code SnapshotReader} can verify and
 * read a snapshot even after pruning deleted its name. Opening a file gives a handle whose close leaves the held
 * channel open (the cut closes it); every other operation is refused.
 */
final class HeldFilesIo implements StorageIo {
    private final Map<Path, FileChannel> files;

    /**
     * A view over held files.
     *
     * @param files the open channels by the path they were opened at
     */
    HeldFilesIo(final Map<Path, FileChannel> files) {
        this.files = Map.copyOf(files);
    }

    @Override
    public StorageFile open(final Path path, final OpenMode mode) throws IOException {
        if (mode != OpenMode.READ) {
            throw new UnsupportedOperationException("held backup files are read-only: " + path);
        }
        final FileChannel channel = files.get(path);
        if (channel == null) {
            throw new NoSuchFileException(path.toString(), null, "not held by the backup cut");
        }
        return new HeldFile(path, channel);
    }

    @Override
    public void createDirectories(final Path dir) {
        throw refused(dir);
    }

    @Override
    public List<Path> list(final Path dir) {
        throw refused(dir);
    }

    @Override
    public boolean exists(final Path path) {
        return files.containsKey(path);
    }

    @Override
    public void delete(final Path path) {
        throw refused(path);
    }

    @Override
    public void rename(final Path from, final Path to) {
        throw refused(from);
    }

    @Override
    public void fsyncDirectory(final Path dir) {
        throw refused(dir);
    }

    private static UnsupportedOperationException refused(final Path path) {
        return new UnsupportedOperationException("held backup files are read-only: " + path);
    }

    /** A read-only handle on a held channel. */
    private record HeldFile(Path path, FileChannel channel) implements StorageFile {
        @Override
        public int read(final ByteBuffer dst, final long position) throws IOException {
            return channel.read(dst, position);
        }

        @Override
        public int write(final ByteBuffer src, final long position) {
            throw refused(path);
        }

        @Override
        public void force(final boolean metadata) {
            throw refused(path);
        }

        @Override
        public long size() throws IOException {
            return channel.size();
        }

        @Override
        public void truncate(final long lengthBytes) {
            throw refused(path);
        }

        @Override
        public ByteBuffer mapReadOnly(final long position, final long lengthBytes) {
            throw refused(path);
        }

        /** Leaves the channel open: the backup cut owns it. */
        @Override
        public void close() {
        }
    }
}
