package io.jrestate.common.ids;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the recorded CSV vectors next to the test classes. */
final class TestResources {
    private TestResources() {
    }

    /**
     * Returns the data rows of a CSV resource split on commas, without the header line; fields never contain
     * commas (text fields are hex-encoded).
     *
     * @param name resource name relative to this package
     * @return the rows
     */
    static List<String[]> csvRows(final String name) {
        try (InputStream in = TestResources.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            final List<String[]> rows = new ArrayList<>();
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    /**
     * Builds the xorshift64 test buffer: byte i is the low byte of the state after i+1 steps from state 1.
     *
     * @param size bytes to produce
     * @return the buffer
     */
    static byte[] xorshiftBuffer(final int size) {
        final byte[] buffer = new byte[size];
        long x = 1;
        for (int i = 0; i < size; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            buffer[i] = (byte) x;
        }
        return buffer;
    }
}
