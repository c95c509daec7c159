package io.jrestate.log.segments;

import io.jrestate.log.segments.testing.FaultyStorageIo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Shared helpers of the store tests: options over a {@link FaultyStorageIo}, payloads, reads. */
final class Fixtures {
    static final Path DIR = Path.of("/store");
    static final long SMALL_SEGMENT = 64 * 1024;

    private Fixtures() {
    }

    static LogStoreOptions.Builder invoker(final FaultyStorageIo io, final long seed) {
        return LogStoreOptions.builder().io(io).segmentBytes(SMALL_SEGMENT).threading(LogStoreOptions.Threading.INVOKER)
            .random(new SplittableRandom(seed)).spareSegments(0).indexIntervalRecords(4);
    }

    static LogStore open(final FaultyStorageIo io, final long seed) throws IOException {
        return LogStore.open(DIR, invoker(io, seed).build());
    }

    static ByteBuffer text(final String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static String text(final ByteBuffer b) {
        final byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Runs the writer until the future completes (INVOKER mode). */
    static <T> T await(final LogStore store, final CompletableFuture<T> future) {
        for (int i = 0; i < 1000 && !future.isDone(); i++) {
            store.doWork();
        }
        return join(future);
    }

    static <T> T join(final CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An LSN and its payload as text. */
    record Entry(long lsn, String text) {
    }

    static List<Entry> readAll(final SegmentLog log, final long fromLsn) {
        final List<Entry> out = new ArrayList<>();
        long next = fromLsn;
        while (true) {
            final int before = out.size();
            next = log.read(next, 7, (lsn, payload) -> out.add(new Entry(lsn, text(payload))));
            if (out.size() == before) {
                return out;
            }
        }
    }
}
