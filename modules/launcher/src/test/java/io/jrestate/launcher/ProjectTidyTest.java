package io.jrestate.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the house size limits (guides/style.md) on every module's and perf's sources: Java and proto files of
 * at most 1,000 lines, lines of at most 120 characters, no tabs. Build output ({@code target/}) is skipped. Lists
 * every offending place, so one run shows all of them.
 */
class ProjectTidyTest {
    private static final int FILE_LINES_MAX = 1000;
    private static final int LINE_CHARS_MAX = 120;

    @Test
    void shouldKeepEverySourceFileShortNarrowAndFreeOfTabs() throws IOException {
        final Path root = Path.of(System.getProperty("jrestate.project.root", "../.."));
        final List<Path> sources = new ArrayList<>();
        sources.addAll(sourcesUnder(root.resolve("modules")));
        sources.addAll(sourcesUnder(root.resolve("perf")));
        assertTrue(sources.size() > 300, "found only " + sources.size() + " sources under " + root.toAbsolutePath());
        final List<String> problems = new ArrayList<>();
        for (final Path file : sources) {
            problems.addAll(problemsOf(file));
        }
        assertEquals(List.of(), problems);
    }

    private static List<Path> sourcesUnder(final Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().matches(".*\\.(java|proto)$"))
                .filter(f -> !f.toString().contains("/target/"))
                .toList();
        }
    }

    private static List<String> problemsOf(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final List<String> problems = new ArrayList<>();
        if (lines.size() > FILE_LINES_MAX) {
            problems.add(file + ": " + lines.size() + " lines (max " + FILE_LINES_MAX + ")");
        }
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i);
            if (line.codePointCount(0, line.length()) > LINE_CHARS_MAX) {
                problems.add(file + ":" + (i + 1) + ": " + line.length() + " characters (max " + LINE_CHARS_MAX + ")");
            }
            if (line.indexOf('\t') >= 0) {
                problems.add(file + ":" + (i + 1) + ": tab");
            }
        }
        return problems;
    }
}
