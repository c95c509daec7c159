package io.jrestate.launcher.internal;

import io.jrestate.config.CliOverride;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line of {@code restate-server}, with the reference's flags. Both {@code --flag value} and
 * {@code --flag=value} are accepted; {@code --roles} may repeat ({@code --roles=worker --roles=admin}) or list
 * roles separated by commas.
 *
 * @param configFile {@code -c/--config-file}, if given
 * @param dumpConfig {@code --dump-config}: print the effective configuration and exit
 * @param help {@code -h/--help}
 * @param version {@code -V/--version}
 * @param overrides configuration values set by flags
 */
public record CommandLine(Optional<Path> configFile, boolean dumpConfig, boolean help, boolean version,
        List<CliOverride> overrides) {

    /** Flags taking a value, and the configuration key each sets. */
    private static final Map<String, String> VALUE_FLAGS = Map.ofEntries(
            Map.entry("--node-name", "node-name"), Map.entry("--cluster-name", "cluster-name"),
            Map.entry("--base-dir", "base-dir"), Map.entry("--roles", "roles"),
            Map.entry("--auto-provision", "auto-provision"), Map.entry("--bind-address", "bind-address"),
            Map.entry("--advertised-address", "advertised-address"), Map.entry("--bind-ip", "bind-ip"),
            Map.entry("--bind-port", "bind-port"), Map.entry("--advertised-host", "advertised-host"),
            Map.entry("--default-num-partitions", "default-num-partitions"), Map.entry("--log-filter", "log-filter"),
            Map.entry("--shutdown-timeout", "shutdown-timeout"), Map.entry("--location", "location"),
            Map.entry("--force-node-id", "force-node-id"));

    /** A command line that cannot be parsed; the launcher prints the message and exits with code 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /**
         * Creates the exception.
         *
         * @param message what is wrong, naming the argument
         */
        public UsageException(final String message) {
            super(message);
        }
    }

    /**
     * Parses the arguments.
     *
     * @param args the arguments after the program name
     * @param configFromEnvironment the value of {@code RESTATE_CONFIG}, used when {@code -c} is not given
     * @return the parsed command line
     * @throws UsageException naming an unknown flag or a missing value
     */
    public static CommandLine parse(final List<String> args, final Optional<String> configFromEnvironment) {
        Optional<Path> configFile = configFromEnvironment.filter(s -> !s.isBlank()).map(Path::of);
        boolean dump = false;
        boolean help = false;
        boolean version = false;
        final List<CliOverride> overrides = new ArrayList<>();
        final List<String> roles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            final String arg = args.get(i);
            final int eq = arg.indexOf('=');
            final String flag = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
            final Optional<String> inline = arg.startsWith("--") && eq > 0 ? Optional.of(arg.substring(eq + 1))
                    : Optional.empty();
            switch (flag) {
                case "-h", "--help" -> help = true;
                case "-V", "--version" -> version = true;
                case "--dump-config" -> dump = true;
                case "--production", "--no-logo" -> {
                    // Accepted for compatibility: jrestate prints no logo; --production is handled below.
                    if (flag.equals("--production")) {
                        overrides.add(new CliOverride(flag, "auto-provision", "false"));
                    }
                }
                case "-c", "--config-file" -> {
                    final String value = inline.isPresent() ? inline.get() : valueAfter(args, i++, flag);
                    configFile = Optional.of(Path.of(value));
                }
                default -> {
                    final String key = VALUE_FLAGS.get(flag);
                    if (key == null) {
                        throw new UsageException("unknown argument '" + arg + "'; see --help");
                    }
                    final String value = inline.isPresent() ? inline.get() : valueAfter(args, i++, flag);
                    if (key.equals("roles")) {
                        roles.add(value);
                    } else {
                        overrides.add(new CliOverride(flag, key, value));
                    }
                }
            }
        }
        if (!roles.isEmpty()) {
            overrides.add(new CliOverride("--roles", "roles", String.join(",", roles)));
        }
        return new CommandLine(configFile, dump, help, version, List.copyOf(overrides));
    }

    private static String valueAfter(final List<String> args, final int index, final String flag) {
        if (index + 1 >= args.size() || args.get(index + 1).startsWith("--")) {
            throw new UsageException("flag " + flag + " needs a value; see --help");
        }
        return args.get(index + 1);
    }

    /**
     * The {@code --help} text.
     *
     * @return the usage text
     */
    public static String helpText() {
        return """
                Restate Server (jrestate)

                Usage: restate-server [OPTIONS]
                       restate-server backup --to <DIR> [OPTIONS]     online backup of the running node
                       restate-server restore --from <DIR> [OPTIONS]  restore a backup (server stopped)
                       (restate-server backup --help for theirs)

                Options:
                  -c, --config-file <FILE>            configuration file (env: RESTATE_CONFIG)
                      --dump-config                   print the effective configuration as TOML and exit
                      --production                    production profile: auto-provision = false
                      --node-name <NAME>              node name; default: the host name (env: RESTATE_NODE_NAME)
                      --cluster-name <NAME>           cluster name (env: RESTATE_CLUSTER_NAME)
                      --base-dir <DIR>                base data directory; default ./restate-data
                      --roles <ROLES>                 roles, comma-separated or repeated: http-ingress, admin,
                                                      worker, log-server, metadata-server; default all
                      --auto-provision <true|false>   allow this node to provision a new cluster
                      --bind-address <HOST:PORT>      node-to-node listener, e.g. [::]:5122
                      --advertised-address <URL>      address other nodes use, e.g. http://127.0.0.1:5122/
                      --bind-ip <IP>, --bind-port <PORT>, --advertised-host <HOST>
                      --default-num-partitions <N>    partitions created at provisioning (1..65535)
                      --shutdown-timeout <DURATION>   graceful shutdown limit, e.g. 1m
                      --location <REGION[.ZONE]>      node location
                      --force-node-id <ID>            insist on this node id
                      --log-filter <FILTER>           e.g. warn,restate=info (env: RUST_LOG)
                      --no-logo                       accepted for compatibility
                  -h, --help                          print this help
                  -V, --version                       print the version

                Every configuration key can also be set with an environment variable: RESTATE_ + the key path,
                with __ between table levels and _ for -, e.g. RESTATE_WORKER__INVOKER__INACTIVITY_TIMEOUT=5m.
                Precedence: defaults < file < environment < command line.
                """;
    }
}
