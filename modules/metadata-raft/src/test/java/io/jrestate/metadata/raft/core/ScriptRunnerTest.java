package io.jrestate.metadata.raft.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data-driven interaction scripts in the manner of etcd's {@code testdata/*.txt}: each file under
 * {@code src/test/resources/raft-scripts} is a list of blocks, a command line, {@code ----}, then the exact
 * output the command must print, then a blank line. The commands drive a {@link TestCluster}:
 *
 * <pre>
 *   cluster 1 2 3          bootstrap voters            campaign N     start an election on N
 *   stabilize              deliver until quiet         tick N K       tick node N K times
 *   tick-all K             tick every node K times     propose N TEXT propose on N (prints the index or 0)
 *   isolate N / heal       cut N off / restore links   transfer N M   hand leadership from N to M
 *   add-learner N M        N proposes learner M        add-voter N M  N proposes voter M
 *   remove N M             N proposes removing M       add-node N     start an empty node N
 *   compact N              N snapshots its applied log status         one line per node
 * </pre>
 * Run with {@code -Drewrite=true} to re-record the expected output after an intended change.
 */
class ScriptRunnerTest {
    private static final Path SCRIPTS = Path.of(System.getProperty("jrestate.project.root", "../.."))
        .resolve("modules/metadata-raft/src/test/resources/raft-scripts");

    @TestFactory
    Stream<DynamicTest> shouldReproduceEveryScriptExactly() throws IOException {
        final List<Path> files;
        try (Stream<Path> list = Files.list(SCRIPTS)) {
            files = list.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no scripts in " + SCRIPTS);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> run(file)));
    }

    private static void run(final Path file) throws IOException {
        final List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        final StringBuilder rewritten = new StringBuilder();
        TestCluster cluster = null;
        int i = 0;
        while (i < lines.size()) {
            final String command = lines.get(i).trim();
            if (command.isEmpty() || command.startsWith("#")) {
                rewritten.append(lines.get(i)).append('\n');
                i++;
                continue;
            }
            assertEquals("----", lines.get(i + 1), file.getFileName() + ":" + (i + 2) + ": expected ----");
            int end = i + 2;
            final List<String> expected = new ArrayList<>();
            while (end < lines.size() && !lines.get(end).isEmpty()) {
                expected.add(lines.get(end));
                end++;
            }
            final String[] words = command.split("\\s+");
            if (words[0].equals("cluster")) {
                cluster = TestCluster.of(ids(words, 1));
            }
            final List<String> actual = execute(cluster, words);
            rewritten.append(command).append("\n----\n");
            actual.forEach(line -> rewritten.append(line).append('\n'));
            rewritten.append('\n');
            if (!Boolean.getBoolean("rewrite")) {
                assertEquals(String.join("\n", expected), String.join("\n", actual),
                    file.getFileName() + ":" + (i + 1) + ": " + command);
            }
            i = end + 1;
        }
        if (Boolean.getBoolean("rewrite")) {
            Files.writeString(file, rewritten.toString(), StandardCharsets.UTF_8);
        }
    }

    private static long[] ids(final String[] words, final int from) {
        final long[] ids = new long[words.length - from];
        for (int i = from; i < words.length; i++) {
            ids[i - from] = Long.parseLong(words[i]);
        }
        return ids;
    }

    private static List<String> execute(final TestCluster cluster, final String[] w) {
        final long a = w.length > 1 && !w[0].equals("tick-all") && !w[0].equals("cluster") ? Long.parseLong(w[1]) : 0;
        switch (w[0]) {
            case "cluster", "stabilize" -> {
                cluster.stabilize();
                return List.of("ok");
            }
            case "campaign" -> cluster.core(a).campaign();
            case "tick" -> cluster.tick(a, Integer.parseInt(w[2]));
            case "tick-all" -> cluster.tickAll(Integer.parseInt(w[1]));
            case "propose" -> {
                return List.of("index " + cluster.core(a).propose(w[2].getBytes(StandardCharsets.UTF_8)));
            }
            case "isolate" -> cluster.isolate(a);
            case "heal" -> cluster.heal();
            case "transfer" -> {
                return List.of("started " + cluster.core(a).transferLeadership(Long.parseLong(w[2])));
            }
            case "add-learner", "add-voter", "remove" -> {
                final ConfChange.Kind kind = w[0].equals("add-learner") ? ConfChange.Kind.ADD_LEARNER
                    : w[0].equals("add-voter") ? ConfChange.Kind.ADD_VOTER : ConfChange.Kind.REMOVE;
                return List.of("index " + cluster.core(a).proposeConfChange(new ConfChange(kind,
                    Long.parseLong(w[2]))));
            }
            case "add-node" -> cluster.addEmptyNode(a);
            case "compact" -> {
                final RaftCore core = cluster.core(a);
                return List.of("snapshot " + core.createSnapshot(core.applied(), new byte[0]).index());
            }
            case "status" -> {
                return status(cluster);
            }
            default -> throw new IllegalArgumentException("unknown script command '" + w[0] + "'");
        }
        cluster.processReadies();
        return List.of("ok");
    }

    private static List<String> status(final TestCluster cluster) {
        final List<String> out = new ArrayList<>();
        for (final var e : cluster.nodes.entrySet()) {
            final RaftCore c = e.getValue().core;
            out.add(e.getKey() + ": " + c.role() + " term=" + c.term() + " leader=" + c.leaderId() + " last="
                + c.lastIndex() + " commit=" + c.committed() + " applied=" + c.applied() + " snap="
                + c.snapshot().index() + " voters=" + c.conf().voters() + " learners=" + c.conf().learners());
        }
        return out;
    }
}
