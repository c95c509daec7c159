package io.jrestate.restatectl.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The command dispatcher: global options, {@code --help}, {@code --version}, then one command. Exit status 0 on
 * success, 1 when the command failed ({@code Error: ...} on stderr), 2 on bad usage ({@code error: ...}).
 */
public final class Restatectl {
    /** Where the tool looks without {@code --address} or {@code RESTATECTL_ADDRESS}: the admin API. */
    public static final String DEFAULT_ADDRESS = "http://localhost:9070/";
    static final String HELP = """
        Restate Cluster Administration Tool (jrestate)

        Talks to a jrestate node's admin API (default port 9070); the reference restatectl uses the node port 5122.

        Usage: restatectl [OPTIONS] <COMMAND>

        Commands:
          status             Print cluster status overview
          nodes              Cluster node status (list)
          config             Cluster configuration operations (get)
          snapshots          Partition processor snapshots (create [PARTITION_ID]... [-m <MIN_LSN>] [-t])
          metadata           Metadata store operations (get --key <KEY>)
          version            Print the versions of restatectl and of the server
          help               Print this message

        Options:
          -s, --address <ADDRESS>          Server addresses, comma-separated or repeated [env: RESTATECTL_ADDRESS=]
                                           [default: http://localhost:9070/] [alias: --server]
          -S, --single-address <ADDRESS>   Connect to this address only
              --table-style <STYLE>        compact (default) or borders (printed as compact)
              --time-format <FORMAT>       human (default), iso8601, rfc2822
          -y, --yes                        Auto answer "yes" to confirmation prompts
              --connect-timeout <MS>       Connection timeout in milliseconds [default: 3000]
              --request-timeout <MS>       Overall request timeout in milliseconds [default: 13000]
          -h, --help                       Print help
          -V, --version                    Print version
        """;
    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the tool.
     *
     * @param env the environment ({@code RESTATECTL_ADDRESS})
     * @param out standard output
     * @param err standard error
     */
    public Restatectl(final Map<String, String> env, final PrintStream out, final PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    /**
     * Runs one command line.
     *
     * @param args the arguments
     * @return the exit status
     */
    public int run(final List<String> args) {
        try {
            final CliArgs cli = CliArgs.parse(args);
            if (cli.flag("version") && cli.words().isEmpty()) {
                out.println(versionLine());
                return 0;
            }
            if (cli.flag("help") || cli.words().isEmpty() || cli.words().getFirst().equals("help")) {
                (cli.words().isEmpty() && !cli.flag("help") ? err : out).print(HELP);
                return cli.words().isEmpty() && !cli.flag("help") ? 2 : 0;
            }
            try (AdminClient client = new AdminClient(addresses(cli), cli.millis("connect-timeout", 3000),
                cli.millis("request-timeout", 13000))) {
                return new Commands(client, out).run(cli);
            }
        } catch (CliArgs.UsageException e) {
            err.println("error: " + e.getMessage());
            err.println();
            err.println("For more information, try '--help'.");
            return 2;
        } catch (AdminClient.CtlException e) {
            err.println("Error: " + e.getMessage());
            return 1;
        }
    }

    private List<String> addresses(final CliArgs cli) {
        final List<String> single = cli.list("single-address");
        if (!single.isEmpty()) {
            return List.of(single.getFirst());
        }
        final List<String> given = cli.list("address");
        if (!given.isEmpty()) {
            return given;
        }
        final String fromEnv = env.get("RESTATECTL_ADDRESS");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return List.of(fromEnv.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(DEFAULT_ADDRESS);
    }

    /**
     * The {@code --version} line, in the reference's shape: {@code restatectl 1.7.12 (jrestate 0.1.0)}.
     *
     * @return the line
     */
    static String versionLine() {
        final Properties versions = new Properties();
        try (InputStream in = Restatectl.class.getResourceAsStream("/io/jrestate/restatectl/version.properties")) {
            if (in != null) {
                versions.load(in);
            }
        } catch (IOException e) {
            // Fall through to "unknown".
        }
        return "restatectl " + versions.getProperty("restate.version", "unknown") + " (jrestate "
            + versions.getProperty("jrestate.version", "unknown") + ")";
    }
}
