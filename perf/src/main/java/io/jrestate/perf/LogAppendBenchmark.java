package io.jrestate.perf;

import io.jrestate.log.segments.LogStore;
import io.jrestate.log.segments.LogStoreOptions;
import io.jrestate.log.segments.SegmentLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Durable appends per second through {@link LogStore} (each call waits for its fsync-backed acknowledgement)
 * with 1, 16 and 64 appenders on one log and 24 appenders on 24 logs, with the writer thread alone or with inline
 * (leader) commits, against a raw single-threaded loop of
 * {@code FileChannel.write} + {@code force(false)} into a preallocated file on the same disk, in the same run.
 * The store directory is {@code -Dbench.dir} (default {@code target/bench}); each iteration ends with a trim so
 * segments are deleted and the disk does not fill.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC"})
public class LogAppendBenchmark {
    static final int LOGS = 24;

    static Path benchDir() throws IOException {
        final Path dir = Path.of(System.getProperty("bench.dir", "target/bench"));
        Files.createDirectories(dir);
        return Files.createTempDirectory(dir, "run-");
    }

    static void deleteTree(final Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One store shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class Store {
        @Param({"100", "4096"})
        int recordBytes;
        @Param({"false", "true"})
        boolean inlineCommit;
        LogStore store;
        Path dir;
        final AtomicInteger nextLog = new AtomicInteger();

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = benchDir();
            store = LogStore.open(dir, LogStoreOptions.builder().segmentBytes(64L << 20).spareSegments(1)
                .inlineCommit(inlineCommit).build());
        }

        @TearDown(Level.Iteration)
        public void trim() {
            for (long id = 0; id < LOGS; id++) {
                final SegmentLog log = store.log(id);
                log.trimPrefix(log.lastDurableLsn()).join();
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            store.close();
            deleteTree(dir);
        }
    }

    /** Each thread's payload and log (threads spread over 24 logs in the multi-log benchmark). */
    @State(Scope.Thread)
    public static class Appender {
        ByteBuffer payload;
        SegmentLog ownLog;
        SegmentLog sharedLog;

        @Setup(Level.Trial)
        public void setUp(final Store store) {
            payload = ByteBuffer.allocate(store.recordBytes);
            sharedLog = store.store.log(0);
            ownLog = store.store.log(store.nextLog.getAndIncrement() % LOGS);
        }
    }

    /** The raw baseline: a preallocated, fsynced file written at increasing positions. */
    @State(Scope.Benchmark)
    public static class Raw {
        static final long FILE_BYTES = 256L << 20;
        @Param({"100", "4096"})
        int recordBytes;
        Path dir;
        FileChannel channel;
        ByteBuffer payload;
        long position;

        @Setup(Level.Trial)
        public void open() throws IOException {
            dir = benchDir();
            channel = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
            final ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
            for (long at = 0; at < FILE_BYTES; at += zeros.capacity()) {
                channel.write(zeros.clear(), at);
            }
            channel.force(true);
            payload = ByteBuffer.allocateDirect(recordBytes);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            channel.close();
            deleteTree(dir);
        }
    }

    @Benchmark
    @Threads(1)
    public long raw(final Raw raw) throws IOException {
        raw.channel.write(raw.payload.clear(), raw.position);
        raw.channel.force(false);
        raw.position += raw.recordBytes;
        if (raw.position + raw.recordBytes > Raw.FILE_BYTES) {
            raw.position = 0;
        }
        return raw.position;
    }

    @Benchmark
    @Threads(1)
    public long append1(final Appender a) {
        return a.sharedLog.append(a.payload.duplicate()).join();
    }

    @Benchmark
    @Threads(16)
    public long append16(final Appender a) {
        return a.sharedLog.append(a.payload.duplicate()).join();
    }

    @Benchmark
    @Threads(64)
    public long append64(final Appender a) {
        return a.sharedLog.append(a.payload.duplicate()).join();
    }

    @Benchmark
    @Threads(LOGS)
    public long append24Logs(final Appender a) {
        return a.ownLog.append(a.payload.duplicate()).join();
    }
}
