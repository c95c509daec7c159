package io.jrestate.launcher.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder's command line: bad arguments, a missing input and a bad table must exit with code 2 and one line
 * naming the problem, before anything is linked.
 */
class BuildImagesTest {
    @TempDir
    Path dir;

    private static String run(final int expectedCode, final String... args) {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int code = BuildImages.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(expectedCode, code, err.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8).strip();
    }

    @Test
    void shouldRefuseAnUnknownArgument() {
        assertEquals("build-images: unknown argument `--image=all`; expected --name=value with name one of [aot, "
                + "cds, compress, images, module-path-file, output, patched-dir, table]", run(2, "--image=all"));
    }

    @Test
    void shouldNameAMissingArgumentAndABadFlag() {
        assertEquals("build-images: missing --table=...", run(2, "--output=x"));
        assertEquals("build-images: --aot must be true or false, got `yes`", run(2, "--aot=yes"));
    }

    @Test
    void shouldNameTheTableLineThatIsWrong() throws Exception {
        final Path table = Files.writeString(dir.resolve("images.conf"), "image all restate-server main *\n");
        final Path modulePath = Files.writeString(dir.resolve("path.txt"), "");
        assertEquals("build-images: " + table + " line 1: main must be <module>/<fully qualified class>, got `main`",
                run(2, "--table=" + table, "--module-path-file=" + modulePath, "--patched-dir=" + dir,
                        "--output=" + dir.resolve("out")));
    }
}
