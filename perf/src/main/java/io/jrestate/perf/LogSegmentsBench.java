package io.jrestate.perf;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs {@link LogAppendBenchmark} and prints the figures table of {@code perf/README.md}: durable appends per
 * second, MB/s, the ratio to the raw write+fsync loop (target at 1 appender: at least 0.9) and to the store's own
 * single-appender rate (target at 64 appenders: at least 20). Also writes the table to
 * {@code target/log-segments-bench.md}.
 */
public final class LogSegmentsBench {
    private LogSegmentsBench() {
    }

    /**
     * Entry point.
     *
     * @param args JMH command-line options (default: the whole benchmark with its annotated settings)
     * @throws RunnerException when JMH fails
     * @throws CommandLineOptionException when the options do not parse
     * @throws IOException when the table cannot be written
     */
    public static void main(final String[] args) throws RunnerException, IOException, CommandLineOptionException {
        final CommandLineOptions cli = new CommandLineOptions(args);
        final OptionsBuilder options = new OptionsBuilder();
        options.parent(cli);
        if (cli.getIncludes().isEmpty()) {
            options.include(LogAppendBenchmark.class.getSimpleName());
        }
        final Collection<RunResult> results = new Runner(options.build()).run();
        final Map<String, Double> opsPerSecond = new TreeMap<>();
        for (RunResult r : results) {
            final String method = r.getParams().getBenchmark().replaceAll(".*\\.", "");
            final String size = r.getParams().getParam("recordBytes");
            final String inline = "true".equals(r.getParams().getParam("inlineCommit")) ? "+inline" : "";
            opsPerSecond.put(size + "/" + method + inline, r.getPrimaryResult().getScore());
        }
        final String table = table(opsPerSecond);
        System.out.println(table);
        Files.writeString(Path.of("target/log-segments-bench.md"), table);
    }

    static String table(final Map<String, Double> ops) {
        final StringBuilder out = new StringBuilder();
        out.append("| record | benchmark | appends/s | MB/s | vs raw | vs 1 appender (same commit mode) |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (String size : new String[] {"100", "4096"}) {
            final Double raw = ops.get(size + "/raw");
            for (String method : new String[] {"raw", "append1", "append16", "append64", "append24Logs",
                "append1+inline", "append16+inline", "append64+inline", "append24Logs+inline"}) {
                final Double one = ops.get(size + (method.endsWith("+inline") ? "/append1+inline" : "/append1"));
                final Double score = ops.get(size + "/" + method);
                if (score == null) {
                    continue;
                }
                out.append(String.format(Locale.ROOT, "| %s B | %s | %,.0f | %.1f | %s | %s |%n", size, method, score,
                    score * Integer.parseInt(size) / 1e6, ratio(score, raw), ratio(score, one)));
            }
        }
        return out.toString();
    }

    private static String ratio(final double score, final Double base) {
        return base == null || base == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", score / base);
    }
}
