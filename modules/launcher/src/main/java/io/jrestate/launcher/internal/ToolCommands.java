package io.jrestate.launcher.internal;

import io.jrestate.backup.BackupCommand;
import io.jrestate.backup.RestoreCommand;
import io.jrestate.common.FriendlyDuration;
import io.jrestate.config.ConfigException;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.RestateConfig;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subcommands {@code restate-server backup} and {@code restate-server restore}. Both take the server's own
 * configuration flags (and {@code restate.toml}, environment) so they find the same admin address and node
 * directory the server uses; their own flags are listed in {@link #helpText()}. Exit code 2 on bad usage; the
 * others are {@link BackupCommand}'s and {@link RestoreCommand}'s.
 */
final class ToolCommands {
    private static final Duration DEFAULT_MAX_HOLD = Duration.ofSeconds(5);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;

    ToolCommands(final Map<String, String> environment, final PrintStream out, final PrintStream err) {
        this.environment = environment;
        this.out = out;
        this.err = err;
    }

    static boolean handles(final List<String> args) {
        return !args.isEmpty() && (args.get(0).equals("backup") || args.get(0).equals("restore"));
    }

    /** The subcommand's own flags, and the server flags left for {@link CommandLine}. */
    private record Parsed(Optional<String> to, Optional<String> from, boolean replace, Optional<String> adminAddress,
            Optional<String> maxHold, Optional<String> maxBytesPerSecond, boolean help, List<String> serverArgs) {
    }

    int run(final List<String> args) {
        final String command = args.get(0);
        final Parsed parsed;
        final RestateConfig config;
        try {
            parsed = parse(args.subList(1, args.size()));
            if (parsed.help()) {
                out.print(helpText());
                return Launcher.EXIT_OK;
            }
            final CommandLine commandLine = CommandLine.parse(parsed.serverArgs(),
                    Optional.ofNullable(environment.get("RESTATE_CONFIG")));
            config = ConfigLoader.load(new ConfigSources(commandLine.configFile(), environment,
                    commandLine.overrides(), ConfigSources.localHostname())).config();
            return command.equals("backup") ? backup(parsed, config) : restore(parsed, config);
        } catch (final CommandLine.UsageException | IllegalArgumentException e) {
            err.println("restate-server " + command + ": " + e.getMessage());
            return ConfigException.EXIT_CODE;
        } catch (final ConfigException e) {
            err.println("restate-server " + command + ": invalid configuration:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return ConfigException.EXIT_CODE;
        }
    }

    private int backup(final Parsed parsed, final RestateConfig config) {
        final String to = parsed.to().orElseThrow(() -> new CommandLine.UsageException(
                "backup needs --to <DIR>, the new backup directory; see backup --help"));
        final URI admin = URI.create(parsed.adminAddress().orElse(config.admin().listener().advertisedAddress()));
        final Duration maxHold = parsed.maxHold().map(FriendlyDuration::parse).orElse(DEFAULT_MAX_HOLD);
        final long rate = parsed.maxBytesPerSecond().map(Long::parseLong).orElse(0L);
        return new BackupCommand(new BackupCommand.Options(admin, Path.of(to).toAbsolutePath().normalize(), maxHold,
                rate), out, err).run();
    }

    private int restore(final Parsed parsed, final RestateConfig config) {
        final String from = parsed.from().orElseThrow(() -> new CommandLine.UsageException(
                "restore needs --from <DIR>, the backup directory; see restore --help"));
        return new RestoreCommand(new RestoreCommand.Options(Path.of(from).toAbsolutePath().normalize(),
                config.common().nodeDir(), config.common().clusterName(), config.common().nodeName(),
                NodeDirectory.MIN_FORMAT_VERSION, NodeDirectory.FORMAT_VERSION, parsed.replace()), out, err).run();
    }

    private static Parsed parse(final List<String> args) {
        Optional<String> to = Optional.empty();
        Optional<String> from = Optional.empty();
        Optional<String> admin = Optional.empty();
        Optional<String> maxHold = Optional.empty();
        Optional<String> rate = Optional.empty();
        boolean replace = false;
        boolean help = false;
        final List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            final int eq = arg.indexOf('=');
            final String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            final boolean inline = arg.startsWith("--") && eq > 0;
            switch (flag) {
                case "--to", "--from", "--admin-address", "--max-hold", "--max-bytes-per-second" -> {
                    final String value = inline ? arg.substring(eq + 1) : valueAfter(args, i++, flag);
                    switch (flag) {
                        case "--to" -> to = Optional.of(value);
                        case "--from" -> from = Optional.of(value);
                        case "--admin-address" -> admin = Optional.of(value);
                        case "--max-hold" -> maxHold = Optional.of(value);
                        default -> rate = Optional.of(value);
                    }
                }
                case "--replace" -> replace = true;
                case "-h", "--help" -> help = true;
                default -> rest.add(arg);
            }
        }
        return new Parsed(to, from, replace, admin, maxHold, rate, help, rest);
    }

    private static String valueAfter(final List<String> args, final int index, final String flag) {
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new CommandLine.UsageException("flag " + flag + " needs a value; see --help");
        }
        return args.get(index + 1);
    }

    static String helpText() {
        return """
                Usage: restate-server backup --to <DIR> [OPTIONS] [SERVER OPTIONS]
                       restate-server restore --from <DIR> [--replace] [SERVER OPTIONS]

                backup: asks the running node (admin API) for an online backup into DIR, a new directory on the
                server's machine; the node keeps serving (writes pause for the cut only).
                      --to <DIR>                      the new backup directory
                      --admin-address <URL>           the node's admin API; default: admin advertised address
                      --max-hold <DURATION>           longest pause of writes for the cut (default 5s)
                      --max-bytes-per-second <N>      limit the copy rate (default: unlimited)
                  exit codes: 0 done, 1 refused or failed, 2 bad usage, 3 server unreachable or lost

                restore: with the server stopped, verifies the backup in DIR and writes it to
                <base-dir>/<node-name> of the configuration (same flags, file and environment as the server).
                      --from <DIR>                    the backup directory
                      --replace                       delete the target's contents first if not empty
                  exit codes: 0 done, 1 write failed, 2 bad usage, 3 backup incomplete or damaged,
                              4 backup does not fit this server or configuration, 5 target in use or not empty

                SERVER OPTIONS: -c/--config-file, --node-name, --cluster-name, --base-dir, ... (see --help)
                """;
    }
}
