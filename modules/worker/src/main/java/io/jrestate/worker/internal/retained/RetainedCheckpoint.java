package io.jrestate.worker.internal.retained;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The retained store's position at an applied LSN: which segment files, how long each, how long the removals
 * file. Everything it names is fsynced before it is written, and no file it names is deleted until a later
 * checkpoint replaces it, so {@link DiskRetainedStore#restore} can always go back to it.
 *
 * <pre>
 *  "JRRC" u32 version=1 | applied lsn u64 | bucket width ms u64 | next segment id u32 | removals length u64
 *  | segment count u32 | count x (segment id u32, bucket end ms u64, length u64) | crc32c u32 of all before
 * </pre>
 *
 * @param appliedLsn the LSN of the last record whose effects the checkpoint holds
 * @param bucketWidthMs the store's expiry bucket width
 * @param nextSegmentId the id the next new segment gets
 * @param removalsLengthBytes the length of the removals file
 * @param segments the live segments
 */
public record RetainedCheckpoint(long appliedLsn, long bucketWidthMs, int nextSegmentId, long removalsLengthBytes,
        List<Segment> segments) {
    private static final int MAGIC = 0x4a52_5243;
    private static final int VERSION = 1;

    /** Copies the segment list. */
    public RetainedCheckpoint {
        segments = List.copyOf(segments);
    }

    /**
     * One segment file at the checkpoint.
     *
     * @param id the segment id
     * @param bucketEndMs the end of its expiry bucket
     * @param lengthBytes its length
     */
    public record Segment(int id, long bucketEndMs, long lengthBytes) {
    }

    /**
     * The files of the store's folder that a restore to this checkpoint reads, with the bytes it reads of each:
     * every segment up to its length, and the removals file up to its length. (The checkpoint file itself is
     * rewritten by the restore.) Backups copy exactly these bytes.
     *
     * @return file name to length in bytes, segments first
     */
    public Map<String, Long> fileLengths() {
        final Map<String, Long> files = new LinkedHashMap<>();
        for (final Segment s : segments) {
            files.put(RetainedSegment.fileName(s.id(), s.bucketEndMs()), s.lengthBytes());
        }
        files.put(RetainedFiles.REMOVALS, removalsLengthBytes);
        return files;
    }

    /**
     * Encodes the checkpoint (for the store's checkpoint file and for partition snapshots).
     *
     * @return the bytes
     */
    public byte[] toBytes() {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(appliedLsn);
            out.writeLong(bucketWidthMs);
            out.writeInt(nextSegmentId);
            out.writeLong(removalsLengthBytes);
            out.writeInt(segments.size());
            for (final Segment s : segments) {
                out.writeInt(s.id());
                out.writeLong(s.bucketEndMs());
                out.writeLong(s.lengthBytes());
            }
            final CRC32C crc = new CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Decodes a checkpoint.
     *
     * @param bytes the bytes
     * @return the checkpoint
     * @throws IllegalArgumentException when the bytes are not a valid checkpoint (names what is wrong)
     */
    public static RetainedCheckpoint fromBytes(final byte[] bytes) {
        if (bytes.length < 4) {
            throw new IllegalArgumentException("retained checkpoint is truncated: " + bytes.length + " bytes");
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        final int stored = java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).getInt();
        if ((int) crc.getValue() != stored) {
            throw new IllegalArgumentException("retained checkpoint fails its crc check");
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 0, bytes.length - 4))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException("not a retained checkpoint (bad magic)");
            }
            final int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException("retained checkpoint version " + version + " is not supported");
            }
            final long lsn = in.readLong();
            final long width = in.readLong();
            final int nextId = in.readInt();
            final long removals = in.readLong();
            final int count = in.readInt();
            final List<Segment> segments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                segments.add(new Segment(in.readInt(), in.readLong(), in.readLong()));
            }
            return new RetainedCheckpoint(lsn, width, nextId, removals, segments);
        } catch (final IOException e) {
            throw new IllegalArgumentException("retained checkpoint is truncated: " + e.getMessage(), e);
        }
    }
}
