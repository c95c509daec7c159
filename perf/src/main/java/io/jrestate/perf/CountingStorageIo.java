package io.jrestate.perf;

import io.jrestate.log.segments.StorageFile;
import io.jrestate.log.segments.StorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A {@link StorageIo} over the real file system that counts the I/O calls the store makes (positional writes,
 * file fsyncs, directory fsyncs), and can skip every fsync to expose the store's own software cost per append
 * apart from the disk (never for durability measurements).
 */
final class CountingStorageIo implements StorageIo {
    final LongAdder writes = new LongAdder();
    final LongAdder forces = new LongAdder();
    final LongAdder directoryFsyncs = new LongAdder();
    private final StorageIo delegate = StorageIo.fileSystem();
    private final boolean skipFsync;

    CountingStorageIo(final boolean skipFsync) {
        this.skipFsync = skipFsync;
    }

    @Override
    public StorageFile open(final Path path, final OpenMode mode) throws IOException {
        final StorageFile file = delegate.open(path, mode);
        return new StorageFile() {
            @Override
            public Path path() {
                return file.path();
            }

            @Override
            public int read(final ByteBuffer dst, final long position) throws IOException {
                return file.read(dst, position);
            }

            @Override
            public int write(final ByteBuffer src, final long position) throws IOException {
                writes.increment();
                return file.write(src, position);
            }

            @Override
            public void force(final boolean metadata) throws IOException {
                forces.increment();
                if (!skipFsync) {
                    file.force(metadata);
                }
            }

            @Override
            public long size() throws IOException {
                return file.size();
            }

            @Override
            public void truncate(final long lengthBytes) throws IOException {
                file.truncate(lengthBytes);
            }

            @Override
            public ByteBuffer mapReadOnly(final long position, final long lengthBytes) throws IOException {
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
        delegate.createDirectories(dir);
    }

    @Override
    public List<Path> list(final Path dir) throws IOException {
        return delegate.list(dir);
    }

    @Override
    public boolean exists(final Path path) {
        return delegate.exists(path);
    }

    @Override
    public void delete(final Path path) throws IOException {
        delegate.delete(path);
    }

    @Override
    public void rename(final Path from, final Path to) throws IOException {
        delegate.rename(from, to);
    }

    @Override
    public void fsyncDirectory(final Path dir) throws IOException {
        directoryFsyncs.increment();
        if (!skipFsync) {
            delegate.fsyncDirectory(dir);
        }
    }

    /** Resets the counters. */
    void reset() {
        writes.reset();
        forces.reset();
        directoryFsyncs.reset();
    }
}
