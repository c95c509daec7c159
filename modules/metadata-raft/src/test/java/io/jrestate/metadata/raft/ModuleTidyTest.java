package io.jrestate.metadata.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Enforces the house rules on this module's sources mechanically (in the spirit of TigerBeetle's tidy test):
 * files of at most 1,000 lines, lines of at most 120 columns, no tabs; and the purity of the Raft core, whose
 * sources may not touch clocks, threads, unseeded randomness, I/O or hash-ordered collections, because the
 * simulation's determinism depends on it.
 */
class ModuleTidyTest {
    private static final Path MODULE = Path.of(System.getProperty("jrestate.project.root", "../.."))
        .resolve("modules/metadata-raft");
    private static final Pattern CORE_FORBIDDEN = Pattern.compile(
        "System\\.nanoTime|System\\.currentTimeMillis|new Random\\(|Math\\.random|\\bThread\\b|java\\.io\\."
            + "|java\\.nio\\.(?!ByteBuffer|BufferUnderflowException)|java\\.net\\.|\\bHashMap\\b|\\bHashSet\\b"
            + "|UUID\\.randomUUID|Instant\\.now|LocalDateTime|Executor|CompletableFuture");

    private static List<Path> javaFiles(final String root) throws IOException {
        try (Stream<Path> files = Files.walk(MODULE.resolve(root))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void shouldKeepFilesShortLinesNarrowAndFreeOfTabs() throws IOException {
        final List<String> problems = new ArrayList<>();
        final List<Path> files = new ArrayList<>(javaFiles("src/main/java"));
        files.addAll(javaFiles("src/test/java"));
        for (final Path file : files) {
            final List<String> lines = Files.readAllLines(file);
            if (lines.size() > 1000) {
                problems.add(file + ": " + lines.size() + " lines (max 1000)");
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).length() > 120) {
                    problems.add(file + ":" + (i + 1) + ": " + lines.get(i).length() + " columns (max 120)");
                }
                if (lines.get(i).indexOf('\t') >= 0) {
                    problems.add(file + ":" + (i + 1) + ": tab");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldKeepTheRaftCorePure() throws IOException {
        final List<String> problems = new ArrayList<>();
        for (final Path file : javaFiles("src/main/java/io/jrestate/metadata/raft/core")) {
            final List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                final String code = lines.get(i).replaceAll("^\\s*(\\*|//).*", "");
                if (CORE_FORBIDDEN.matcher(code).find()) {
                    problems.add(file.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertEquals(List.of(), problems, "the raft core must stay free of clocks, threads, I/O and hash order");
    }
}
