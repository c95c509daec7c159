package io.jrestate.launcher.internal;

import io.jrestate.config.ConfigException;
import io.jrestate.config.ConfigLoader;
import io.jrestate.config.ConfigSources;
import io.jrestate.config.LoadedConfig;
import io.jrestate.config.RestateConfig;
import io.jrestate.launcher.ServiceCatalog;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@code restate-server} program: command line, configuration, logging, data directory, node lifecycle and
 * signals. Exit codes:
 * <pre>
 *   0  clean exit (help, version, dump, or a graceful shutdown on SIGTERM/SIGINT)
 *   1  the node could not start (data directory in use or belonging elsewhere, a service failed), or shutdown
 *      did not finish within shutdown-timeout
 *   2  bad command line or configuration
 * </pre>
 * {@code restate-server backup} and {@code restate-server restore} are subcommands with their own exit codes
 * ({@link ToolCommands}).
 */
public final class Launcher {
    /** Exit code of a clean run. */
    public static final int EXIT_OK = 0;
    /** Exit code when the node cannot start or stop cleanly. */
    public static final int EXIT_FAILURE = 1;

    private static final System.Logger LOG = System.getLogger(Launcher.class.getName());
    /** Extra time past shutdown-timeout for closing servers and unlocking before giving up. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

    private final Map<String, String> environment;
    private final PrintStream out;
    private final PrintStream err;
    private final ServiceCatalog catalog;
    private final CountDownLatch shutdownRequested = new CountDownLatch(1);

    /**
     * Creates a launcher.
     *
     * @param environment the process environment
     * @param out standard output (help, version, dump)
     * @param err standard error (errors before logging is set up)
     * @param catalog the services of each role
     */
    public Launcher(final Map<String, String> environment, final PrintStream out, final PrintStream err,
            final ServiceCatalog catalog) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
        this.catalog = catalog;
    }

    /** Asks a running {@link #run} to shut down gracefully; what SIGTERM and SIGINT do. */
    public void requestShutdown() {
        shutdownRequested.countDown();
    }

    /**
     * Runs the server until a shutdown is requested.
     *
     * @param args the command-line arguments
     * @return the exit code
     */
    public int run(final List<String> args) {
        final CommandLine commandLine;
        final LoadedConfig loaded;
        final LogFilter logFilter;
        if (ToolCommands.handles(args)) {
            return new ToolCommands(environment, out, err).run(args);
        }
        try {
            commandLine = CommandLine.parse(args, Optional.ofNullable(environment.get("RESTATE_CONFIG")));
            if (commandLine.help() || commandLine.version()) {
                out.print(commandLine.help() ? CommandLine.helpText() : versionLine() + System.lineSeparator());
                return EXIT_OK;
            }
            loaded = ConfigLoader.load(new ConfigSources(commandLine.configFile(), environment,
                    commandLine.overrides(), ConfigSources.localHostname()));
            logFilter = parseLogFilter(loaded.config());
        } catch (final CommandLine.UsageException e) {
            err.println("restate-server: " + e.getMessage());
            return ConfigException.EXIT_CODE;
        } catch (final ConfigException e) {
            err.println("restate-server: invalid configuration:");
            e.problems().forEach(problem -> err.println("  " + problem));
            return ConfigException.EXIT_CODE;
        }
        if (commandLine.dumpConfig()) {
            out.print(loaded.dumpToml());
            return EXIT_OK;
        }
        try {
            catalog.requireAvailable(loaded.config().common().roles());
        } catch (final IllegalArgumentException e) {
            err.println("restate-server: " + e.getMessage());
            return ConfigException.EXIT_CODE;
        }
        StderrLogging.install(logFilter);
        loaded.warnings().forEach(warning -> LOG.log(System.Logger.Level.WARNING, warning));
        return runNode(loaded.config(), loaded.dumpToml());
    }

    private static String versionLine() {
        final ServerVersion version = ServerVersion.current();
        return "restate-server " + version.restate() + " (jrestate " + version.jrestate() + ")";
    }

    private static LogFilter parseLogFilter(final RestateConfig config) {
        try {
            return LogFilter.parse(config.common().logFilter());
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("key log-filter: " + e.getMessage());
        }
    }

    private int runNode(final RestateConfig config, final String configToml) {
        final ServerVersion version = ServerVersion.current();
        LOG.log(System.Logger.Level.INFO, "starting restate-server {0} (jrestate {1}), pid {2}", version.restate(),
                version.jrestate(), String.valueOf(ProcessHandle.current().pid()));
        final NodeDirectory directory;
        try {
            directory = NodeDirectory.open(config.common().nodeDir(), config.common().clusterName(),
                    config.common().nodeName(), version.jrestate());
        } catch (final DataDirectoryException e) {
            LOG.log(System.Logger.Level.ERROR, e.getMessage());
            return EXIT_FAILURE;
        }
        final Node node;
        try {
            node = Node.start(config, configToml, directory, catalog, version);
        } catch (final Exception e) {
            LOG.log(System.Logger.Level.ERROR, "node failed to start: " + e.getMessage(), e);
            directory.close();
            return EXIT_FAILURE;
        }
        awaitShutdownRequest();
        return shutdown(node, config.common().shutdownTimeout());
    }

    private void awaitShutdownRequest() {
        boolean interrupted = false;
        while (shutdownRequested.getCount() > 0) {
            try {
                shutdownRequested.await();
            } catch (final InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static int shutdown(final Node node, final Duration timeout) {
        LOG.log(System.Logger.Level.INFO, "shutting down (shutdown-timeout {0})",
                io.jrestate.common.FriendlyDuration.format(timeout));
        final AtomicBoolean clean = new AtomicBoolean();
        final Thread stopper = Thread.ofPlatform().name("shutdown").start(() -> {
            clean.set(node.stopAll(timeout));
            node.close();
        });
        try {
            if (!stopper.join(timeout.plus(SHUTDOWN_GRACE))) {
                LOG.log(System.Logger.Level.ERROR, "shutdown did not finish within {0}; exiting anyway",
                        io.jrestate.common.FriendlyDuration.format(timeout));
                return EXIT_FAILURE;
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILURE;
        }
        LOG.log(System.Logger.Level.INFO, "shutdown complete");
        return clean.get() ? EXIT_OK : EXIT_FAILURE;
    }

    /**
     * Waits up to {@code timeout} for a shutdown request; for tests that drive a launcher in-process.
     *
     * @param timeout how long to wait
     * @return true when a shutdown was requested
     * @throws InterruptedException when interrupted
     */
    boolean awaitShutdownRequest(final Duration timeout) throws InterruptedException {
        return shutdownRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
