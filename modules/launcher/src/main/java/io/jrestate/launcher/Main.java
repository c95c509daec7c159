package io.jrestate.launcher;

import io.jrestate.launcher.internal.Launcher;
import io.jrestate.launcher.internal.Signals;
import java.util.List;

/**
 * The {@code restate-server} entry point. SIGTERM and SIGINT start a graceful shutdown bounded by
 * {@code shutdown-timeout}; the process then exits with the code {@code Launcher.run} returns (0 when clean).
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the server.
     *
     * @param args command-line arguments, as the reference {@code restate-server} takes them
     */
    public static void main(final String[] args) {
        final Launcher launcher = new Launcher(System.getenv(), System.out, System.err, ServiceCatalog.standard());
        Signals.onTerminate(launcher::requestShutdown);
        final int code = launcher.run(List.of(args));
        System.out.flush();
        System.exit(code);
    }
}
