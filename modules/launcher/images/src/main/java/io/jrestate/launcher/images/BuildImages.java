package io.jrestate.launcher.images;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The image builder's command line, run by {@code -Pimages} in {@code modules/launcher/images/pom.xml}:
 *
 * <pre>
 *   java --add-modules ALL-DEFAULT -p &lt;builder classes&gt;
 *        -m io.jrestate.launcher.images/io.jrestate.launcher.images.BuildImages
 *        --table=images.conf --module-path-file=target/image-module-path.txt --patched-dir=target/patched-modules
 *        --output=target/images [--images=all,worker] [--compress=zip-6] [--cds=true] [--aot=true]
 *
 *   table + module path -&gt; RoleProviders.discover -&gt; per image: ImagePlan.of -&gt; ImageLinker.link
 *                                                               -&gt; AotTrainer.train (--aot) -&gt; summary on stdout
 * </pre>
 * Exit codes: 0 built, 1 a build step failed, 2 bad arguments or table.
 *
 * @param table the image table
 * @param modulePath the server's module path
 * @param outputDir the folder receiving one folder per image
 * @param linkOptions how to link
 */
public record BuildImages(ImageTable table, ServerModulePath modulePath, Path outputDir, LinkOptions linkOptions) {
    /**
     * One built image.
     *
     * @param plan what it holds
     * @param dir its folder
     * @param aotCache its AOT cache, or null
     */
    public record Built(ImagePlan plan, Path dir, Path aotCache) {
    }

    /**
     * Runs the builder.
     *
     * @param args {@code --name=value} arguments (see the class description)
     */
    public static void main(final String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /**
     * Runs the builder and returns its exit code.
     *
     * @param args {@code --name=value} arguments
     * @param out receives the summary
     * @param err receives errors
     * @return 0 when every image was built, 1 when a step failed, 2 on bad arguments or table
     */
    public static int run(final List<String> args, final PrintStream out, final PrintStream err) {
        final Map<String, String> values;
        final BuildImages builder;
        try {
            values = parse(args);
            final LinkOptions options = new LinkOptions(values.getOrDefault("compress", "zip-6"),
                    flag(values, "cds"), flag(values, "aot"));
            builder = new BuildImages(ImageTable.read(Path.of(required(values, "table"))),
                    ServerModulePath.load(Path.of(required(values, "module-path-file")),
                            Path.of(required(values, "patched-dir"))),
                    Path.of(required(values, "output")), options);
        } catch (final IllegalArgumentException | IOException e) {
            err.println("build-images: " + e.getMessage());
            return 2;
        }
        try {
            for (final Built built : builder.build(names(values.getOrDefault("images", "")), out)) {
                out.print(summary(built, builder.modulePath()));
            }
            return 0;
        } catch (final IllegalArgumentException e) {
            err.println("build-images: " + e.getMessage());
            return 2;
        } catch (final IOException | IllegalStateException e) {
            err.println("build-images: " + e.getMessage());
            return 1;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("build-images: interrupted");
            return 1;
        }
    }

    /**
     * Builds the selected images.
     *
     * @param names the images to build; empty for all
     * @param progress receives one line per step
     * @return the built images, in table order
     * @throws IOException when an image folder cannot be written
     * @throws InterruptedException when interrupted during AOT training
     * @throws IllegalArgumentException when a name or a role is unknown
     * @throws IllegalStateException when role discovery or jlink fails (a failed AOT training only warns)
     */
    public List<Built> build(final Set<String> names, final PrintStream progress)
            throws IOException, InterruptedException {
        final List<ImageSpec> specs = table.select(names);
        final RoleProviders providers = RoleProviders.discover(modulePath);
        progress.println("build-images: role modules " + providers.modulesByRole());
        final List<ImagePlan> plans = specs.stream()
                .map(spec -> ImagePlan.of(spec, table.options(), providers, modulePath)).toList();
        final List<Built> built = new ArrayList<>();
        for (final ImagePlan plan : plans) {
            progress.println("build-images: linking " + plan.spec().name() + " (roots " + plan.roots() + ")");
            final Path dir = ImageLinker.link(plan, modulePath, outputDir, linkOptions);
            Path cache = null;
            if (linkOptions.aotCache() && !plan.roles().isEmpty()) {
                progress.println("build-images: training the AOT cache of " + plan.spec().name());
                cache = AotTrainer.train(plan, dir, progress);
            }
            built.add(new Built(plan, dir, cache));
        }
        return built;
    }

    /**
     * A few lines describing a built image: roles, role modules, modules and size.
     *
     * @param built the image
     * @param modulePath the module path it was linked from
     * @return the text, ending with a line break
     */
    public static String summary(final Built built, final ServerModulePath modulePath) {
        final ImagePlan plan = built.plan();
        final Set<String> application = plan.applicationModules(modulePath);
        final StringBuilder text = new StringBuilder();
        text.append("image ").append(plan.spec().name()).append(": ").append(built.dir()
                .resolve("bin").resolve(plan.spec().launcherName())).append('\n');
        text.append("  roles: ").append(plan.roles().isEmpty() ? "none" : String.join(",", plan.roles()));
        if (!plan.rolesWithoutModule().isEmpty()) {
            text.append(" (no module provides ").append(String.join(",", plan.rolesWithoutModule()))
                    .append(" yet: the node runs no service for those roles)");
        }
        text.append('\n').append("  roots: ").append(String.join(",", plan.roots())).append('\n');
        text.append("  modules: ").append(application.size()).append(" from the module path ")
                .append(application).append(", ").append(plan.modules().size() - application.size())
                .append(" from the JDK ").append(plan.modules().stream().filter(m -> !application.contains(m))
                        .toList()).append('\n');
        text.append("  JVM options: ").append(String.join(" ", plan.jvmOptions())).append('\n');
        text.append(String.format(Locale.ROOT, "  size: %.1f MB", ImageLinker.sizeBytes(built.dir()) / 1e6));
        if (built.aotCache() != null) {
            text.append(String.format(Locale.ROOT, " (AOT cache %.1f MB included)",
                    sizeOf(built.aotCache()) / 1e6));
        }
        return text.append('\n').toString();
    }

    private static long sizeOf(final Path file) {
        try {
            return Files.size(file);
        } catch (final IOException e) {
            return -1;
        }
    }

    private static Map<String, String> parse(final List<String> args) {
        final Map<String, String> values = new TreeMap<>();
        final Set<String> known = Set.of("table", "module-path-file", "patched-dir", "output", "images", "compress",
                "cds", "aot");
        for (final String arg : args) {
            final int eq = arg.indexOf('=');
            final String name = arg.startsWith("--") && eq > 2 ? arg.substring(2, eq) : "";
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown argument `" + arg + "`; expected --name=value with "
                        + "name one of " + known.stream().sorted().toList());
            }
            values.put(name, arg.substring(eq + 1).strip());
        }
        return values;
    }

    private static String required(final Map<String, String> values, final String name) {
        final String value = values.getOrDefault(name, "");
        if (value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return value;
    }

    private static boolean flag(final Map<String, String> values, final String name) {
        final String value = values.getOrDefault(name, "false");
        return switch (value) {
            case "true" -> true;
            case "false", "" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false, got `" + value
                    + "`");
        };
    }

    private static Set<String> names(final String list) {
        final Set<String> names = new LinkedHashSet<>();
        for (final String name : list.split(",")) {
            if (!name.isBlank()) {
                names.add(name.strip());
            }
        }
        return names;
    }
}
