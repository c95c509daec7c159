package io.jrestate.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The table of every key the reference server knows, read from the {@code keys.tsv} resource beside this
 * package's parent.
 *
 * <p>The resource is one key per line, tab-separated: {@code path kind status default}. Keeping the table as data
 * keeps the key names and defaults in one reviewable place, in the reference's own order (which is also the
 * order {@code --dump-config} prints).
 */
public final class KeyCatalog {
    private static final String RESOURCE = "/io/jrestate/config/keys.tsv";
    private static final KeyCatalog INSTANCE = load();

    private final Map<String, KeySpec> keys;
    private final List<KeySpec> patterns;
    private final Set<String> sections;

    private KeyCatalog(final Map<String, KeySpec> keys, final List<KeySpec> patterns) {
        this.keys = keys;
        this.patterns = patterns;
        this.sections = new HashSet<>();
        for (final String path : keys.keySet()) {
            addSections(path);
        }
        for (final KeySpec pattern : patterns) {
            addSections(pattern.path());
        }
    }

    private void addSections(final String path) {
        int dot = path.indexOf('.');
        while (dot > 0) {
            sections.add(path.substring(0, dot));
            dot = path.indexOf('.', dot + 1);
        }
    }

    /**
     * The catalog of reference 1.7.12's keys.
     *
     * @return the shared, immutable catalog
     */
    public static KeyCatalog reference() {
        return INSTANCE;
    }

    /**
     * Every exact key, in reference order.
     *
     * @return key path to spec
     */
    public Map<String, KeySpec> keys() {
        return keys;
    }

    /**
     * Looks a key up: an exact key first, then the patterns ({@code tls.*}).
     *
     * @param path a dotted key path
     * @return the spec, empty for an unknown key
     */
    public Optional<KeySpec> lookup(final String path) {
        final KeySpec exact = keys.get(path);
        if (exact != null) {
            return Optional.of(exact);
        }
        for (final KeySpec pattern : patterns) {
            final String prefix = pattern.path().substring(0, pattern.path().length() - 1);
            if (path.startsWith(prefix) && path.length() > prefix.length()) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code path} names a table holding keys, such as {@code worker} or {@code worker.invoker}.
     *
     * @param path a dotted path
     * @return true for a section
     */
    public boolean isSection(final String path) {
        return sections.contains(path);
    }

    /**
     * Every name a user could have meant: key paths, patterns' prefixes and sections.
     *
     * @return the candidate paths for "did you mean" suggestions
     */
    public List<String> candidates() {
        final List<String> all = new ArrayList<>(keys.keySet());
        all.addAll(sections);
        return all;
    }

    private static KeyCatalog load() {
        try (InputStream in = KeyCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            final Map<String, KeySpec> keys = new LinkedHashMap<>();
            final List<KeySpec> patterns = new ArrayList<>();
            final TomlMapper toml = new TomlMapper();
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                final KeySpec spec = parseLine(toml, line, lineNumber);
                if (spec.isPattern()) {
                    patterns.add(spec);
                } else {
                    keys.put(spec.path(), spec);
                }
            }
            return new KeyCatalog(Collections.unmodifiableMap(keys), List.copyOf(patterns));
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static KeySpec parseLine(final TomlMapper toml, final String line, final int lineNumber)
            throws IOException {
        final String[] columns = line.split("\t", -1);
        if (columns.length != 4) {
            throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": expected 4 tab-separated columns");
        }
        final String kindText = columns[1];
        final KeySpec.Kind kind;
        List<String> enumValues = List.of();
        if (kindText.equals("-")) {
            kind = KeySpec.Kind.UNCHECKED;
        } else if (kindText.startsWith("enum:")) {
            kind = KeySpec.Kind.ENUM;
            enumValues = Arrays.asList(kindText.substring("enum:".length()).split("\\|"));
        } else {
            kind = KeySpec.Kind.valueOf(kindText.toUpperCase(Locale.ROOT));
        }
        final KeySpec.Status status = switch (columns[2]) {
            case "impl" -> KeySpec.Status.IMPLEMENTED;
            case "node" -> KeySpec.Status.NODE;
            case "known" -> KeySpec.Status.KNOWN;
            default -> throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": bad status " + columns[2]);
        };
        final JsonNode defaultValue = columns[3].equals("-") ? null : toml.readTree("v = " + columns[3]).get("v");
        return new KeySpec(columns[0], kind, List.copyOf(enumValues), status, defaultValue);
    }
}
