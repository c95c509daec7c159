package io.jrestate.worker.internal.processor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A partition log in memory for tests: appends are "durable" at once; a copy survives a simulated crash. */
public final class InMemoryPartitionLog implements PartitionLog {
    private final List<byte[]> records = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<Long> append(final ByteBuffer record) {
        final byte[] copy = new byte[record.remaining()];
        record.get(copy);
        records.add(copy);
        return CompletableFuture.completedFuture((long) records.size());
    }

    @Override
    public synchronized long readFrom(final long fromLsn, final Visitor visitor) {
        for (long lsn = Math.max(1, fromLsn); lsn <= records.size(); lsn++) {
            visitor.onRecord(lsn, ByteBuffer.wrap(records.get((int) lsn - 1)));
        }
        return records.size() + 1L;
    }

    synchronized int size() {
        return records.size();
    }
}
