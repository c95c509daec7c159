package io.jrestate.launcher.images;

import java.io.IOException;
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
 *            --node-name aot-training --log-filter info
 *            (free loopback ports, no RESTATE_* from the builder's environment)
 *   wait for "ready (roles" -&gt; GET /health (admin role) -&gt; SIGTERM -&gt; exit 0 -&gt; cache file exists
 * </pre>
 * The readiness line is the launcher's own INFO log ("node ... ready (roles ..."); it is the one signal every role
 * set has, since a node without the admin role serves no health endpoint.
 */
public final class AotTrainer {
    /** The text of the launcher's log line that says the node is ready. */
    public static final String READY_LINE = " ready (roles ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

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
     * @return the cache file, or null when the image has no roles
     * @throws IOException when the training run's files cannot be written
     * @throws InterruptedException when interrupted
     * @throws IllegalStateException with the run's output when it fails or writes no cache
     */
    public static Path train(final ImagePlan plan, final Path imageDir) throws IOException, InterruptedException {
        if (plan.roles().isEmpty()) {
            return null;
        }
        final Path cache = cacheFile(plan, imageDir);
        Files.deleteIfExists(cache);
        final Path work = Files.createTempDirectory("jrestate-aot-" + plan.spec().name() + "-");
        try {
            run(plan, imageDir, cache, work);
        } finally {
            ImageLinker.deleteTree(work);
        }
        return cache;
    }

    private static void run(final ImagePlan plan, final Path imageDir, final Path cache, final Path work)
            throws IOException, InterruptedException {
        final NodePorts ports = NodePorts.free();
        final List<String> command = new ArrayList<>(List.of(imageDir.resolve("bin/java").toString(),
                "-XX:AOTCacheOutput=" + cache, "-m", plan.spec().mainModule() + "/" + plan.spec().mainClass(),
                "--base-dir", work.resolve("data").toString(), "--node-name", "aot-training",
                "--roles", String.join(",", plan.roles()), "--log-filter", "info"));
        try (ImageProcess node = ImageProcess.start(command, work, ports.environment(), work.resolve("run.log"))) {
            node.awaitOutput(READY_LINE, START_TIMEOUT);
            if (plan.roles().contains("admin")) {
                node.awaitHttp200(ports.admin(), "/health", START_TIMEOUT);
            }
            node.terminate();
            final int code = node.awaitExit(EXIT_TIMEOUT);
            if (code != 0 || !Files.isRegularFile(cache)) {
                throw new IllegalStateException("AOT training of image " + plan.spec().name() + " exited with "
                        + code + (Files.isRegularFile(cache) ? "" : " and wrote no " + cache) + ":\n"
                        + node.output());
            }
        }
    }
}
