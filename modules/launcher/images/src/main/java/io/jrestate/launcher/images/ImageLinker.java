package io.jrestate.launcher.images;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.spi.ToolProvider;

/**
 * Links one planned image with jlink (run in-process through {@link ToolProvider}) and writes its launcher.
 *
 * <pre>
 *   &lt;output&gt;/&lt;image&gt;/
 *     bin/java                      the image's JVM; the baked options (jlink --add-options) apply to every start
 *     bin/&lt;launcher&gt;                sh script: exec bin/java [-XX:AOTCache=lib/&lt;launcher&gt;.aot]
 *                                   $JAVA_OPTS -m &lt;main&gt; "$@"
 *     lib/modules                   the linked modules (jimage); `bin/java --list-modules` lists them
 *     lib/&lt;launcher&gt;.aot            only with an AOT cache (AotTrainer)
 *     lib/server/classes.jsa        only with a CDS archive (jlink --generate-cds-archive)
 *     release                       JDK release file; MODULES= lists the modules too
 * </pre>
 * The JDK the builder runs on is the one linked (Temurin 25 links from its own run-time image, it has no jmods).
 */
public final class ImageLinker {
    private ImageLinker() {
    }

    /**
     * Links an image, replacing any previous image of the same name.
     *
     * @param plan the image's plan
     * @param modulePath the module path holding its modules
     * @param outputDir the folder receiving {@code <image name>/}
     * @param options how to link
     * @return the image's folder
     * @throws IOException when the folder cannot be replaced or the launcher written
     * @throws IllegalStateException with jlink's output when jlink fails
     */
    public static Path link(final ImagePlan plan, final ServerModulePath modulePath, final Path outputDir,
            final LinkOptions options) throws IOException {
        final Path imageDir = outputDir.resolve(plan.spec().name());
        deleteTree(imageDir);
        Files.createDirectories(outputDir);
        final ToolProvider jlink = ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException(
                "no jlink in " + System.getProperty("java.home") + ": run the builder on a full JDK 25"));
        final StringWriter output = new StringWriter();
        final int code;
        try (PrintWriter out = new PrintWriter(output)) {
            code = jlink.run(out, out, arguments(plan, modulePath, imageDir, options).toArray(String[]::new));
        }
        if (code != 0) {
            throw new IllegalStateException("jlink failed for image " + plan.spec().name() + " (exit " + code
                    + "):\n" + output);
        }
        writeLauncher(plan, imageDir);
        return imageDir;
    }

    static List<String> arguments(final ImagePlan plan, final ServerModulePath modulePath, final Path imageDir,
            final LinkOptions options) {
        final List<String> args = new ArrayList<>(List.of("--module-path", modulePath.joined(),
                "--add-modules", String.join(",", plan.roots()), "--output", imageDir.toString(),
                "--strip-debug", "--no-header-files", "--no-man-pages", "--compress=" + options.compress()));
        if (!plan.jvmOptions().isEmpty()) {
            args.add("--add-options=" + String.join(" ", plan.jvmOptions()));
        }
        if (options.cdsArchive()) {
            args.add("--generate-cds-archive");
        }
        return args;
    }

    /**
     * The launcher script's text: it execs the image's JVM so that its PID is the server's and SIGTERM reaches
     * the server, and starts from the AOT cache when the image has one.
     *
     * @param plan the image's plan
     * @return the script
     */
    static String launcherScript(final ImagePlan plan) {
        final ImageSpec spec = plan.spec();
        final String main = spec.mainModule() + "/" + spec.mainClass();
        final String roles = plan.roles().isEmpty() ? "none" : String.join(",", plan.roles());
        return """
                #!/bin/sh
                # %1$s of the jrestate runtime image `%2$s` (roles: %3$s), written by the image builder.
                # The JVM options the image needs are baked into it (bin/java carries them); JAVA_OPTS adds more.
                # exec: this script's PID becomes the JVM's, so SIGTERM reaches the server and it stops gracefully.
                dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd -P)
                aot="$dir/../lib/%1$s.aot"
                if [ -f "$aot" ]; then
                  # shellcheck disable=SC2086
                  exec "$dir/java" "-XX:AOTCache=$aot" ${JAVA_OPTS:-} -m %4$s "$@"
                fi
                # shellcheck disable=SC2086
                exec "$dir/java" ${JAVA_OPTS:-} -m %4$s "$@"
                """.formatted(spec.launcherName(), spec.name(), roles, main);
    }

    private static void writeLauncher(final ImagePlan plan, final Path imageDir) throws IOException {
        final Path script = imageDir.resolve("bin").resolve(plan.spec().launcherName());
        Files.writeString(script, launcherScript(plan));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * Deletes a folder and everything in it; nothing when it does not exist.
     *
     * @param root the folder
     * @throws IOException when something cannot be deleted
     */
    static void deleteTree(final Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path dir, final IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * The total size of the files under a folder.
     *
     * @param root the folder
     * @return the size in bytes
     */
    public static long sizeBytes(final Path root) {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
