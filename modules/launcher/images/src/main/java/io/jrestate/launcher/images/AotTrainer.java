package io.jrestate.launcher.images;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a JDK AOT cache (JEP 483/514/515) for an image with roles: one start of a node with every role of the
 * image, run until it is ready (and, with the admin role, has answered {@code /health}), then stopped with SIGTERM.
 * The JVM writes {@code lib/<launcher>.aot} as it exits; the image's launcher script uses it when present.
 *
 * <pre>
 *   bin/java -XX:AOTCacheOutput=lib/&lt;launcher&gt;.aot -m &lt;main&gt; --base-dir &lt;tmp&gt;
 *            --node-name aot-training --roles &lt;image roles&gt; --log-filter info
 *            (free loopback ports, no RESTATE_* from the builder's environment)
 *
 *   node ready within 60 s?   GET /health   SIGTERM, exit within 60 s   cache written?   result
 *   yes                       (admin role)  yes                         yes              cache
 *   no (e.g. a worker-only    -             yes                         yes              cache, with a warning
 *       node waiting for a metadata server: the start so far is still worth caching)
 *   any                       -             no (killed)                 no               no cache, with a warning
 * </pre>
 * A cache is only a start-up optimisation, so a failed training leaves the image without one (the launcher runs
 * without it) and says why, instead of failing the build. The readiness line is the launcher's own INFO log
 * ("node ... ready (roles ..."), the one signal every role set has: a node without the admin role serves no health
 * endpoint.
 */
public final class AotTrainer {
    /** The text of the launcher's log line that says the node is ready. */
    public static final String READY_LINE = " ready (roles ";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

    private AotTrainer() {
    }

    /**
     * The AOT cache file of an image.
     *
     * @param plan the image's plan
     * @param imageDir the image's folder
     * @return {@code lib/<launcher>.aot}
     */
    public static Path cacheFile(final ImagePlan plan, final Path imageDir) {
        return imageDir.resolve("lib").resolve(plan.spec().launcherName() + ".aot");
    }

    /**
     * Trains the cache; nothing for a tool image (it has no node workload).
     *
     * @param plan the image's plan
     * @param imageDir the linked image
     * @param progress receives warnings (a start that did not reach ready, no cache written)
     * @return the cache file, or null when the image has no roles or no cache was written
     * @throws IOException when the training run's scratch files cannot be written
     * @throws InterruptedException when interrupted
     */
    public static Path train(final ImagePlan plan, final Path imageDir, final PrintStream progress)
            throws IOException, InterruptedException {
        if (plan.roles().isEmpty()) {
            return null;
        }
        final Path cache = cacheFile(plan, imageDir);
        Files.deleteIfExists(cache);
        final Path work = Files.createTempDirectory("jrestate-aot-" + plan.spec().name() + "-");
        try {
            run(plan, imageDir, cache, work, progress);
        } finally {
            ImageLinker.deleteTree(work);
        }
        return Files.isRegularFile(cache) ? cache : null;
    }

    private static void run(final ImagePlan plan, final Path imageDir, final Path cache, final Path work,
            final PrintStream progress) throws IOException, InterruptedException {
        final NodePorts ports = NodePorts.free();
        final List<String> command = new ArrayList<>(List.of(imageDir.resolve("bin/java").toString(),
                "-XX:AOTCacheOutput=" + cache, "-m", plan.spec().mainModule() + "/" + plan.spec().mainClass(),
                "--base-dir", work.resolve("data").toString(), "--node-name", "aot-training",
                "--roles", String.join(",", plan.roles()), "--log-filter", "info"));
        final String image = "build-images: AOT training of image " + plan.spec().name();
        try (ImageProcess node = ImageProcess.start(command, work, ports.environment(), work.resolve("run.log"))) {
            try {
                node.awaitOutput(READY_LINE, READY_TIMEOUT);
                if (plan.roles().contains("admin")) {
                    node.awaitHttp200(ports.admin(), "/health", READY_TIMEOUT);
                }
            } catch (final IllegalStateException e) {
                progress.println(image + ": the node did not get ready; caching its start so far. "
                        + e.getMessage());
            }
            node.terminate();
            try {
                node.awaitExit(EXIT_TIMEOUT);
            } catch (final IllegalStateException e) {
                progress.println(image + ": " + e.getMessage());
            }
            if (!Files.isRegularFile(cache)) {
                progress.println(image + ": no cache written; the image runs without one. Output:\n"
                        + node.output());
            }
        }
    }
}
