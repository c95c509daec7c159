package io.jrestate.launcher.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures how long a node started from an image takes to become healthy: {@code runs} times, it starts
 * {@code <image>/bin/restate-server} with every role of the image on free ports, and times from process start to
 * the first 200 from the admin {@code /health} (polled every 5 ms). It also reads the CPU time the server used
 * until then, a figure less sensitive than wall time to other load on the machine.
 *
 * <pre>
 *   java -p modules/launcher/images/target/classes \
 *        -m io.jrestate.launcher.images/io.jrestate.launcher.images.StartupTimer \
 *        &lt;image dir&gt; [runs=10] [fresh|restart] [JAVA_OPTS]
 *   fresh:   every run on a new, empty data directory (includes provisioning the node's files)
 *   restart: one untimed start provisions a data directory, then every run restarts on it
 *   -&gt; one line per run, then: median/min/max wall ms, median CPU ms, load average before and after
 * </pre>
 * The image needs the admin role (its health endpoint). JAVA_OPTS goes to the launcher script, e.g.
 * {@code -XX:AOTMode=off} to start without the image's AOT cache.
 */
public final class StartupTimer {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private StartupTimer() {
    }

    /**
     * One start.
     *
     * @param wall from process start to healthy
     * @param cpu the server's CPU time (user + system) when it became healthy
     */
    public record Sample(Duration wall, Duration cpu) {
    }

    /**
     * Runs the timer.
     *
     * @param args the image folder, optionally the number of runs (default 10), {@code fresh} (default) or
     *     {@code restart}, and JAVA_OPTS
     * @throws Exception when a start fails
     */
    public static void main(final String[] args) throws Exception {
        if (args.length < 1 || args.length > 4 || args.length > 2 && !List.of("fresh", "restart").contains(args[2])) {
            System.err.println("usage: StartupTimer <image dir> [runs] [fresh|restart] [JAVA_OPTS]");
            System.exit(2);
        }
        final Path image = Path.of(args[0]).toAbsolutePath();
        final int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final boolean restart = args.length > 2 && args[2].equals("restart");
        final String javaOpts = args.length > 3 ? args[3] : "";
        final String loadBefore = loadAverage();
        final Path work = Files.createTempDirectory("jrestate-startup-");
        try {
            if (restart) {
                measure(image, javaOpts, work.resolve("data"));
            }
            final List<Sample> samples = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                final Path data = restart ? work.resolve("data") : work.resolve("data-" + run);
                final Sample sample = measure(image, javaOpts, data);
                System.out.printf(Locale.ROOT, "run %d: healthy after %d ms wall, %d ms CPU%n", run + 1,
                        sample.wall().toMillis(), sample.cpu().toMillis());
                samples.add(sample);
                if (!restart) {
                    ImageLinker.deleteTree(data);
                }
            }
            System.out.println(report(image, (restart ? "restart" : "fresh") + (javaOpts.isEmpty() ? "" : " "
                    + javaOpts), samples) + "; load average before " + loadBefore + ", after " + loadAverage());
        } finally {
            ImageLinker.deleteTree(work);
        }
    }

    /**
     * Starts a node once, times it until healthy and stops it.
     *
     * @param image the image folder
     * @param javaOpts extra JVM options, or empty
     * @param baseDir the node's base directory (created when missing)
     * @return the sample
     * @throws IOException when the node cannot start
     * @throws InterruptedException when interrupted
     */
    public static Sample measure(final Path image, final String javaOpts, final Path baseDir)
            throws IOException, InterruptedException {
        final NodePorts ports = NodePorts.free();
        final Map<String, String> env = new HashMap<>(ports.environment());
        env.put("JAVA_OPTS", javaOpts);
        Files.createDirectories(baseDir);
        try (ImageProcess node = ImageProcess.start(List.of(image.resolve("bin/restate-server").toString(),
                "--base-dir", baseDir.toString(), "--node-name", "timer"), baseDir.getParent(), env,
                baseDir.resolveSibling(baseDir.getFileName() + ".log"))) {
            final Duration wall = node.awaitHttp200(ports.admin(), "/health", TIMEOUT);
            final Duration cpu = ProcessHandle.of(node.pid()).flatMap(handle -> handle.info().totalCpuDuration())
                    .orElse(Duration.ZERO);
            node.terminate();
            final int code = node.awaitExit(TIMEOUT);
            if (code != 0) {
                throw new IllegalStateException("the node exited with " + code + ":\n" + node.output());
            }
            return new Sample(wall, cpu);
        }
    }

    /**
     * A one-line summary of samples.
     *
     * @param image the image measured
     * @param variant how the runs started (fresh or restart, JAVA_OPTS)
     * @param samples the samples
     * @return median, min and max wall time and median CPU time
     */
    public static String report(final Path image, final String variant, final List<Sample> samples) {
        final List<Long> wall = samples.stream().map(s -> s.wall().toMillis()).sorted().toList();
        final List<Long> cpu = samples.stream().map(s -> s.cpu().toMillis()).sorted().toList();
        return String.format(Locale.ROOT, "%s [%s]: %d runs, healthy after median %d ms (min %d, max %d), "
                + "median CPU %d ms", image, variant, samples.size(),
                wall.get(wall.size() / 2), wall.getFirst(), wall.getLast(), cpu.get(cpu.size() / 2));
    }

    private static String loadAverage() {
        try {
            final String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (final IOException e) {
            return "unknown";
        }
    }
}
