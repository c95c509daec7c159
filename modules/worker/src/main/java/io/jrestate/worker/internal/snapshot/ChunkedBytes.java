package io.jrestate.worker.internal.snapshot;

import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * An output stream into a list of fixed-size chunks: a snapshot body captured on the partition thread without one
 * huge array (no copying on growth), then written to the file by another thread.
 */
public final class ChunkedBytes extends OutputStream {
    private static final int CHUNK_BYTES = 64 * 1024;
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] current;
    private int used;
    private long sizeBytes;

    @Override
    public void write(final int b) {
        if (current == null || used == current.length) {
            current = new byte[CHUNK_BYTES];
            chunks.add(current);
            used = 0;
        }
        current[used++] = (byte) b;
        sizeBytes++;
    }

    @Override
    public void write(final byte[] src, final int offset, final int length) {
        int done = 0;
        while (done < length) {
            if (current == null || used == current.length) {
                current = new byte[CHUNK_BYTES];
                chunks.add(current);
                used = 0;
            }
            final int n = Math.min(length - done, current.length - used);
            System.arraycopy(src, offset + done, current, used, n);
            used += n;
            done += n;
        }
        sizeBytes += length;
    }

    /**
     * Appends all bytes of another chunk list.
     *
     * @param other the bytes to append
     */
    public void append(final ChunkedBytes other) {
        for (final ByteBuffer b : other.buffers()) {
            write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        }
    }

    /**
     * The bytes written so far.
     *
     * @return the count
     */
    public long sizeBytes() {
        return sizeBytes;
    }

    /**
     * The content as buffers (views over the chunks), in order.
     *
     * @return the buffers
     */
    public List<ByteBuffer> buffers() {
        final List<ByteBuffer> result = new ArrayList<>(chunks.size());
        for (int i = 0; i < chunks.size(); i++) {
            final byte[] chunk = chunks.get(i);
            result.add(ByteBuffer.wrap(chunk, 0, i == chunks.size() - 1 ? used : chunk.length));
        }
        return result;
    }
}
