package io.jrestate.worker.internal.processor;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * The real file system until "killed": once armed, the next file fsync throws and from then on every operation
 * throws, so nothing runs after the kill point (no cleanup, no rename): what is on disk is what a {@code kill -9}
 * at that instant leaves (the page cache survives a process kill).
 */
final class KillableIo implements StorageIo {
    private final StorageIo delegate;
    private volatile boolean armed;
    private volatile boolean dead;

    KillableIo(final StorageIo delegate) {
        this.delegate = delegate;
    }

    /** Kills at the next file fsync. */
    void killAtNextFsync() {
        armed = true;
    }

    private void check() throws IOException {
        if (dead) {
            throw new IOException("process killed");
        }
    }

    @Override
    public StorageFile open(final Path path, final OpenMode mode) throws IOException {
        check();
        final StorageFile file = delegate.open(path, mode);
        return new StorageFile() {
            @Override
            public Path path() {
                return file.path();
            }

            @Override
            public int read(final ByteBuffer dst, final long position) throws IOException {
                check();
                return file.read(dst, position);
            }

            @Override
            public int write(final ByteBuffer src, final long position) throws IOException {
                check();
                return file.write(src, position);
            }

            @Override
            public void force(final boolean metadata) throws IOException {
                check();
                if (armed) {
                    dead = true;
                    throw new IOException("process killed at fsync of " + file.path());
                }
                file.force(metadata);
            }

            @Override
            public long size() throws IOException {
                check();
                return file.size();
            }

            @Override
            public void truncate(final long lengthBytes) throws IOException {
                check();
                file.truncate(lengthBytes);
            }

            @Override
            public ByteBuffer mapReadOnly(final long position, final long lengthBytes) throws IOException {
                check();
                return file.mapReadOnly(position, lengthBytes);
            }

            @Override
            public void close() throws IOException {
                file.close();
            }
        };
    }

    @Override
    public void createDirectories(final Path dir) throws IOException {
        check();
        delegate.createDirectories(dir);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        check();
        return delegate.list(dir);
    }

    @Override
    public boolean exists(final Path path) {
        return delegate.exists(path);
    }

    @Override
    public void delete(final Path path) throws IOException {
        check();
        delegate.delete(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        check();
        delegate.rename(from, to);
    }

    @Override
    public void fsyncDirectory(final Path dir) throws IOException {
        check();
        delegate.fsyncDirectory(dir);
    }
}
