package io.jrestate.log.segments.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC32C helpers ({@link CRC32C} is a JDK intrinsic; no extra library or JVM flag needed). */
public final class Checksums {
    private Checksums() {
    }

    /**
     * CRC32C of a region, without moving the buffer's position.
     *
     * @param buffer the bytes
     * @param from first byte
     * @param length number of bytes
     * @return the checksum as an unsigned 32-bit value in an int
     */
    public static int crc32c(final ByteBuffer buffer, final int from, final int length) {
        final CRC32C crc = new CRC32C();
        crc.update(buffer.slice(from, length));
        return (int) crc.getValue();
    }

    /**
     * Feeds a long, little-endian, into a running checksum.
     *
     * @param crc the checksum
     * @param value the value
     */
    public static void updateLong(final CRC32C crc, final long value) {
        for (int i = 0; i < Long.BYTES; i++) {
            crc.update((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
