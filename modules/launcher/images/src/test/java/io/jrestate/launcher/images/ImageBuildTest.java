package io.jrestate.launcher.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links real images with the project's {@code images.conf} and starts nodes from them, as an operator would run
 * {@code <image>/bin/restate-server -c restate.toml}. The module path is the server's plus the fixture role module
 * (a role module that "lands later"): the {@code all} image must pick it up without any edit, start a node whose
 * health answers and whose fixture service serves its route, stop cleanly on SIGTERM, and do all that again from
 * an AOT cache trained on it (the JVM is told to refuse to start without it); the {@code metadata-server} image
 * must leave the fixture out and refuse {@code --roles worker} at start, naming the roles it has.
 */
@Tag("slow")
@Timeout(240)
class ImageBuildTest {
    private static final Duration STARTUP = Duration.ofSeconds(60);

    @TempDir
    static Path scratch;

    @TempDir
    Path work;

    private static BuildImages builder;

    @BeforeAll
    static void prepare() throws Exception {
        final ServerModulePath server = BuildInputs.serverModulePath();
        final ServerModulePath path = FixtureRoleModule.withFixture(server, FixtureRoleModule.build(scratch, server));
        // Images go to the class's temporary folder: 50-90 MB each, removed after the tests.
        builder = new BuildImages(ImageTable.read(BuildInputs.table()), path, scratch.resolve("images"),
                LinkOptions.DEFAULT);
    }

    private static BuildImages.Built build(final String image) throws Exception {
        final BuildImages.Built built = builder.build(Set.of(image), System.out).getFirst();
        System.out.print(BuildImages.summary(built, builder.modulePath()));
        return built;
    }

    private static String launcher(final BuildImages.Built built) {
        return built.dir().resolve("bin/restate-server").toString();
    }

    @Test
    void shouldStartANodeFromTheAllImageWithEveryRoleModuleAndAnswerHealth() throws Exception {
        final BuildImages.Built all = build("all");
        assertEquals(all.plan().modules(), listModules(all.dir()));
        assertTrue(all.plan().modules().contains(FixtureRoleModule.MODULE));
        startHealthyAndStop(all, Map.of(), "without an AOT cache");

        final Path cache = AotTrainer.train(all.plan(), all.dir(), System.out);
        assertEquals(AotTrainer.cacheFile(all.plan(), all.dir()), cache);
        assertTrue(Files.size(cache) > 1_000_000, "AOT cache of " + Files.size(cache) + " bytes");
        // AOTMode=on makes the JVM refuse to start unless it can use the cache the launcher script passes.
        startHealthyAndStop(all, Map.of("JAVA_OPTS", "-XX:AOTMode=on"), "with its AOT cache");
    }

    private void startHealthyAndStop(final BuildImages.Built image, final Map<String, String> env,
            final String variant) throws Exception {
        final NodePorts ports = NodePorts.free();
        final Path dir = Files.createTempDirectory(work, "node");
        final Path config = Files.writeString(dir.resolve("restate.toml"), """
                node-name = "n1"
                base-dir = "%s"
                bind-address = "127.0.0.1:%d"

                [admin]
                bind-address = "127.0.0.1:%d"

                [ingress]
                bind-address = "127.0.0.1:%d"
                """.formatted(dir.resolve("data"), ports.node(), ports.admin(), ports.ingress()));
        try (ImageProcess node = ImageProcess.start(List.of(launcher(image), "-c", config.toString()), dir, env,
                dir.resolve("node.log"))) {
            final Duration healthy = node.awaitHttp200(ports.admin(), "/health", STARTUP);
            System.out.println(image.plan().spec().name() + " image " + variant + ": healthy " + healthy.toMillis()
                    + " ms after start");
            node.awaitHttp200(ports.ingress(), "/restate/health", STARTUP);
            assertEquals(200, ImageProcess.statusOf(ports.admin(), FixtureRoleModule.ROUTE), node.output());
            assertTrue(ProcessHandle.of(node.pid()).orElseThrow().info().command().orElseThrow()
                    .endsWith("/bin/java"), "the launcher script execs the JVM, so SIGTERM reaches the server");

            node.terminate();
            assertEquals(0, node.awaitExit(STARTUP), node.output());
            assertTrue(node.output().contains("shutdown complete"), node.output());
        }
    }

    @Test
    void shouldRefuseARoleTheMetadataServerImageDoesNotHold() throws Exception {
        final BuildImages.Built metadata = build("metadata-server");
        assertFalse(listModules(metadata.dir()).contains(FixtureRoleModule.MODULE));

        final NodePorts ports = NodePorts.free();
        try (ImageProcess node = ImageProcess.start(List.of(launcher(metadata), "--base-dir", work.resolve("data")
                .toString(), "--roles", "worker"), work, ports.environment(), work.resolve("node.log"))) {
            assertEquals(2, node.awaitExit(STARTUP), node.output());
            assertTrue(node.output().contains("this runtime image cannot run role(s) [worker]: it was built with "
                    + "roles [metadata-server]"), node.output());
            assertFalse(Files.exists(work.resolve("data")), "a refused node must not create its data directory");
        }
    }

    @Test
    void shouldStartALogServerFromTheLogServerImage() throws Exception {
        final BuildImages.Built logServer = build("log-server");
        final Set<String> modules = listModules(logServer.dir());
        assertTrue(modules.contains("io.jrestate.log.server"), modules.toString());
        assertFalse(modules.contains("io.jrestate.worker") || modules.contains("io.jrestate.metadata.raft"),
                modules.toString());
        final NodePorts ports = NodePorts.free();
        final Path config = Files.writeString(work.resolve("restate.toml"), """
                node-name = "ls1"
                base-dir = "%s"
                roles = ["log-server"]
                bind-address = "127.0.0.1:%d"
                advertised-address = "http://127.0.0.1:%d/"
                """.formatted(work.resolve("data"), ports.node(), ports.node()));
        try (ImageProcess node = ImageProcess.start(List.of(launcher(logServer), "-c", config.toString()), work,
                Map.of(), work.resolve("node.log"))) {
            node.awaitOutput("ready (roles log-server", STARTUP);
            assertTrue(node.output().contains("log-server N1:1@"), node.output());
            assertTrue(Files.exists(work.resolve("data/ls1/log-server.marker")), "the storage marker is written");
            assertTrue(Files.exists(work.resolve("data/ls1/log-store/store.id")), "the log store is created");
            node.terminate();
            assertEquals(0, node.awaitExit(STARTUP), node.output());
        }
    }

    /** The modules an image holds, as its own JVM lists them (names without versions). */
    private Set<String> listModules(final Path imageDir) throws IOException, InterruptedException {
        try (ImageProcess java = ImageProcess.start(List.of(imageDir.resolve("bin/java").toString(),
                "--list-modules"), work, Map.of(), work.resolve("list-modules.txt"))) {
            assertEquals(0, java.awaitExit(STARTUP), java.output());
            final Set<String> modules = new TreeSet<>();
            for (final String line : java.output().strip().split("\n")) {
                modules.add(line.strip().split("[@ ]")[0]);
            }
            return modules;
        }
    }
}
