package io.jrestate.backup.internal;

import io.jrestate.node.api.BackupCut;
import io.jrestate.node.api.BackupFile;
import io.jrestate.node.api.BackupParticipant;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A participant over in-memory files: the cut copies the current contents, so later changes are not in it. Counts
 * captures, releases and closes, and can fail its capture or report a hold past the limit.
 */
final class FakeParticipant implements BackupParticipant {
    private final String name;
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private final Map<String, Integer> zeroTails = new LinkedHashMap<>();
    final AtomicInteger releases = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();
    volatile String failWith;
    volatile boolean heldPastLimit;
    volatile long position;

    FakeParticipant(final String name) {
        this.name = name;
    }

    FakeParticipant file(final String path, final byte[] data, final int zeroTailBytes) {
        files.put(path, data.clone());
        zeroTails.put(path, zeroTailBytes);
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public CompletableFuture<BackupCut> capture(final Duration maxHold) {
        if (failWith != null) {
            return CompletableFuture.failedFuture(new IllegalStateException(failWith));
        }
        final Map<String, byte[]> snapshot = new LinkedHashMap<>();
        files.forEach((path, data) -> snapshot.put(path, data.clone()));
        final List<BackupFile> list = new ArrayList<>();
        snapshot.forEach((path, data) -> list.add(new BackupFile(path, data.length + zeroTails.get(path),
                data.length)));
        final long at = position;
        return CompletableFuture.completedFuture(new BackupCut() {
            @Override
            public Map<String, Long> positions() {
                return Map.of("position", at);
            }

            @Override
            public List<BackupFile> files() {
                return list;
            }

            @Override
            public int read(final String path, final long pos, final ByteBuffer dst) {
                final byte[] data = snapshot.get(path);
                if (data == null) {
                    throw new IllegalArgumentException("no file " + path);
                }
                if (pos >= data.length) {
                    return -1;
                }
                final int n = (int) Math.min(dst.remaining(), data.length - pos);
                dst.put(data, (int) pos, n);
                return n;
            }

            @Override
            public void release() {
                releases.incrementAndGet();
            }

            @Override
            public boolean heldPastLimit() {
                return heldPastLimit;
            }

            @Override
            public void close() {
                closes.incrementAndGet();
            }
        });
    }
}
