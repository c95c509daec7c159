package io.jrestate.perf.raft;

import io.jrestate.metadata.raft.EmbeddedMetadataStore;
import io.jrestate.metadata.raft.MetadataClientOptions;
import io.jrestate.metadata.raft.MetadataServerOptions;
import io.jrestate.metadata.raft.Precondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One-member metadata store on disk: commit latency of sequential puts (each waits for its fsync) and the
 * throughput of concurrent puts (requests queued while a sync runs share the next one). Run with
 * {@code --dir=PATH} on the disk to measure (not tmpfs), {@code --writes=N}, {@code --concurrency=C}.
 */
public final class OneMemberDiskBenchmark {
    private OneMemberDiskBenchmark() {
    }

    /**
     * Entry point.
     *
     * @param args {@code --dir=PATH --writes=N --concurrency=C}
     * @throws Exception when the store fails
     */
    public static void main(final String[] args) throws Exception {
        Path dir = Path.of("target/raft-bench");
        int writes = 2000;
        int concurrency = 32;
        for (final String arg : args) {
            final String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            switch (kv[0]) {
                case "dir" -> dir = Path.of(kv[1]);
                case "writes" -> writes = Integer.parseInt(kv[1]);
                case "concurrency" -> concurrency = Integer.parseInt(kv[1]);
                default -> throw new IllegalArgumentException("unknown argument '" + arg
                    + "' (use --dir=PATH --writes=N --concurrency=C)");
            }
        }
        deleteRecursively(dir);
        final byte[] value = new byte[512];
        try (EmbeddedMetadataStore store = EmbeddedMetadataStore.open(dir, MetadataServerOptions.defaults(1),
            MetadataClientOptions.defaults())) {
            sequential(store, writes / 4, value);
            final long[] latenciesNs = sequential(store, writes, value);
            report("sequential (1 outstanding)", latenciesNs);
            concurrent(store, writes, concurrency, value);
        }
    }

    private static long[] sequential(final EmbeddedMetadataStore store, final int writes, final byte[] value)
        throws Exception {
        final long[] latenciesNs = new long[writes];
        for (int i = 0; i < writes; i++) {
            final long startNs = System.nanoTime();
            store.put("key-" + (i % 64), value, "application/octet-stream", Precondition.none())
                .get(10, TimeUnit.SECONDS);
            latenciesNs[i] = System.nanoTime() - startNs;
        }
        return latenciesNs;
    }

    private static void concurrent(final EmbeddedMetadataStore store, final int writes, final int concurrency,
                                   final byte[] value) throws Exception {
        final long startNs = System.nanoTime();
        int issued = 0;
        final List<CompletableFuture<Long>> window = new ArrayList<>();
        while (issued < writes) {
            while (window.size() < concurrency && issued < writes) {
                window.add(store.put("c-" + (issued % 256), value, "application/octet-stream", Precondition.none()));
                issued++;
            }
            window.removeFirst().get(10, TimeUnit.SECONDS);
        }
        for (final CompletableFuture<Long> f : window) {
            f.get(10, TimeUnit.SECONDS);
        }
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        System.out.printf(Locale.ROOT, "concurrent (%d outstanding): %d writes in %.2f s = %.0f writes/s%n",
            concurrency, writes, seconds, writes / seconds);
    }

    private static void report(final String name, final long[] latenciesNs) {
        final long[] sorted = latenciesNs.clone();
        Arrays.sort(sorted);
        final double totalS = Arrays.stream(latenciesNs).sum() / 1e9;
        System.out.printf(Locale.ROOT, "%s: %d writes, %.0f writes/s, latency p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
            name, sorted.length, sorted.length / totalS, sorted[sorted.length / 2] / 1e6,
            sorted[(int) (sorted.length * 0.99)] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    private static void deleteRecursively(final Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            for (final Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
