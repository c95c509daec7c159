package io.jrestate.perf.load;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Entry point of the load tool ({@code perf/bin/load}): parses the command line, runs the load against a
 * Restate-compatible ingress and prints the human-readable summary followed by the one-line JSON summary (always
 * the last line of standard output, starting with <code>{</code>).
 *
 * <p>Exit status: 0 when at least one request succeeded, 1 when none did, 2 for a bad command line.
 */
public final class LoadMain {
    private LoadMain() {
    }

    /**
     * Runs the tool.
     *
     * @param args the command line, see {@link LoadOptions#USAGE}
     * @throws InterruptedException when interrupted while the load runs
     */
    public static void main(final String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool with the given output streams.
     *
     * @param args the command line
     * @param out where the summaries go
     * @param err where usage errors and progress go
     * @return the exit status
     * @throws InterruptedException when interrupted while the load runs
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err) throws InterruptedException {
        final LoadOptions options;
        try {
            options = LoadOptions.parse(args, System.nanoTime() ^ System.currentTimeMillis());
        } catch (final LoadOptions.UsageException e) {
            err.println("load: " + e.getMessage());
            err.println(LoadOptions.USAGE);
            return 2;
        }
        if (options == null) {
            out.println(LoadOptions.USAGE);
            return 0;
        }
        err.println(String.format(Locale.ROOT, "load: %s/%s with %d connections (%s), %.1f s warm-up + %.1f s,"
                        + " seed %d", "http://" + options.authority() + options.basePath(), options.target(),
                options.connections(), options.openLoop() ? options.ratePerSecond() + " req/s" : "closed loop",
                options.warmup().toMillis() / 1e3, options.duration().toMillis() / 1e3, options.seed()));
        final LoadReport report = LoadRun.run(options);
        out.print(report.text());
        out.println(report.json());
        out.flush();
        return report.ok() > 0 ? 0 : 1;
    }
}
