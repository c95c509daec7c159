package io.jrestate.launcher.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The image table ({@code images.conf}): which images to build and which JVM options to bake into them.
 *
 * <pre>
 *   # comment                                   blank lines and '#' comments are ignored
 *   image  &lt;name&gt; &lt;launcher&gt; &lt;module&gt;/&lt;main class&gt; &lt;roles&gt;
 *                                                roles: a,b,c | * (every role) | - (none)
 *   option &lt;module | *&gt; &lt;JVM option&gt;                       baked into images holding the module
 * </pre>
 * Fields are separated by blanks; a JVM option is one token (write {@code --add-opens=a/b=c}, not two words).
 * Role names are checked later, against the roles the server's {@code Role} enum knows.
 *
 * @param images the images, in table order
 * @param options the JVM options, in table order
 */
public record ImageTable(List<ImageSpec> images, List<JvmOption> options) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern MODULE = Pattern.compile("[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*");

    /**
     * Creates a table.
     *
     * @param images the images
     * @param options the JVM options
     */
    public ImageTable {
        images = List.copyOf(images);
        options = List.copyOf(options);
    }

    /**
     * Reads a table file.
     *
     * @param file the file
     * @return the table
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the file, line and problem when a line is malformed
     */
    public static ImageTable read(final Path file) throws IOException {
        return parse(file.toString(), Files.readAllLines(file));
    }

    /**
     * Parses table lines.
     *
     * @param source the name used in error messages (usually the file)
     * @param lines the lines
     * @return the table
     * @throws IllegalArgumentException naming the source, line and problem when a line is malformed
     */
    public static ImageTable parse(final String source, final List<String> lines) {
        final List<ImageSpec> images = new ArrayList<>();
        final List<JvmOption> options = new ArrayList<>();
        final Set<String> names = new HashSet<>();
        for (int index = 0; index < lines.size(); index++) {
            final String line = lines.get(index).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String where = source + " line " + (index + 1) + ": ";
            final List<String> fields = Arrays.asList(line.split("\\s+"));
            switch (fields.getFirst()) {
                case "image" -> {
                    final ImageSpec spec = image(where, fields);
                    if (!names.add(spec.name())) {
                        throw new IllegalArgumentException(where + "image `" + spec.name() + "` is defined twice");
                    }
                    images.add(spec);
                }
                case "option" -> options.add(option(where, fields));
                default -> throw new IllegalArgumentException(where + "expected `image` or `option`, got `"
                        + fields.getFirst() + "`");
            }
        }
        return new ImageTable(images, options);
    }

    private static ImageSpec image(final String where, final List<String> fields) {
        if (fields.size() != 5) {
            throw new IllegalArgumentException(where + "expected `image <name> <launcher> <module>/<main class> "
                    + "<roles>`, got " + (fields.size() - 1) + " fields");
        }
        final String name = requireName(where, "image name", fields.get(1));
        final String launcher = requireName(where, "launcher name", fields.get(2));
        final String main = fields.get(3);
        final int slash = main.indexOf('/');
        if (slash < 0 || !MODULE.matcher(main.substring(0, slash)).matches()
                || !MODULE.matcher(main.substring(slash + 1)).matches()) {
            throw new IllegalArgumentException(where + "main must be <module>/<fully qualified class>, got `"
                    + main + "`");
        }
        final String roles = fields.get(4);
        final boolean all = roles.equals("*");
        final List<String> list = all || roles.equals("-") ? List.of() : List.of(roles.split(","));
        for (final String role : list) {
            requireName(where, "role", role);
        }
        return new ImageSpec(name, launcher, main.substring(0, slash), main.substring(slash + 1), all, list);
    }

    private static JvmOption option(final String where, final List<String> fields) {
        if (fields.size() != 3) {
            throw new IllegalArgumentException(where + "expected `option <module or *> <JVM option>` (one token), "
                    + "got " + (fields.size() - 1) + " fields");
        }
        final String module = fields.get(1);
        if (!module.equals(JvmOption.ANY_MODULE) && !MODULE.matcher(module).matches()) {
            throw new IllegalArgumentException(where + "`" + module + "` is not a module name or `*`");
        }
        if (!fields.get(2).startsWith("-")) {
            throw new IllegalArgumentException(where + "a JVM option starts with `-`, got `" + fields.get(2) + "`");
        }
        return new JvmOption(module, fields.get(2));
    }

    private static String requireName(final String where, final String what, final String value) {
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(where + what + " `" + value + "` must be lower case letters, digits, "
                    + "'.', '_' or '-'");
        }
        return value;
    }

    /**
     * The images with the given names, in table order.
     *
     * @param names the names wanted; empty for every image
     * @return the images
     * @throws IllegalArgumentException naming the unknown names and the known ones
     */
    public List<ImageSpec> select(final Set<String> names) {
        if (names.isEmpty()) {
            return images;
        }
        final List<String> known = images.stream().map(ImageSpec::name).toList();
        final List<String> unknown = names.stream().filter(name -> !known.contains(name)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown image(s) " + unknown + "; the table has " + known);
        }
        return images.stream().filter(spec -> names.contains(spec.name())).toList();
    }
}
