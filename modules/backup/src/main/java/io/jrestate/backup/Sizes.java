package io.jrestate.backup;

import java.util.Locale;

/** Human-readable sizes and durations for progress lines. */
final class Sizes {
    private Sizes() {
    }

    static String bytes(final long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    static String millis(final long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String micros(final long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    /** Prints progress at most about once a second, and always the last line. */
    static final class Throttle {
        private static final long INTERVAL_NS = 1_000_000_000L;
        private long lastNs = System.nanoTime();

        boolean due(final boolean last) {
            final long now = System.nanoTime();
            if (last || now - lastNs >= INTERVAL_NS) {
                lastNs = now;
                return true;
            }
            return false;
        }
    }
}
