package io.jrestate.perf.raft;

import io.jrestate.metadata.raft.core.Entry;
import io.jrestate.metadata.raft.core.EntryType;
import io.jrestate.metadata.raft.internal.storage.FileRaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.RaftLogStorage;
import io.jrestate.metadata.raft.internal.storage.SegmentRaftLogStorage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The Raft log's storage alone, old single file ({@link FileRaftLogStorage}) against log-segments
 * ({@link SegmentRaftLogStorage}), in one run with rounds alternating between them so that disk noise hits both:
 * append a batch of entries, sync, repeat; every {@code --trim-every} entries trim the prefix as compaction does.
 * Prints per variant and batch size: entries/s, and p50/p99 of one append+sync (plus the trim when one falls due,
 * so compaction cost shows in p99). Arguments: {@code --dir=PATH} (on
 * the disk to measure), {@code --entries=N} per round, {@code --rounds=R}, {@code --bytes=B} per entry.
 */
public final class RaftLogStorageBenchmark {
    private static final int[] BATCHES = {1, 32};

    private RaftLogStorageBenchmark() {
    }

    /**
     * Entry point.
     *
     * @param args see the class comment
     * @throws IOException when a store fails
     */
    public static void main(final String[] args) throws IOException {
        Path dir = Path.of("perf/target/raft-log-bench");
        int entries = 2000;
        int rounds = 3;
        int bytes = 512;
        int trimEvery = 1000;
        for (final String arg : args) {
            final String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "dir" -> dir = Path.of(kv[1]);
                case "entries" -> entries = Integer.parseInt(kv[1]);
                case "rounds" -> rounds = Integer.parseInt(kv[1]);
                case "bytes" -> bytes = Integer.parseInt(kv[1]);
                case "trim-every" -> trimEvery = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        for (final int batch : BATCHES) {
            final List<long[]> file = new ArrayList<>();
            final List<long[]> segments = new ArrayList<>();
            double fileRate = 0;
            double segmentRate = 0;
            for (int round = 0; round < rounds; round++) {
                final Path fileDir = fresh(dir.resolve("file"));
                final long[] f;
                try (FileRaftLogStorage log = FileRaftLogStorage.open(fileDir)) {
                    f = run(log, entries, batch, bytes, trimEvery);
                }
                final Path segmentDir = fresh(dir.resolve("segments"));
                final long[] s;
                try (SegmentRaftLogStorage log = SegmentRaftLogStorage.open(segmentDir)) {
                    s = run(log, entries, batch, bytes, trimEvery);
                }
                fileRate += entries * 1e9 / Arrays.stream(f).sum();
                segmentRate += entries * 1e9 / Arrays.stream(s).sum();
                file.add(f);
                segments.add(s);
            }
            print("file     ", batch, fileRate / rounds, file);
            print("segments ", batch, segmentRate / rounds, segments);
            System.out.printf(Locale.ROOT, "batch %2d: segments/file entries-per-second ratio %.2f%n", batch,
                segmentRate / fileRate);
        }
    }

    private static long[] run(final RaftLogStorage log, final int entries, final int batch, final int bytes,
                              final int trimEvery) throws IOException {
        final byte[] data = new byte[bytes];
        final long[] latenciesNs = new long[(entries + batch - 1) / batch];
        long next = log.lastIndex() + 1;
        for (int i = 0; i < latenciesNs.length; i++) {
            final List<Entry> chunk = new ArrayList<>(batch);
            for (int j = 0; j < batch; j++) {
                chunk.add(new Entry(next++, 1, EntryType.NORMAL, data));
            }
            final long startNs = System.nanoTime();
            log.append(chunk);
            log.sync();
            if ((next - 1) % trimEvery < batch && next > trimEvery) {
                log.trimPrefix(next - 1 - trimEvery / 2);
                log.sync();
            }
            latenciesNs[i] = System.nanoTime() - startNs;
        }
        return latenciesNs;
    }

    private static void print(final String name, final int batch, final double rate, final List<long[]> rounds) {
        final long[] all = rounds.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s batch %2d: %8.0f entries/s, append+sync p50 %.3f ms, p99 %.3f ms%n",
            name, batch, rate, all[all.length / 2] / 1e6, all[(int) (all.length * 0.99)] / 1e6);
    }

    private static Path fresh(final Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (final Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
        return dir;
    }
}
