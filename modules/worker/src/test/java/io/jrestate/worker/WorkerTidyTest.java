package io.jrestate.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the house size limits on this module's sources (main and test Java, proto, scripts): files of at most
 * 1,000 lines, lines of at most 120 columns, no tabs. Lists every offending place.
 */
class WorkerTidyTest {
    private static final int FILE_LINES_MAX = 1000;
    private static final int LINE_COLUMNS_MAX = 120;

    @Test
    void shouldKeepFilesShortLinesNarrowAndFreeOfTabs() throws IOException {
        final Path src = Path.of(System.getProperty("jrestate.project.root", "../.."), "modules/worker/src");
        final List<Path> sources;
        try (Stream<Path> files = Files.walk(src)) {
            sources = files.filter(f -> f.toString().matches(".*\\.(java|proto|mjs)$")).toList();
        }
        assertTrue(sources.size() > 40, "found only " + sources.size() + " sources under " + src);
        final List<String> problems = new ArrayList<>();
        for (final Path file : sources) {
            final List<String> lines = Files.readAllLines(file);
            if (lines.size() > FILE_LINES_MAX) {
                problems.add(file + ": " + lines.size() + " lines (max " + FILE_LINES_MAX + ")");
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > LINE_COLUMNS_MAX) {
                    problems.add(file + ":" + (i + 1) + ": " + lines.get(i).length() + " columns");
                }
                if (lines.get(i).indexOf('\t') >= 0) {
                    problems.add(file + ":" + (i + 1) + ": tab");
                }
            }
        }
        assertEquals(List.of(), problems);
    }
}
