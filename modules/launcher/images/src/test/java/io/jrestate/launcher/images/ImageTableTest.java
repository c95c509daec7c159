package io.jrestate.launcher.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The image table: the project's own {@code images.conf} must hold the images the deployment guide promises, with
 * the launcher's main class; malformed lines must be refused with the file, line and problem named; and JVM
 * options must apply only to images holding their module.
 */
class ImageTableTest {
    private static final String MAIN = "io.jrestate.launcher/io.jrestate.launcher.Main";

    @Test
    void shouldDescribeTheFourServerImagesAndTheRestatectlToolOfTheProject() throws Exception {
        final ImageTable table = ImageTable.read(BuildInputs.table());
        assertEquals(List.of("all", "metadata-server", "log-server", "worker", "restatectl"),
                table.images().stream().map(ImageSpec::name).toList());
        final ImageSpec tool = table.images().getLast();
        assertFalse(tool.hasRoles());
        assertEquals("restatectl", tool.launcherName());
        assertEquals("io.jrestate.restatectl/io.jrestate.restatectl.Main", tool.mainModule() + "/" + tool.mainClass());
        for (final ImageSpec spec : table.images().subList(0, 4)) {
            assertEquals("restate-server", spec.launcherName(), spec.name());
            assertEquals(MAIN, spec.mainModule() + "/" + spec.mainClass(), spec.name());
        }
        assertTrue(table.images().getFirst().allRoles());
        assertEquals(List.of("worker", "http-ingress", "admin"), table.select(Set.of("worker")).getFirst().roles());
        assertTrue(table.options().stream().anyMatch(option -> option.module().equals("org.agrona")
                && option.option().equals("--add-exports=java.base/jdk.internal.misc=org.agrona")));
    }

    @Test
    void shouldParseAToolImageWithoutRoles() {
        final ImageTable table = ImageTable.parse("t", List.of("# tools", "",
                "image restatectl restatectl io.jrestate.restatectl/io.jrestate.restatectl.Main -"));
        final ImageSpec spec = table.images().getFirst();
        assertFalse(spec.hasRoles());
        assertEquals("io.jrestate.restatectl", spec.mainModule());
        assertEquals("io.jrestate.restatectl.Main", spec.mainClass());
    }

    @Test
    void shouldNameFileLineAndProblemForMalformedLines() {
        assertError("t line 2: expected `image` or `option`, got `imgae`",
                "# x", "imgae all restate-server " + MAIN + " *");
        assertError("t line 1: expected `image <name> <launcher> <module>/<main class> <roles>`, got 3 fields",
                "image all restate-server " + MAIN);
        assertError("t line 1: main must be <module>/<fully qualified class>, got `io.jrestate.launcher.Main`",
                "image all restate-server io.jrestate.launcher.Main *");
        assertError("t line 2: image `all` is defined twice",
                "image all restate-server " + MAIN + " *", "image all restate-server " + MAIN + " worker");
        assertError("t line 1: role `Worker` must be lower case letters, digits, '.', '_' or '-'",
                "image w restate-server " + MAIN + " admin,Worker");
        assertError("t line 1: a JVM option starts with `-`, got `Xss1m`", "option * Xss1m");
        assertError("t line 1: expected `option <module or *> <JVM option>` (one token), got 3 fields",
                "option org.agrona --add-opens java.base/java.util.zip=org.agrona");
        assertError("t line 1: `org/agrona` is not a module name or `*`", "option org/agrona -Dx=y");
    }

    @Test
    void shouldRefuseToSelectAnUnknownImage() {
        final ImageTable table = ImageTable.parse("t", List.of("image all restate-server " + MAIN + " *"));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> table.select(Set.of("al")));
        assertEquals("unknown image(s) [al]; the table has [all]", e.getMessage());
    }

    @Test
    void shouldApplyAnOptionOnlyToImagesHoldingItsModuleAndFillInTheRoles() {
        final JvmOption agrona = new JvmOption("org.agrona", "--add-opens=java.base/java.util.zip=org.agrona");
        assertEquals(List.of(), agrona.applyTo(Set.of("java.base", "io.jrestate.launcher"), List.of("worker")));
        assertEquals(List.of(agrona.option()), agrona.applyTo(Set.of("org.agrona"), List.of()));
        final JvmOption roles = new JvmOption("io.jrestate.launcher", "-Droles=${roles}");
        assertEquals(List.of("-Droles=worker,admin"), roles.applyTo(Set.of("io.jrestate.launcher"),
                List.of("worker", "admin")));
        assertEquals(List.of(), roles.applyTo(Set.of("io.jrestate.launcher"), List.of()));
        assertEquals(List.of("-Xss1m"), new JvmOption("*", "-Xss1m").applyTo(Set.of(), List.of()));
    }

    private static void assertError(final String message, final String... lines) {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageTable.parse("t", List.of(lines)));
        assertEquals(message, e.getMessage());
    }
}
