package io.jrestate.launcher.images;

import java.io.File;
import java.io.IOException;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The server's run-time module path as jlink gets it: every jar (or classes folder) the launcher runs with, where
 * each automatic module is replaced by its copy with a real descriptor from the patched folder.
 *
 * <pre>
 *   image-module-path.txt (one line, ':'-separated)       patched-modules/ (moditect add-module-info)
 *     .../launcher-0.1.0.jar                  explicit  -&gt;  kept
 *     .../agrona-2.4.1.jar                    automatic -&gt;  patched-modules/agrona-2.4.1.jar
 *     .../some-new-lib.jar                    automatic, no patched copy -&gt; error naming the jar
 * </pre>
 *
 * @param entries the module path entries, in the order given
 */
public record ServerModulePath(List<Path> entries) {
    /**
     * Creates a module path.
     *
     * @param entries the entries
     */
    public ServerModulePath {
        entries = List.copyOf(entries);
    }

    /**
     * Reads the module path file and substitutes the patched automatic modules.
     *
     * @param modulePathFile a file holding the class path of the launcher's run-time dependencies, one line
     * @param patchedDir the folder of jars given descriptors at build time
     * @return the module path
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException naming the jar when an automatic module has no patched copy, or an entry
     *     is missing
     */
    public static ServerModulePath load(final Path modulePathFile, final Path patchedDir) throws IOException {
        final String text = Files.readString(modulePathFile).strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException(modulePathFile + ": empty module path");
        }
        final List<Path> entries = new ArrayList<>();
        for (final String entry : text.split(File.pathSeparator)) {
            entries.add(substitute(modulePathFile, Path.of(entry), patchedDir));
        }
        return new ServerModulePath(entries);
    }

    private static Path substitute(final Path source, final Path entry, final Path patchedDir) {
        if (!Files.exists(entry)) {
            throw new IllegalArgumentException(source + ": module path entry " + entry + " does not exist (build "
                    + "the modules first: bin/mvn25 -pl modules/launcher/images -am package)");
        }
        if (!descriptorOf(entry).isAutomatic()) {
            return entry;
        }
        final Path patched = patchedDir.resolve(entry.getFileName());
        if (!Files.isRegularFile(patched) || descriptorOf(patched).isAutomatic()) {
            throw new IllegalArgumentException("automatic module " + descriptorOf(entry).name() + " (" + entry
                    + ") has no descriptor in " + patchedDir + ": jlink refuses automatic modules; add it to the "
                    + "moditect add-module-info configuration in modules/launcher/images/pom.xml");
        }
        return patched;
    }

    private static ModuleDescriptor descriptorOf(final Path entry) {
        try {
            final Set<ModuleReference> found = ModuleFinder.of(entry).findAll();
            if (found.size() != 1) {
                throw new IllegalArgumentException("module path entry " + entry + " holds " + found.size()
                        + " modules, expected one");
            }
            return found.iterator().next().descriptor();
        } catch (final FindException e) {
            throw new IllegalArgumentException("module path entry " + entry + ": " + e.getMessage(), e);
        }
    }

    /**
     * A finder over the entries.
     *
     * @return the finder
     */
    public ModuleFinder finder() {
        return ModuleFinder.of(entries.toArray(Path[]::new));
    }

    /**
     * The entries joined with the platform's path separator, as jlink's {@code --module-path} takes them.
     *
     * @return the joined path
     */
    public String joined() {
        return String.join(File.pathSeparator, entries.stream().map(Path::toString).toList());
    }
}
