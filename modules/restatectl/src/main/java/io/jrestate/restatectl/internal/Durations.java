package io.jrestate.restatectl.internal;

/** Human durations as the reference's tables print them: {@code 25s}, {@code 17m 40s}, {@code 2h 3m}, {@code 1d 4h}. */
final class Durations {
    private Durations() {
    }

    static String human(final long millis) {
        final long seconds = Math.max(0, millis / 1000);
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m " + seconds % 60 + "s";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + "h " + seconds % 3600 / 60 + "m";
        }
        return seconds / 86_400 + "d " + seconds % 86_400 / 3600 + "h";
    }
}
